"""Feedback imports (multipart upload of a mailbox, CSV or XLSX) and staff data requests."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile, status

from resonance.api.openapi import problem_responses
from resonance.api.schemas import Out
from resonance.feedback.data_requests import export_item_data
from resonance.feedback.imports import (
    get_import_run,
    import_feedback,
    import_limits,
    list_import_runs,
    parse_column_map,
    preview_table,
)
from resonance.feedback.intake import IntakeKeys
from resonance.web.deps import ProjectManager, SessionDep, SettingsDep

router = APIRouter(tags=["feedback"])


class ImportRunOut(Out):
    id: int
    form_id: int
    kind: str
    filename: str
    started_at: datetime
    started_by_id: int | None
    rows_total: int
    rows_imported: int
    rows_duplicate: int
    errors: list[dict[str, Any]]


class ImportPreviewOut(Out):
    headers: list[str]
    columns: dict[str, str]
    sample: list[list[str]]


Upload = Annotated[UploadFile, File(description="An .mbox, .eml, .zip of .eml, .csv or .xlsx.")]
Columns = Annotated[
    str,
    Form(
        max_length=2000,
        description="Column map for CSV/XLSX, e.g. `text=Message,region=Area`; "
        "empty: guessed from the headers.",
    ),
]


@router.post(
    "/feedback/forms/{form_id}/imports",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404),
)
async def create_import(
    session: SessionDep,
    settings: SettingsDep,
    actor: ProjectManager,
    form_id: int,
    file: Upload,
    columns: Columns = "",
) -> ImportRunOut:
    """Import a file into a form; rows already imported are skipped, broken rows listed."""
    data = await file.read()
    run = import_feedback(
        session,
        actor,
        form_id,
        filename=file.filename or "upload",
        data=data,
        keys=IntakeKeys.from_settings(settings),
        columns=parse_column_map(columns) or None,
        limits=import_limits(settings),
    )
    return ImportRunOut.model_validate(run)


@router.post("/feedback/forms/{form_id}/imports/preview", responses=problem_responses(404))
async def preview_import(
    session: SessionDep, settings: SettingsDep, actor: ProjectManager, form_id: int, file: Upload
) -> ImportPreviewOut:
    """The columns of a CSV/XLSX file and the guessed column map, before importing."""
    list_import_runs(session, actor, form_id)  # checks access to the form
    data = await file.read()
    preview = preview_table(file.filename or "upload", data, limits=import_limits(settings))
    return ImportPreviewOut(headers=preview.headers, columns=preview.columns, sample=preview.sample)


@router.get("/feedback/forms/{form_id}/imports", responses=problem_responses(404))
def list_imports(session: SessionDep, actor: ProjectManager, form_id: int) -> list[ImportRunOut]:
    """The imports of a form, newest first."""
    return [ImportRunOut.model_validate(r) for r in list_import_runs(session, actor, form_id)]


@router.get("/feedback/imports/{run_id}", responses=problem_responses(404))
def get_import(session: SessionDep, actor: ProjectManager, run_id: int) -> ImportRunOut:
    return ImportRunOut.model_validate(get_import_run(session, actor, run_id))


@router.get("/feedback/data-requests/{reference}", responses=problem_responses(404))
def data_request(
    session: SessionDep, settings: SettingsDep, actor: ProjectManager, reference: str
) -> dict[str, Any]:
    """Everything stored about a message, for a request by post or phone; audited."""
    return export_item_data(
        session, actor, reference=reference, keys=IntakeKeys.from_settings(settings)
    )
