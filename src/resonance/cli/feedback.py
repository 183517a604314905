"""`resonance feedback ...`: import files into a form, purge old messages, re-encrypt contacts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from resonance.cli.common import database, fail, reports_errors, settings
from resonance.feedback.imports import import_feedback, import_limits, parse_column_map
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import FeedbackForm
from resonance.feedback.privacy import purge_expired_items, rekey_contacts
from resonance.organization.access import Actor
from resonance.storage.engine import session_scope

feedback_app = typer.Typer(help="Feedback: imports, retention, contact keys.", no_args_is_help=True)
OPERATOR = Actor.system("cli")


@feedback_app.command("import")
@reports_errors
def import_(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    form: Annotated[str, typer.Option("--form", help="Slug of the form to import into.")],
    columns: Annotated[
        str, typer.Option("--map", help="Column map for CSV/XLSX: text=Message,region=Area,...")
    ] = "",
) -> None:
    """Import a mailbox (.mbox, .eml, .zip of .eml), CSV or XLSX file into a form."""
    config = settings()
    with session_scope(database(config).sessions) as session:
        form_id = session.scalar(select(FeedbackForm.id).where(FeedbackForm.slug == form))
        if form_id is None:
            fail(f"There is no feedback form with the slug {form!r}.")
        run = import_feedback(
            session,
            OPERATOR,
            form_id,
            filename=file.name,
            data=file.read_bytes(),
            keys=IntakeKeys.from_settings(config),
            columns=parse_column_map(columns) or None,
            limits=import_limits(config),
        )
        typer.echo(
            f"Import {run.id} of {run.filename} ({run.kind}): {run.rows_total} read, "
            f"{run.rows_imported} imported, {run.rows_duplicate} already there, "
            f"{len(run.errors)} with errors."
        )
        for error in run.errors:
            typer.echo(
                f"  row {error['row'] if error['row'] is not None else '…'}: {error['error']}"
            )


@feedback_app.command("purge")
@reports_errors
def purge() -> None:
    """Delete messages past their form's retention now (the hourly job does the same)."""
    with session_scope(database().sessions) as session:
        result = purge_expired_items(session)
    typer.echo(f"Deleted {result.items} messages and {result.contacts} contact records.")


@feedback_app.command("rekey")
@reports_errors
def rekey() -> None:
    """Re-encrypt contact details sealed with an older key under the current contact key."""
    config = settings()
    with session_scope(database(config).sessions) as session:
        changed = rekey_contacts(session, keys=IntakeKeys.from_settings(config), actor=OPERATOR)
    typer.echo(f"Re-encrypted {changed} contact records with the current key.")
