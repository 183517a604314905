"""Import pages of a form: upload, column map for CSV/XLSX, result with per-row errors, history."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from resonance.errors import Invalid, ResonanceError
from resonance.feedback._import_staging import discard_staged, load_staged, stage_upload
from resonance.feedback.imports import (
    FIELDS,
    TABLE_KINDS,
    file_kind,
    get_import_run,
    import_feedback,
    import_limits,
    list_import_runs,
    preview_table,
)
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.queries import access_form_for
from resonance.organization.access import Actor, Permission
from resonance.web.deps import ProjectManager, SessionDep, SettingsDep
from resonance.web.i18n import N_
from resonance.web.templating import form_errors, page_router, render, see_other

router = page_router()
FIELD_LABELS = {
    "text": N_("Message text"),
    "region": N_("Region"),
    "received_at": N_("Received on"),
    "name": N_("Name"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "external_id": N_("External id (for re-imports)"),
}


def _history(
    request: Request, session: SessionDep, actor: Actor, form_id: int, **extra: Any
) -> Response:
    form = access_form_for(session, actor, form_id, Permission.MANAGE_PROJECTS)
    context = {"form": form, "runs": list_import_runs(session, actor, form_id), "errors": {}}
    context.update(extra)
    return render(request, "feedback/imports/index.html", context, status=422 if extra else 200)


@router.get("/feedback/forms/{form_id}/imports")
def imports_page(
    request: Request, session: SessionDep, actor: ProjectManager, form_id: int
) -> Response:
    return _history(request, session, actor, form_id)


async def _upload(request: Request) -> tuple[str, bytes]:
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise Invalid("Choose a file to import.", field="file")
    return upload.filename, await upload.read()


@router.post("/feedback/forms/{form_id}/imports")
async def upload_import(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: ProjectManager,
    form_id: int,
) -> Response:
    access_form_for(session, actor, form_id, Permission.MANAGE_PROJECTS)
    limits = import_limits(settings)
    try:
        filename, data = await _upload(request)
        if file_kind(filename, data) in TABLE_KINDS:
            preview = preview_table(filename, data, limits=limits)
            token = stage_upload(
                settings.var_dir, user_id=actor.user_id, filename=filename, data=data
            )
            context = {"form_id": form_id, "preview": preview, "token": token}
            context |= {"filename": filename, "fields": FIELDS, "labels": FIELD_LABELS}
            return render(request, "feedback/imports/map.html", context)
        run = import_feedback(
            session,
            actor,
            form_id,
            filename=filename,
            data=data,
            keys=IntakeKeys.from_settings(settings),
            limits=limits,
        )
    except ResonanceError as exc:
        session.rollback()
        return _history(request, session, actor, form_id, errors=form_errors(exc, default="file"))
    return see_other(f"/feedback/imports/{run.id}")


@router.post("/feedback/forms/{form_id}/imports/mapped")
async def import_mapped(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: ProjectManager,
    form_id: int,
) -> Response:
    data_in = await request.form()
    token = str(data_in.get("token", ""))[:60]
    columns = {f: str(data_in.get(f"col_{f}", ""))[:200] for f in FIELDS}
    try:
        filename, data = load_staged(settings.var_dir, user_id=actor.user_id, token=token)
        run = import_feedback(
            session,
            actor,
            form_id,
            filename=filename,
            data=data,
            keys=IntakeKeys.from_settings(settings),
            columns={f: header for f, header in columns.items() if header},
            limits=import_limits(settings),
        )
    except ResonanceError as exc:
        session.rollback()
        return _history(request, session, actor, form_id, errors=form_errors(exc, default="file"))
    discard_staged(settings.var_dir, user_id=actor.user_id, token=token)
    return see_other(f"/feedback/imports/{run.id}")


@router.get("/feedback/imports/{run_id}")
def import_result(
    request: Request, session: SessionDep, actor: ProjectManager, run_id: int
) -> Response:
    run = get_import_run(session, actor, run_id)
    return render(request, "feedback/imports/result.html", {"run": run})
