"""The `resonance` command: one Typer app with a sub-app per area."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from resonance.cli import admin as admin_cli
from resonance.cli import feedback as feedback_cli
from resonance.cli import ingest as ingest_cli
from resonance.cli import kpi as kpi_cli
from resonance.cli import text as text_cli
from resonance.cli.common import database, reports_errors, settings
from resonance.cli.worker import tasks_app, worker
from resonance.config import Settings
from resonance.storage.backup import backup_sqlite, restore_sqlite
from resonance.storage.engine import session_scope
from resonance.storage.schema import current_revision, head_revision, upgrade_to_head
from resonance.tasks.embedded import EmbeddedWorker, start_embedded_worker

app = typer.Typer(
    name="resonance",
    help="Resonance: communication operations for public institutions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(text_cli.app, name="text")
app.add_typer(admin_cli.user_app, name="user")
app.add_typer(admin_cli.token_app, name="token")
app.add_typer(ingest_cli.ingest_app, name="ingest")
app.add_typer(tasks_app, name="tasks")
app.add_typer(kpi_cli.kpi_app, name="kpi")
app.add_typer(feedback_cli.feedback_app, name="feedback")
app.command("worker")(worker)


@app.command()
@reports_errors
def migrate() -> None:
    """Upgrade the database schema to the version this code needs."""
    config = settings()
    db = database(config)
    before = current_revision(db.engine)
    upgrade_to_head(db.engine)
    after = current_revision(db.engine)
    if before == after:
        typer.echo(f"The schema is up to date ({after}).")
    else:
        typer.echo(f"Schema upgraded from {before or 'empty'} to {after}.")


@app.command()
@reports_errors
def init() -> None:
    """Create the data folder and the database, and apply all migrations."""
    config = settings()
    config.var_dir.mkdir(parents=True, exist_ok=True)
    config.resolved_secret_key  # noqa: B018 - creates the key file on first run
    migrate()
    typer.echo(f"Database ready: {_safe_url(config)}")


def _safe_url(config: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(config.resolved_database_url).render_as_string(hide_password=True)


def _start_embedded_worker(config: Settings) -> EmbeddedWorker | None:
    if not (config.embedded_worker and config.task_backend == "embedded"):
        return None
    return start_embedded_worker(config, database(config))


@app.command()
@reports_errors
def serve(
    host: str | None = typer.Option(None, help="Address to listen on."),
    port: int | None = typer.Option(None, help="Port to listen on."),
) -> None:
    """Run the web app (and the embedded job worker on the one-box setup)."""
    import uvicorn

    from resonance.web.app import create_app

    config = settings()
    web_app = create_app(config)
    worker = _start_embedded_worker(config)
    try:
        uvicorn.run(
            web_app,
            host=host or config.host,
            port=port or config.port,
            proxy_headers=True,
            log_level="info",
        )
    finally:
        if worker is not None:
            worker.stop(30.0)


def _load_demo_listening(config: Settings) -> None:
    """The corpus through the real pipeline, then demo KPIs and the alerts it would raise."""
    from resonance.demo.alerts import load_demo_alerts
    from resonance.demo.kpis import load_demo_kpis
    from resonance.demo.listening import load_demo_listening
    from resonance.ingest import IngestContext

    db = database(config)
    context = IngestContext.from_settings(config)
    typer.echo(load_demo_listening(db, var_dir=config.var_dir, context=context).line())
    with session_scope(db.sessions) as session:
        typer.echo(f"Demo KPIs created: {load_demo_kpis(session)}")
    with session_scope(db.sessions) as session:
        typer.echo(f"Demo alerts: {load_demo_alerts(session)}")


def _load_demo_feedback(config: Settings) -> None:
    """A feedback form with routed and answered messages, and a consultation on a draft."""
    from resonance.demo.feedback import load_demo_feedback, queue_analysis
    from resonance.feedback.analysis_jobs import embedder_for
    from resonance.feedback.intake import IntakeKeys
    from resonance.tasks.api import get_backend

    db = database(config)
    with session_scope(db.sessions) as session:
        summary = load_demo_feedback(
            session, keys=IntakeKeys.from_settings(config), embed=embedder_for(config)
        )
    typer.echo(summary.line())
    with session_scope(db.sessions) as session:
        queue_analysis(session, get_backend(config, db))


@app.command()
@reports_errors
def demo(
    serve_after: bool = typer.Option(
        True, "--serve/--no-serve", help="Start the web app after loading."
    ),
    listening: bool = typer.Option(
        True, "--listening/--no-listening", help="Also ingest the bundled listening corpus."
    ),
    feedback: bool = typer.Option(
        True, "--feedback/--no-feedback", help="Also load demo feedback and a consultation."
    ),
) -> None:
    """Create the database, load the demo organisation, listening corpus and feedback; serve."""
    from resonance.demo.organization import load_demo_organization

    init()
    config = settings()
    db = database(config)
    with session_scope(db.sessions) as session:
        credentials = load_demo_organization(session, var_dir=config.var_dir)
    if listening:
        _load_demo_listening(config)
    if feedback:
        _load_demo_feedback(config)
    typer.echo("")
    typer.secho("Demo organisation loaded. DEMO ACCOUNTS — not for real use:", bold=True)
    for cred in credentials:
        typer.echo(f"  {cred.role:<20} {cred.email:<34} password: {cred.password}")
    typer.echo(f"\nOpen {config.base_url}/ and sign in, e.g. as {credentials[0].email}.")
    if serve_after:
        serve(host=None, port=None)


@app.command()
@reports_errors
def backup(
    target: Path | None = typer.Argument(None, help="Backup file (default: var/backups/...)."),
) -> None:
    """Take an online backup of the SQLite database (PostgreSQL: use pg_dump)."""
    config = settings()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = target or config.var_dir / "backups" / f"resonance-{stamp}.db"
    backup_sqlite(config.resolved_database_url, target)
    typer.echo(f"Backup written to {target}")


@app.command()
@reports_errors
def restore(
    source: Path = typer.Argument(..., help="Backup file made by `resonance backup`."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Replace the SQLite database with a backup (stop the app first)."""
    config = settings()
    if not yes:
        typer.confirm(f"Replace {_safe_url(config)} with {source}?", abort=True)
    kept = restore_sqlite(config.resolved_database_url, source)
    typer.echo(f"Restored from {source}; the previous database is kept at {kept}.")
    db = database(config)
    if current_revision(db.engine) != head_revision():
        typer.echo("The restored schema is older than this code: run `resonance migrate`.")


if __name__ == "__main__":  # pragma: no cover
    app()
