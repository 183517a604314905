"""Pushed items: a signed webhook delivery verified and ingested, and fetches on demand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from resonance.errors import Conflict, NotFound
from resonance.ingest.jobs import FETCH_TASK
from resonance.ingest.pipeline import BatchReport, IngestContext, ingest_batch
from resonance.organization.access import Actor, Permission
from resonance.sources.builtin.webhook import WebhookConfig, WebhookConnector
from resonance.sources.models import Source, SourceRun
from resonance.sources.queries import access_source_for
from resonance.tasks.api import enqueue
from resonance.tasks.backend import Backend

WEBHOOK = "webhook"


@dataclass(frozen=True)
class Delivery:
    """What one webhook call stored."""

    source_id: int
    run_id: int
    report: BatchReport


def receive_webhook(
    session: Session,
    *,
    source_id: int,
    body: bytes,
    headers: Mapping[str, str],
    context: IngestContext,
    now: float | None = None,
) -> Delivery:
    """Verify a delivery's signature with the source's secrets, then ingest its items.

    Unknown and non-webhook sources are NotFound, a disabled one is a Conflict; a bad signature
    or a replay raises Unauthenticated and a bad body Invalid, and nothing is written. A good
    delivery is recorded as a successful run, so the source's health counts it.
    """
    source = session.get(Source, source_id)
    if source is None or source.connector != WEBHOOK:
        raise NotFound(f"There is no webhook source with id {source_id}.")
    if not source.enabled:
        raise Conflict(f"The source {source.name!r} is disabled; it accepts no deliveries.")
    connector = WebhookConnector(WebhookConfig.model_validate(source.config))
    items = connector.receive(body, headers, now=now)
    started = context.clock()
    report = ingest_batch(session, source=source, items=items, context=context)
    finished = context.clock()
    run = SourceRun(
        source_id=source.id,
        started_at=started,
        finished_at=finished,
        ok=True,
        items_fetched=report.received,
        items_new=report.new,
    )
    session.add(run)
    source.last_run_at = source.last_success_at = finished
    source.consecutive_failures = 0
    session.flush()
    return Delivery(source.id, run.id, report)


@dataclass(frozen=True)
class FetchRequest:
    """A fetch queued on demand: the task id, and False when one was already waiting."""

    source_id: int
    task_id: str


def request_fetch(
    session: Session, actor: Actor, source_id: int, *, backend: Backend, now: datetime
) -> FetchRequest:
    """Queue a fetch of a source now (once per source and minute, however often asked)."""
    source = access_source_for(session, actor, source_id, Permission.MANAGE_PROJECTS)
    if not source.enabled:
        raise Conflict(f"The source {source.name!r} is disabled; enable it to fetch it.")
    if source.connector == WEBHOOK:
        raise Conflict("A webhook source receives its items; there is nothing to fetch.")
    key = f"fetch-now:{source.id}:{now:%Y%m%dT%H%M}"
    task_id = enqueue(backend, FETCH_TASK, unique_key=key, source_id=source.id)
    return FetchRequest(source.id, task_id)
