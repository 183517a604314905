"""Ingestion tasks: the periodic scheduler of due sources and the fetch of one source."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from resonance.ingest.fetch import fetch_source as run_fetch
from resonance.ingest.pipeline import IngestContext
from resonance.sources.http import HttpClient
from resonance.sources.services import claim_due_sources
from resonance.storage.base import utcnow
from resonance.tasks.api import TaskContext, enqueue
from resonance.tasks.registry import task
from resonance.tasks.schedule import periodic

log = logging.getLogger(__name__)
FETCH_TASK = "ingest.fetch_source"
SCHEDULE_TASK = "ingest.schedule_due_sources"
QUEUE = "ingest"

# Caches of a worker thread: the reprint index and percolator are warm between batches.
_local = threading.local()


def worker_context(ctx: TaskContext) -> IngestContext:
    """This thread's IngestContext (built once from the worker's settings)."""
    context: IngestContext | None = getattr(_local, "context", None)
    if context is None:
        context = IngestContext.from_settings(ctx.settings)
        _local.context = context
    return context


def worker_http(ctx: TaskContext) -> HttpClient:
    """This thread's HTTP client (politeness state is kept per client)."""
    client: HttpClient | None = getattr(_local, "http", None)
    if client is None:
        client = HttpClient(base_url=ctx.settings.base_url)
        _local.http = client
    return client


@task(name=FETCH_TASK, queue=QUEUE, max_attempts=1)
def fetch_source(ctx: TaskContext, source_id: int) -> None:
    """Fetch one source; it plans its own next run, so a failure is not retried by the queue."""
    report = run_fetch(
        ctx.db, source_id=source_id, context=worker_context(ctx), http=worker_http(ctx)
    )
    log.info(
        "Fetched source %s: %d pages, %d items (%d new), ok=%s%s",
        source_id,
        report.pages,
        report.totals.received,
        report.totals.new,
        report.ok,
        f", error: {report.error}" if report.error else "",
    )


@periodic(every=timedelta(minutes=1), name=SCHEDULE_TASK, queue=QUEUE)
def schedule_due_sources(ctx: TaskContext) -> None:
    """Enqueue a fetch of every due source, once per source and planned slot."""
    with ctx.session() as session:
        due = claim_due_sources(session, now=utcnow())
    for entry in due:
        enqueue(ctx.backend, FETCH_TASK, unique_key=entry.unique_key, source_id=entry.source_id)
