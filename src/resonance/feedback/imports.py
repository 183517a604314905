"""Staff imports into a form from a mailbox, CSV or XLSX: per-row errors, re-imports add nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.config import Settings
from resonance.errors import Invalid, NotFound
from resonance.feedback._import_mail import mail_kind, read_mail
from resonance.feedback._import_rows import ImportLimits, ImportRow, check_size, clamp_received
from resonance.feedback._import_table import (
    FIELDS,
    guess_columns,
    parse_column_map,
    read_table,
    table_rows,
)
from resonance.feedback.intake import (
    MAX_TEXT_CHARS,
    ContactInput,
    IntakeKeys,
    Submission,
    submit_feedback,
)
from resonance.feedback.models import (
    FeedbackChannel,
    FeedbackContact,
    FeedbackForm,
    FeedbackItem,
    ImportRun,
)
from resonance.feedback.queries import access_form_for
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow

__all__ = [
    "FIELDS",
    "IMPORT_CONSENT_VERSION",
    "TABLE_KINDS",
    "ImportLimits",
    "TablePreview",
    "file_kind",
    "get_import_run",
    "guess_columns",
    "import_feedback",
    "import_limits",
    "list_import_runs",
    "parse_column_map",
    "preview_table",
]

IMPORT_CONSENT_VERSION = 0
"""`consent_version` of a contact taken from correspondence: no consent form was shown."""
MAX_STORED_ERRORS = 1_000
TABLE_KINDS = ("csv", "xlsx")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".eml": "eml",
    ".zip": "eml",
    ".mbox": "mbox",
    ".mbx": "mbox",
}


def import_limits(settings: Settings) -> ImportLimits:
    return ImportLimits(
        max_bytes=settings.feedback_import_max_bytes, max_rows=settings.feedback_import_max_rows
    )


def file_kind(filename: str, data: bytes) -> str:
    """csv, xlsx, eml (one message or a zip of them) or mbox, from the name, else the content."""
    kind = _EXTENSIONS.get(PurePath(filename).suffix.lower())
    if kind == "eml":
        return mail_kind(filename, data)
    if kind is not None:
        return kind
    if data.lstrip()[:5] == b"From ":
        return "mbox"
    raise Invalid(
        f"{PurePath(filename).name!r} is not a file one can import: upload an .mbox, .eml, "
        ".zip of .eml files, .csv or .xlsx file.",
        field="file",
    )


@dataclass(frozen=True)
class TablePreview:
    """A table's columns, the guessed column map and the first rows, before importing."""

    headers: list[str]
    columns: dict[str, str]
    sample: list[list[str]] = field(default_factory=list)


def preview_table(filename: str, data: bytes, *, limits: ImportLimits) -> TablePreview:
    check_size(data, limits)
    if file_kind(filename, data) not in TABLE_KINDS:
        raise Invalid("Only CSV and XLSX files have columns to map.", field="file")
    table = read_table(filename, data, limits)
    sample = [[str(c) for c in cells] for _n, cells in table.rows[:5]]
    return TablePreview(table.headers, guess_columns(table.headers), sample)


@dataclass
class _Tally:
    imported: int = 0
    duplicate: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def fail(self, row: int, error: str) -> None:
        self.errors.append({"row": row, "error": error})


def _rows(
    kind: str, filename: str, data: bytes, columns: Mapping[str, str] | None, limits: ImportLimits
) -> list[ImportRow]:
    if kind in TABLE_KINDS:
        table = read_table(filename, data, limits)
        return table_rows(table, columns or guess_columns(table.headers))
    return read_mail(filename, data, limits)


def import_feedback(
    session: Session,
    actor: Actor,
    form_id: int,
    *,
    filename: str,
    data: bytes,
    keys: IntakeKeys,
    columns: Mapping[str, str] | None = None,
    limits: ImportLimits | None = None,
    now: datetime | None = None,
) -> ImportRun:
    """Import every good row as a message of the form; broken rows are listed in the run."""
    form = access_form_for(session, actor, form_id, Permission.MANAGE_PROJECTS)
    limits = limits or ImportLimits()
    now = now or utcnow()
    check_size(data, limits)
    name = PurePath(filename.replace("\\", "/")).name[:300] or "upload"
    kind = file_kind(name, data)
    rows = _rows(kind, name, data, columns, limits)
    channel = FeedbackChannel.IMPORT if kind in TABLE_KINDS else FeedbackChannel.EMAIL
    seen = _known_keys(session, form)
    tally = _Tally()
    for row in rows:
        _import_row(session, form, row, keys=keys, channel=channel, now=now, seen=seen, tally=tally)
    run = ImportRun(
        form_id=form.id,
        kind=kind,
        filename=name,
        started_at=now,
        started_by_id=actor.user_id,
        rows_total=len(rows),
        rows_imported=tally.imported,
        rows_duplicate=tally.duplicate,
        errors=_capped(tally.errors),
    )
    session.add(run)
    session.flush()
    record(
        session,
        actor=actor,
        action="feedback.import",
        entity_type="feedback_import",
        entity_id=run.id,
        unit_id=form.project.owner_unit_id,
        after={
            "form_id": form.id,
            "kind": kind,
            "filename": name,
            "rows_total": run.rows_total,
            "rows_imported": run.rows_imported,
            "rows_duplicate": run.rows_duplicate,
            "rows_failed": len(tally.errors),
        },
    )
    return run


def _known_keys(session: Session, form: FeedbackForm) -> set[str]:
    found = session.scalars(
        select(FeedbackItem.import_key).where(
            FeedbackItem.form_id == form.id, FeedbackItem.import_key.is_not(None)
        )
    )
    return {key for key in found if key}


def _capped(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(errors) <= MAX_STORED_ERRORS:
        return errors
    more = len(errors) - MAX_STORED_ERRORS
    return [*errors[:MAX_STORED_ERRORS], {"row": None, "error": f"{more:,} more rows failed"}]


def _import_row(
    session: Session,
    form: FeedbackForm,
    row: ImportRow,
    *,
    keys: IntakeKeys,
    channel: FeedbackChannel,
    now: datetime,
    seen: set[str],
    tally: _Tally,
) -> None:
    if row.error:
        tally.fail(row.row, row.error)
        return
    key = keys.sender(f"import:{form.id}:{row.source_id}")
    if key in seen:
        tally.duplicate += 1
        return
    if len(row.text) > MAX_TEXT_CHARS:
        tally.fail(
            row.row, f"the text has {len(row.text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
        )
        return
    email = row.email
    if channel is FeedbackChannel.EMAIL and not _plausible_email(email):
        email = ""  # a letter with a broken sender address is still a letter
    submission = Submission(
        text=row.text,
        channel=channel,
        region=row.region or None,
        contact=ContactInput(name=row.name, email=email, phone=row.phone),
        consent=True,
        import_key=key,
        received_at=clamp_received(row.received_at, now),
    )
    try:
        with session.begin_nested():
            receipt = submit_feedback(
                session,
                form=form,
                submission=submission,
                keys=keys,
                sender_address=f"import:{email.lower() or row.source_id}",
                now=now,
                staff_import=True,
            )
            session.execute(
                update(FeedbackContact)
                .where(FeedbackContact.item_id == receipt.item.id)
                .values(consent_version=IMPORT_CONSENT_VERSION)
            )
    except Invalid as exc:
        tally.fail(row.row, exc.detail)
        return
    seen.add(key)
    if receipt.duplicate:
        tally.duplicate += 1
    else:
        tally.imported += 1


def _plausible_email(value: str) -> bool:
    local, _, domain = value.partition("@")
    return bool(local) and "." in domain and " " not in value and len(value) <= 320


def list_import_runs(session: Session, actor: Actor, form_id: int) -> Sequence[ImportRun]:
    """The form's import runs, newest first."""
    form = access_form_for(session, actor, form_id, Permission.MANAGE_PROJECTS)
    return session.scalars(
        select(ImportRun)
        .where(ImportRun.form_id == form.id)
        .order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
    ).all()


def get_import_run(session: Session, actor: Actor, run_id: int) -> ImportRun:
    run = session.get(ImportRun, run_id)
    if run is None:
        raise NotFound(f"There is no import with id {run_id}.")
    try:
        access_form_for(session, actor, run.form_id, Permission.MANAGE_PROJECTS)
    except NotFound:
        raise NotFound(f"There is no import with id {run_id}.") from None
    return run
