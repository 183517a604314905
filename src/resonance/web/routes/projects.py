"""Reform projects: list with filters, detail, create/edit/delete with names in six languages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.config import SUPPORTED_LOCALES
from resonance.errors import Invalid, ResonanceError
from resonance.monitoring.models import Project
from resonance.monitoring.queries import access_project_for, projects_query
from resonance.monitoring.services import create_project, delete_project, update_project
from resonance.organization.access import Actor, Permission
from resonance.organization.queries import list_units
from resonance.web.deps import ProjectManager, SessionDep, Viewer
from resonance.web.pagination import paginate
from resonance.web.templating import form_errors, page_router, render, render_page, see_other

router = page_router()
Text = Annotated[str, Form(max_length=400)]
LongText = Annotated[str, Form(max_length=25_000)]


def _parse_date(value: str, field: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"{value!r} is not a date; use YYYY-MM-DD.", field=field) from None


async def _names(request: Request) -> dict[str, str]:
    form = await request.form()
    return {lang: str(form.get(f"name_{lang}", ""))[:400] for lang in SUPPORTED_LOCALES}


def _owner_units(session: SessionDep, actor: Actor) -> list[Any]:
    return [u for u in list_units(session, actor) if actor.can(Permission.MANAGE_PROJECTS, u.path)]


def _form_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    *,
    project: Project | None,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "project": project,
        "values": values,
        "errors": errors or {},
        "units": _owner_units(session, actor),
    }
    return render(request, "projects/form.html", context, status=status)


def _values_of(project: Project) -> dict[str, Any]:
    values: dict[str, Any] = {
        f"name_{lang}": project.names.get(lang, "") for lang in SUPPORTED_LOCALES
    }
    values.update(
        slug=project.slug,
        owner_unit_id=project.owner_unit_id,
        description=project.description,
        starts_on=project.starts_on.isoformat() if project.starts_on else "",
        ends_on=project.ends_on.isoformat() if project.ends_on else "",
    )
    return values


@router.get("/projects")
def projects_page(
    request: Request,
    session: SessionDep,
    actor: Viewer,
    q: str = "",
    unit: str = "",
    page: int = 1,
) -> Response:
    filters = {"q": q[:200], "unit": unit[:16]}
    stmt = projects_query(
        actor, search=filters["q"] or None, owner_unit_id=int(unit) if unit.isdigit() else None
    )
    context = {
        "page": paginate(session, stmt, page=page, filters=filters),
        "filters": filters,
        "units": list_units(session, actor),
        "can_manage": actor.can_anywhere(Permission.MANAGE_PROJECTS),
    }
    return render_page(request, "projects/index.html", context, fragment="projects/_list.html")


@router.get("/projects/new")
def new_project_page(request: Request, session: SessionDep, actor: ProjectManager) -> Response:
    return _form_page(request, session, actor, project=None, values={})


@router.post("/projects")
async def add_project(
    request: Request,
    session: SessionDep,
    actor: ProjectManager,
    slug: Text = "",
    owner_unit_id: Text = "",
    description: LongText = "",
    starts_on: Text = "",
    ends_on: Text = "",
) -> Response:
    names = await _names(request)
    try:
        project = create_project(
            session,
            actor,
            slug=slug,
            names=names,
            owner_unit_id=int(owner_unit_id) if owner_unit_id.isdigit() else 0,
            description=description,
            starts_on=_parse_date(starts_on, "starts_on"),
            ends_on=_parse_date(ends_on, "ends_on"),
        )
    except ResonanceError as exc:
        session.rollback()
        values = {
            **{f"name_{k}": v for k, v in names.items()},
            "slug": slug,
            "owner_unit_id": owner_unit_id,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
        }
        return _form_page(
            request,
            session,
            actor,
            project=None,
            values=values,
            errors=form_errors(exc, default=_field_of(exc)),
            status=exc.status,
        )
    return see_other(f"/projects/{project.id}?notice=created")


def _field_of(exc: ResonanceError) -> str:
    """Errors about the owner unit (not found, no permission) belong next to its field."""
    return "owner_unit_id" if "unit" in exc.detail else "form"


@router.get("/projects/{project_id}")
def project_page(request: Request, session: SessionDep, actor: Viewer, project_id: int) -> Response:
    project = access_project_for(session, actor, project_id)
    context = {
        "project": project,
        "can_manage": actor.can(Permission.MANAGE_PROJECTS, project.owner_unit.path),
    }
    return render(request, "projects/detail.html", context)


@router.get("/projects/{project_id}/edit")
def edit_project_page(
    request: Request, session: SessionDep, actor: ProjectManager, project_id: int
) -> Response:
    project = access_project_for(session, actor, project_id, Permission.MANAGE_PROJECTS)
    return _form_page(request, session, actor, project=project, values=_values_of(project))


@router.post("/projects/{project_id}")
async def save_project(
    request: Request,
    session: SessionDep,
    actor: ProjectManager,
    project_id: int,
    owner_unit_id: Text = "",
    description: LongText = "",
    starts_on: Text = "",
    ends_on: Text = "",
) -> Response:
    names = await _names(request)
    try:
        update_project(
            session,
            actor,
            project_id,
            names=names,
            description=description,
            owner_unit_id=int(owner_unit_id) if owner_unit_id.isdigit() else None,
            starts_on=_parse_date(starts_on, "starts_on"),
            ends_on=_parse_date(ends_on, "ends_on"),
        )
    except ResonanceError as exc:
        session.rollback()
        project = access_project_for(session, actor, project_id, Permission.MANAGE_PROJECTS)
        values = {
            **_values_of(project),
            **{f"name_{k}": v for k, v in names.items()},
            "owner_unit_id": owner_unit_id,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
        }
        return _form_page(
            request,
            session,
            actor,
            project=project,
            values=values,
            errors=form_errors(exc, default=_field_of(exc)),
            status=exc.status,
        )
    return see_other(f"/projects/{project_id}?notice=saved")


@router.post("/projects/{project_id}/delete")
def remove_project(
    request: Request, session: SessionDep, actor: ProjectManager, project_id: int
) -> Response:
    del request
    delete_project(session, actor, project_id)
    return see_other("/projects?notice=deleted")
