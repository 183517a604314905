"""Alert tasks: hourly detection, the minute outbox sweep, and one delivery per notification."""

from __future__ import annotations

import logging
from datetime import timedelta

from resonance.alerts.baseline import DetectionConfig
from resonance.alerts.delivery import TransportError, send
from resonance.alerts.outbox import prepare_delivery, record_delivery
from resonance.alerts.queries import pending_notification_ids
from resonance.alerts.runs import run_detection
from resonance.alerts.services import Throttle
from resonance.config import Settings
from resonance.storage.base import utcnow
from resonance.tasks.api import TaskContext
from resonance.tasks.registry import task
from resonance.tasks.schedule import periodic

log = logging.getLogger(__name__)
DELIVERY_ATTEMPTS = 5


def detection_config(settings: Settings) -> DetectionConfig:
    return DetectionConfig(
        window_hours=settings.alerts_window_hours,
        baseline_weeks=settings.alerts_baseline_weeks,
    )


def throttle_of(settings: Settings) -> Throttle:
    return Throttle(
        quiet=timedelta(minutes=settings.alerts_quiet_minutes),
        group_window=timedelta(hours=settings.alerts_group_hours),
    )


@task(name="alerts.deliver", max_attempts=DELIVERY_ATTEMPTS, retry_backoff=30.0)
def deliver(ctx: TaskContext, notification_id: int) -> None:
    """Send one notification; a transient failure raises so the queue retries with backoff."""
    with ctx.session() as session:
        delivery = prepare_delivery(session, notification_id, base_url=ctx.settings.base_url)
    if delivery is None:
        return  # already sent (a re-run) or failed for good
    try:
        send(ctx.settings, delivery.target, delivery.message)
    except TransportError as error:
        final = error.permanent or ctx.attempt >= DELIVERY_ATTEMPTS
        with ctx.session() as session:
            record_delivery(session, notification_id, error=str(error), final=final)
        if final:
            log.warning("Alert notification %d failed for good: %s", notification_id, error)
            return
        raise
    with ctx.session() as session:
        record_delivery(session, notification_id)


def enqueue_pending(ctx: TaskContext) -> int:
    """Queue a delivery task for each pending notification (unique per notification)."""
    with ctx.session() as session:
        ids = pending_notification_ids(session)
    for notification_id in ids:
        deliver.enqueue(
            ctx.backend,
            unique_key=f"alert-notification-{notification_id}",
            notification_id=notification_id,
        )
    return len(ids)


@periodic(every=timedelta(minutes=1), name="alerts.dispatch", queue="default")
def dispatch(ctx: TaskContext) -> None:
    """The outbox sweep: notifications written by any service reach their channels."""
    enqueue_pending(ctx)


@periodic(every=timedelta(hours=1), name="alerts.detect", queue="default")
def detect(ctx: TaskContext) -> None:
    """Detect over the last complete hours; idempotent per window (re-runs count nothing twice)."""
    with ctx.session() as session:
        report = run_detection(
            session,
            now=utcnow(),
            config=detection_config(ctx.settings),
            throttle=throttle_of(ctx.settings),
        )
    log.info(
        "Alerts: %d occurrences, %d new alerts, %d closed.",
        report.occurrences,
        report.created,
        report.closed,
    )
    enqueue_pending(ctx)
