"""Writes on alerts: grouping occurrences, notifying subscribers, acknowledging, KPI changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from resonance.alerts.baseline import Occurrence
from resonance.alerts.models import (
    Alert,
    AlertKind,
    AlertNotification,
    AlertStatus,
    AlertSubscription,
    Channel,
    Severity,
)
from resonance.alerts.queries import (
    access_alert_for,
    matching_subscriptions,
    open_alert,
    stale_alerts,
)
from resonance.audit.services import record, snapshot
from resonance.errors import Conflict, Invalid, NotFound
from resonance.monitoring.models import Project
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit, User
from resonance.organization.queries import load_actor
from resonance.storage.base import utcnow

SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}
KPI_RANK = {"on_track": 0, "at_risk": 1, "off_track": 2}
MAX_NOTE = 2000


@dataclass(frozen=True)
class Throttle:
    """Grouping and quiet period: one alert per group within `group_window`; renotify after."""

    quiet: timedelta = timedelta(hours=6)
    group_window: timedelta = timedelta(hours=24)


@dataclass
class Outcome:
    """What `raise_alert` did: the alert, whether it is new, the notifications it queued."""

    alert: Alert
    created: bool
    notifications: list[int] = field(default_factory=list)


def group_key(occurrence: Occurrence) -> str:
    project = occurrence.project_id if occurrence.project_id is not None else "-"
    return f"{occurrence.unit_id}:{project}:{occurrence.kind.value}:{occurrence.subject}"


def _new_alert(session: Session, occurrence: Occurrence, key: str) -> Alert | None:
    alert = Alert(
        kind=occurrence.kind,
        status=AlertStatus.OPEN,
        severity=occurrence.severity,
        unit_id=occurrence.unit_id,
        project_id=occurrence.project_id,
        subject=occurrence.subject,
        open_key=key,
        first_seen_at=occurrence.at,
        last_seen_at=occurrence.at,
        occurrences=1,
        explanation=occurrence.explanation,
    )
    try:
        with session.begin_nested():
            session.add(alert)
            session.flush()
    except IntegrityError:
        return None  # another detector opened this group a moment ago
    return alert


def close_alert(alert: Alert, now: datetime) -> None:
    alert.open_key = None
    alert.status = AlertStatus.CLOSED
    alert.closed_at = now


def raise_alert(
    session: Session,
    occurrence: Occurrence,
    *,
    throttle: Throttle = Throttle(),
    now: datetime | None = None,
) -> Outcome:
    """Add an occurrence to its group's open alert (or open one) and notify when due.

    Idempotent per window: an occurrence no later than the alert's last one is not counted
    again, so a detector re-run after a crash changes nothing.
    """
    now = now or utcnow()
    key = group_key(occurrence)
    alert = open_alert(session, key)
    if alert is not None and alert.last_seen_at < occurrence.at - throttle.group_window:
        close_alert(alert, now)
        session.flush()
        alert = None
    if alert is None:
        alert = _new_alert(session, occurrence, key)
        if alert is not None:
            return Outcome(alert, True, notify(session, alert, now=now))
        alert = open_alert(session, key)
        if alert is None:  # pragma: no cover - closed again in between
            raise Conflict("The alert group changed while it was being updated; try again.")
    if occurrence.at <= alert.last_seen_at:
        return Outcome(alert, False)
    escalated = SEVERITY_RANK[occurrence.severity] > SEVERITY_RANK[alert.severity]
    alert.occurrences += 1
    alert.last_seen_at = occurrence.at
    alert.explanation = occurrence.explanation
    if escalated:
        alert.severity = occurrence.severity
    quiet_over = alert.notified_at is None or now - alert.notified_at >= throttle.quiet
    due = alert.status is AlertStatus.OPEN and (quiet_over or escalated)
    return Outcome(alert, False, notify(session, alert, now=now) if due else [])


def _targets(sub: AlertSubscription) -> list[tuple[Channel, str]]:
    out = []
    for name in sub.channels:
        channel = Channel(name)
        target = {
            Channel.WEBHOOK: sub.webhook_url or "",
            Channel.TELEGRAM: sub.telegram_chat_id or "",
        }.get(channel, "")
        out.append((channel, target))
    return out


def notify(session: Session, alert: Alert, *, now: datetime) -> list[int]:
    """Queue one notification per subscriber and channel; only people who may see the alert."""
    unit = session.get(Unit, alert.unit_id)
    if unit is None:
        return []
    seen: set[tuple[int, Channel, str]] = set()
    made: list[AlertNotification] = []
    actors: dict[int, bool] = {}
    for sub in matching_subscriptions(session, alert):
        if sub.user_id not in actors:
            user = session.get(User, sub.user_id)
            visible = user is not None and user.is_active
            actors[sub.user_id] = visible and load_actor(session, user).can(  # type: ignore[arg-type]
                Permission.VIEW, unit.path
            )
        if not actors[sub.user_id]:
            continue
        for channel, target in _targets(sub):
            if (sub.user_id, channel, target) in seen:
                continue
            seen.add((sub.user_id, channel, target))
            inapp = channel is Channel.INAPP
            made.append(
                AlertNotification(
                    alert_id=alert.id,
                    user_id=sub.user_id,
                    subscription_id=sub.id,
                    channel=channel,
                    status="sent" if inapp else "pending",
                    sent_at=now if inapp else None,
                    occurrence=alert.occurrences,
                    created_at=now,
                )
            )
    session.add_all(made)
    alert.notified_at = now
    session.flush()
    return [n.id for n in made if n.channel is not Channel.INAPP]


def close_stale_alerts(
    session: Session, *, throttle: Throttle = Throttle(), now: datetime | None = None
) -> int:
    """Close groups with no occurrence within the grouping window; returns how many."""
    now = now or utcnow()
    stale = stale_alerts(session, now - throttle.group_window)
    for alert in stale:
        close_alert(alert, now)
    session.flush()
    return len(stale)


def acknowledge_alert(session: Session, actor: Actor, alert_id: int, *, note: str = "") -> Alert:
    """Record who acknowledged the alert, when, and their note (audited); needs ANALYSE."""
    alert = access_alert_for(session, actor, alert_id, Permission.ANALYSE)
    if alert.acknowledged_at is not None:
        raise Conflict("This alert was already acknowledged.", field="note")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise Invalid(f"A note has at most {MAX_NOTE} characters.", field="note")
    before = snapshot(alert)
    alert.acknowledged_at = utcnow()
    alert.acknowledged_by_id = actor.user_id
    alert.acknowledgement_note = note
    if alert.status is AlertStatus.OPEN:
        alert.status = AlertStatus.ACKNOWLEDGED
    session.flush()
    record(
        session,
        actor=actor,
        action="acknowledge",
        entity_type="alert",
        entity_id=alert.id,
        unit_id=alert.unit_id,
        before=_audit_view(before),
        after=_audit_view(snapshot(alert)),
    )
    mark_read(session, actor, alert_id=alert.id)
    return alert


def _audit_view(values: dict[str, Any]) -> dict[str, Any]:
    keep = ("status", "acknowledged_at", "acknowledged_by_id", "acknowledgement_note")
    return {k: values[k] for k in keep}


def mark_read(session: Session, actor: Actor, *, alert_id: int | None = None) -> int:
    """Mark the actor's in-app notifications read (of one alert, or all); returns how many."""
    if actor.user_id is None:
        return 0
    stmt = update(AlertNotification).where(
        AlertNotification.user_id == actor.user_id,
        AlertNotification.channel == Channel.INAPP,
        AlertNotification.read_at.is_(None),
    )
    if alert_id is not None:
        stmt = stmt.where(AlertNotification.alert_id == alert_id)
    result = session.execute(
        stmt.values(read_at=utcnow()), execution_options={"synchronize_session": False}
    )
    return int(getattr(result, "rowcount", 0) or 0)


def record_kpi_status_change(
    session: Session,
    *,
    kpi_id: int,
    project_id: int,
    old: str | None,
    new: str,
    explanation: str | Mapping[str, Any],
    at: datetime | None = None,
    throttle: Throttle = Throttle(),
) -> Alert | None:
    """The KPI engine's entry point: a KPI's status changed from `old` to `new`.

    A turn for the worse (on_track → at_risk → off_track) raises or escalates the KPI's alert
    (off_track is critical); a recovery to on_track closes it. Returns the alert touched.
    """
    if new not in KPI_RANK or (old is not None and old not in KPI_RANK):
        raise Invalid(f"Unknown KPI status {new if new not in KPI_RANK else old!r}.")
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"There is no project with id {project_id}.")
    at = at or utcnow()
    details = {"text": explanation} if isinstance(explanation, str) else dict(explanation)
    occurrence = Occurrence(
        kind=AlertKind.KPI_STATUS,
        severity=Severity.CRITICAL if new == "off_track" else Severity.WARNING,
        unit_id=project.owner_unit_id,
        project_id=project.id,
        subject=f"kpi:{kpi_id}",
        at=at,
        explanation={"rule": "kpi_status", "kpi_id": kpi_id, "old": old, "new": new, **details},
    )
    if KPI_RANK[new] > KPI_RANK.get(old or "on_track", 0):
        return raise_alert(session, occurrence, throttle=throttle, now=at).alert
    alert = open_alert(session, group_key(occurrence))
    if alert is not None:
        alert.explanation = {
            **alert.explanation,
            "recovered_to": new,
            "recovered_at": at.isoformat(),
        }
        if new == "on_track":
            close_alert(alert, at)
        session.flush()
    return alert
