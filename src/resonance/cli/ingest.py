"""`resonance ingest ...`: sources with their health, fetch now, dead letters and replay."""

from __future__ import annotations

from typing import Annotated

import typer

from resonance.cli.common import database, fail, reports_errors, settings
from resonance.ingest import IngestContext, list_dead_letters, replay_dead_letters
from resonance.ingest.fetch import fetch_source
from resonance.organization.access import Actor
from resonance.sources.health import source_health
from resonance.sources.http import HttpClient
from resonance.sources.queries import list_sources
from resonance.storage.base import utcnow
from resonance.storage.engine import session_scope

ingest_app = typer.Typer(
    help="Sources and ingestion: health, fetch, dead letters.", no_args_is_help=True
)
OPERATOR = Actor.system("cli")


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    hours = seconds / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} d"


@ingest_app.command("sources")
@reports_errors
def sources() -> None:
    """List sources with their health (status, error rate, items today vs. baseline)."""
    db, now = database(), utcnow()
    with session_scope(db.sessions) as session:
        rows = list_sources(session, OPERATOR)
        typer.echo(
            f"{'id':>5}  {'status':<9} {'errors':>6} {'24h':>6} {'median':>7}  {'last ok':>8}  name"
        )
        for source in rows:
            h = source_health(session, source.id, now)
            rate = "-" if h.error_rate is None else f"{h.error_rate:.0%}"
            base = "-" if h.baseline_per_day is None else f"{h.baseline_per_day:g}"
            since = (now - h.last_success_at).total_seconds() if h.last_success_at else None
            typer.echo(
                f"{source.id:>5}  {h.status:<9} {rate:>6} {h.items_last_day:>6} "
                f"{base:>7}  {_age(since):>8}  {source.name} ({source.connector})"
            )
            if h.status in ("failing", "disabled") and h.last_error:
                typer.echo(f"{'':>7}{h.last_error[:160]}")


@ingest_app.command("fetch")
@reports_errors
def fetch(source_id: int) -> None:
    """Fetch one source now, synchronously, and ingest what it delivers."""
    config = settings()
    db = database(config)
    with HttpClient(base_url=config.base_url) as http:
        report = fetch_source(
            db, source_id=source_id, context=IngestContext.from_settings(config), http=http
        )
    if report.skipped:
        fail(f"source {source_id} was not fetched: {report.skipped}")
    totals = report.totals
    typer.echo(
        f"{report.pages} page(s), {totals.received} item(s): {totals.new} new, "
        f"{totals.updated} updated, {totals.unchanged} unchanged, "
        f"{totals.mentions} mention(s), {totals.dead_letters} dead letter(s)"
    )
    if not report.ok:
        fail(f"the fetch failed{' for good' if report.permanent else ''}: {report.error}")
    typer.echo(f"next run at {report.next_run_at:%Y-%m-%d %H:%M:%S} UTC")


@ingest_app.command("dead-letters")
@reports_errors
def dead_letters(
    source: Annotated[int | None, typer.Option(help="Only this source.")] = None,
    replayed: Annotated[bool, typer.Option(help="Include replayed letters.")] = False,
    limit: int = 100,
) -> None:
    """List dead letters, newest first."""
    db = database()
    with session_scope(db.sessions) as session:
        letters = list_dead_letters(
            session, source_id=source, include_replayed=replayed, limit=limit
        )
        for letter in letters:
            ext = (letter.payload or {}).get("external_id") or (letter.payload or {}).get(
                "position", ""
            )
            typer.echo(
                f"{letter.id:>6}  {letter.created_at:%Y-%m-%d %H:%M}  "
                f"{letter.stage:<9} source {letter.source_id}  {str(ext)[:60]}"
            )
            typer.echo(f"{'':>8}{letter.reason[:200]}")
        if not letters:
            typer.echo("No dead letters.")


@ingest_app.command("replay")
@reports_errors
def replay(
    ids: Annotated[list[int] | None, typer.Argument(help="Dead letter ids.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Replay every letter not replayed.")] = False,
) -> None:
    """Re-run dead letters through the pipeline."""
    if not ids and not all_:
        fail("give dead letter ids or --all", code=2)
    config = settings()
    db = database(config)
    with session_scope(db.sessions) as session:
        report = replay_dead_letters(
            session, context=IngestContext.from_settings(config), ids=None if all_ else ids
        )
    typer.echo(
        f"{len(report.replayed)} replayed, {len(report.failed_again)} failed again, "
        f"{len(report.not_replayable)} not replayable"
    )
    for letter_id, why in report.not_replayable.items():
        typer.echo(f"{letter_id:>6}  {why}")
