"""One fetch of a source: connector from the saved cursor, batch + cursor committed together."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from resonance.errors import ConnectorError, Invalid
from resonance.ingest.pipeline import BatchReport, IngestContext, ingest_batch
from resonance.sources.base import FetchBatch
from resonance.sources.http import HttpClient
from resonance.sources.models import Source, SourceRun
from resonance.sources.registry import ConnectorRegistry, default_registry
from resonance.sources.services import plan_next_run
from resonance.storage.engine import session_scope
from resonance.storage.runtime import Database

log = logging.getLogger(__name__)
# Pages one run may fetch; the rest waits for the next run (which comes soon, see plan_next_run).
PAGE_BUDGET = 20
MAX_ERROR = 2_000


@dataclass
class FetchReport:
    """How one fetch went."""

    source_id: int
    run_id: int | None = None
    ok: bool = False
    skipped: str | None = None
    pages: int = 0
    more_pending: bool = False
    error: str | None = None
    permanent: bool = False
    next_run_at: datetime | None = None
    totals: BatchReport = field(default_factory=BatchReport)


def fetch_source(
    db: Database,
    *,
    source_id: int,
    context: IngestContext,
    http: HttpClient,
    registry: ConnectorRegistry | None = None,
    page_budget: int = PAGE_BUDGET,
) -> FetchReport:
    """Fetch a source now; each batch and the cursor after it commit in one transaction.

    A crash mid-run loses at most the batch in progress, and its cursor with it, so the next run
    resumes exactly after the last stored batch. Connector errors are recorded on the source
    (backoff, Retry-After, disabled on permanent errors) and not raised; other errors are recorded
    and raised.
    """
    report = FetchReport(source_id)
    with session_scope(db.sessions) as session:
        source = session.get(Source, source_id)
        if source is None or not source.enabled:
            report.skipped = "unknown source" if source is None else "source disabled"
            return report
        run = SourceRun(source_id=source_id, started_at=context.clock())
        session.add(run)
        session.flush()
        report.run_id = run.id
        connector_name, config, cursor = source.connector, dict(source.config), source.cursor
    try:
        connector = (registry or default_registry()).build(connector_name, config, http)
        batches = connector.fetch(dict(cursor) if cursor is not None else None)
        for batch in batches:
            _store_batch(db, source_id, batch, context, report)
            report.pages += 1
            if report.pages >= page_budget and batch.has_more:
                report.more_pending = True
                break
    except (ConnectorError, Invalid) as exc:
        permanent = isinstance(exc, Invalid) or exc.permanent
        _finish(db, report, context, error=exc.detail, permanent=permanent,
                retry_after=exc.extra.get("retry_after"))  # fmt: skip
        return report
    except Exception as exc:
        _finish(db, report, context, error=f"{type(exc).__name__}: {exc}")
        raise
    _finish(db, report, context)
    return report


def _store_batch(
    db: Database, source_id: int, batch: FetchBatch, context: IngestContext, report: FetchReport
) -> None:
    with session_scope(db.sessions) as session:
        source = session.get(Source, source_id)
        if source is None:
            raise ConnectorError("the source was deleted during its fetch", permanent=True)
        result = ingest_batch(
            session, source=source, items=batch.items, context=context, errors=batch.errors
        )
        source.cursor = dict(batch.cursor)
    report.totals.add(result)


def _finish(
    db: Database,
    report: FetchReport,
    context: IngestContext,
    *,
    error: str | None = None,
    permanent: bool = False,
    retry_after: object = None,
) -> None:
    now = context.clock()
    with session_scope(db.sessions) as session:
        source = session.get(Source, report.source_id)
        run = session.get(SourceRun, report.run_id) if report.run_id else None
        if source is None:
            return
        _record(source, run, report, now=now, error=error, permanent=permanent,
                retry_after=retry_after if isinstance(retry_after, int) else None)  # fmt: skip


def _record(
    source: Source,
    run: SourceRun | None,
    report: FetchReport,
    *,
    now: datetime,
    error: str | None,
    permanent: bool,
    retry_after: int | None,
) -> None:
    source.last_run_at = now
    report.ok, report.error, report.permanent = error is None, error, permanent
    if error is None:
        source.last_success_at, source.consecutive_failures = now, 0
        source.next_run_at = plan_next_run(source, now=now, more_pending=report.more_pending)
    else:
        source.consecutive_failures = (source.consecutive_failures or 0) + 1
        source.last_error, source.last_error_at = error[:MAX_ERROR], now
        if permanent:
            source.enabled, source.next_run_at = False, None
            source.last_error = f"Disabled after a permanent error: {error}"[:MAX_ERROR]
            log.warning("Source %s disabled: %s", source.id, error)
        else:
            source.next_run_at = plan_next_run(
                source, now=now, failed=True, retry_after=retry_after
            )
    report.next_run_at = source.next_run_at
    if run is not None:
        run.finished_at, run.ok, run.error = now, error is None, error
        run.items_fetched = report.totals.received
        run.items_new = report.totals.new
