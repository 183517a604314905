"""Staff consultation pages: list, create and edit, versions and diffs, stages, heatmap."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from resonance.config import SUPPORTED_LOCALES
from resonance.consultation import queries, services
from resonance.consultation._stages import next_stage
from resonance.consultation.models import Consultation, Stage
from resonance.errors import Invalid, ResonanceError
from resonance.monitoring.queries import list_projects
from resonance.organization.access import Actor, Permission
from resonance.web.deps import ProjectManager, SessionDep, Viewer
from resonance.web.routes import _consultation_review
from resonance.web.routes._consultation_common import LABELS
from resonance.web.templating import form_errors, page_router, render, see_other

router = page_router()
router.include_router(_consultation_review.router)
LongText = Annotated[str, Form(max_length=20_000)]


@router.get("/consultations")
def list_page(request: Request, session: SessionDep, actor: Viewer, project: str = "") -> Response:
    project_id = int(project) if project.isdigit() else None
    context = {
        "consultations": queries.list_consultations(session, actor, project_id=project_id),
        "projects": list_projects(session, actor),
        "project": project_id,
        "can_manage": actor.can_anywhere(Permission.MANAGE_PROJECTS),
        **LABELS,
    }
    return render(request, "consultations/list.html", context)


def _values_of(consultation: Consultation) -> dict[str, Any]:
    values: dict[str, Any] = {
        f"title_{k}": consultation.titles.get(k, "") for k in SUPPORTED_LOCALES
    }
    values.update({f"summary_{k}": consultation.summaries.get(k, "") for k in SUPPORTED_LOCALES})
    values.update(
        slug=consultation.slug,
        project_id=consultation.project_id,
        language=consultation.language,
        published=consultation.published,
    )
    return values


async def _posted(request: Request) -> dict[str, Any]:
    data = await request.form()

    def get(name: str) -> str:
        value = data.get(name, "")
        return value[:20_000] if isinstance(value, str) else ""

    return {
        "slug": get("slug"),
        "project_id": get("project_id"),
        "titles": {k: get(f"title_{k}") for k in SUPPORTED_LOCALES},
        "summaries": {k: get(f"summary_{k}") for k in SUPPORTED_LOCALES},
        "language": get("language"),
        "published": get("published") == "yes",
    }


def _flat(values: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in values.items() if not isinstance(v, dict)}
    flat.update({f"title_{k}": v for k, v in values.get("titles", {}).items()})
    flat.update({f"summary_{k}": v for k, v in values.get("summaries", {}).items()})
    return flat


def _edit_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    *,
    consultation: Consultation | None,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "consultation": consultation,
        "values": values,
        "errors": errors or {},
        "projects": [
            p
            for p in list_projects(session, actor)
            if actor.can(Permission.MANAGE_PROJECTS, p.owner_unit.path)
        ],
    }
    return render(request, "consultations/form.html", context, status=status)


@router.get("/consultations/new")
def new_page(request: Request, session: SessionDep, actor: ProjectManager) -> Response:
    values = {"language": "en", "project_id": request.query_params.get("project", "")}
    return _edit_page(request, session, actor, consultation=None, values=values)


@router.post("/consultations")
async def create(request: Request, session: SessionDep, actor: ProjectManager) -> Response:
    values = await _posted(request)
    project_id = str(values["project_id"])
    try:
        if not project_id.isdigit():
            raise Invalid("Choose the project.", field="project_id")
        created = services.create_consultation(
            session, actor, project_id=int(project_id), values=values
        )
    except ResonanceError as exc:
        session.rollback()
        return _edit_page(
            request,
            session,
            actor,
            consultation=None,
            values=_flat(values),
            errors=form_errors(exc),
            status=exc.status,
        )
    return see_other(f"/consultations/{created.id}?notice=created")


@router.get("/consultations/{consultation_id}/edit")
def edit_page(
    request: Request, session: SessionDep, actor: ProjectManager, consultation_id: int
) -> Response:
    consultation = queries.access_consultation_for(
        session, actor, consultation_id, Permission.MANAGE_PROJECTS
    )
    return _edit_page(
        request, session, actor, consultation=consultation, values=_values_of(consultation)
    )


@router.post("/consultations/{consultation_id}/edit")
async def update(
    request: Request, session: SessionDep, actor: ProjectManager, consultation_id: int
) -> Response:
    values = await _posted(request)
    try:
        services.update_consultation(session, actor, consultation_id, values=values)
    except ResonanceError as exc:
        session.rollback()
        consultation = queries.access_consultation_for(session, actor, consultation_id)
        return _edit_page(
            request,
            session,
            actor,
            consultation=consultation,
            values=_flat(values),
            errors=form_errors(exc),
            status=exc.status,
        )
    return see_other(f"/consultations/{consultation_id}?notice=saved")


def _overview(
    request: Request,
    session: SessionDep,
    actor: Actor,
    consultation_id: int,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    consultation = queries.access_consultation_for(session, actor, consultation_id)
    path = consultation.project.owner_unit.path
    following = next_stage(consultation.stage)
    context = {
        "consultation": consultation,
        "stages": queries.stage_rows(session, consultation.id),
        "next_stage": following.value if following else None,
        "versions": list(reversed(consultation.versions)),
        "heatmap": queries.section_heatmap(session, consultation),
        "unanchored": queries.count_unanchored(session, consultation),
        "can_manage": actor.can(Permission.MANAGE_PROJECTS, path),
        "can_analyse": actor.can(Permission.ANALYSE, path),
        "comments_open": services.comments_open(consultation),
        "errors": errors or {},
        **LABELS,
    }
    return render(request, "consultations/overview.html", context, status=status)


@router.get("/consultations/{consultation_id}")
def overview_page(
    request: Request, session: SessionDep, actor: Viewer, consultation_id: int
) -> Response:
    return _overview(request, session, actor, consultation_id)


@router.post("/consultations/{consultation_id}/versions")
async def upload_version(
    request: Request, session: SessionDep, actor: ProjectManager, consultation_id: int
) -> Response:
    data = await request.form()
    upload, note = data.get("file"), data.get("note", "")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise Invalid("Choose the file of the draft.", field="file")
        version = services.import_version(
            session,
            actor,
            consultation_id,
            data=await upload.read(),
            filename=upload.filename,
            media_type=upload.content_type,
            note=note if isinstance(note, str) else "",
        )
    except ResonanceError as exc:
        session.rollback()
        errors = form_errors(exc, default="file")
        return _overview(request, session, actor, consultation_id, errors=errors, status=exc.status)
    return see_other(f"/consultations/{consultation_id}/versions/{version.number}?notice=created")


def _date(value: str, name: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"Write the date as YYYY-MM-DD, not {value!r}.", field=name) from None


@router.post("/consultations/{consultation_id}/stages")
async def plan(
    request: Request, session: SessionDep, actor: ProjectManager, consultation_id: int
) -> Response:
    data = await request.form()

    def get(name: str) -> str:
        value = data.get(name, "")
        return value[:20] if isinstance(value, str) else ""

    try:
        dates = {
            s.value: (
                _date(get(f"{s.value}_starts"), f"{s.value}_starts"),
                _date(get(f"{s.value}_ends"), f"{s.value}_ends"),
            )
            for s in Stage
        }
        services.plan_stages(session, actor, consultation_id, dates=dates)
    except ResonanceError as exc:
        session.rollback()
        errors = form_errors(exc, default="stages")
        return _overview(request, session, actor, consultation_id, errors=errors, status=exc.status)
    return see_other(f"/consultations/{consultation_id}?notice=saved")


@router.post("/consultations/{consultation_id}/advance")
async def advance(
    request: Request, session: SessionDep, actor: ProjectManager, consultation_id: int
) -> Response:
    data = await request.form()
    to = data.get("to", "")
    decisions = {
        k: v[:5_000] for k in SUPPORTED_LOCALES if isinstance(v := data.get(f"decision_{k}"), str)
    }
    try:
        services.advance_stage(
            session,
            actor,
            consultation_id,
            to=to if isinstance(to, str) else "",
            decision_texts=decisions,
        )
    except ResonanceError as exc:
        session.rollback()
        errors = form_errors(exc, default="decision")
        if "to" in errors:
            errors = {"decision": errors["to"]}
        return _overview(request, session, actor, consultation_id, errors=errors, status=exc.status)
    return see_other(f"/consultations/{consultation_id}?notice=saved")


@router.get("/consultations/{consultation_id}/heatmap")
def heatmap_page(
    request: Request, session: SessionDep, actor: Viewer, consultation_id: int
) -> Response:
    consultation = queries.access_consultation_for(session, actor, consultation_id)
    context = {
        "consultation": consultation,
        "heatmap": queries.section_heatmap(session, consultation),
        "tones": queries.TONES,
        **LABELS,
    }
    return render(request, "consultations/heatmap.html", context)
