"""KPI pages: a project's KPIs, create, edit (new version), versions history, archive."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from resonance.errors import ResonanceError
from resonance.kpi import (
    Kpi,
    access_kpi_for,
    archive_kpi,
    create_kpi,
    default_registry,
    list_kpi_versions,
    list_kpis,
    redefine_kpi,
    update_kpi,
)
from resonance.kpi.dashboard import kpi_tile
from resonance.monitoring.models import Project
from resonance.monitoring.queries import access_project_for, list_projects
from resonance.monitoring.query_queries import list_project_queries
from resonance.organization.access import Actor, Permission
from resonance.organization.queries import list_units
from resonance.sources.queries import list_sources
from resonance.storage.base import utcnow
from resonance.web.dashboard_view import tile_view
from resonance.web.deps import ProjectManager, SessionDep, Viewer
from resonance.web.kpi_form import DEFINITION, KpiForm, form_of, parse_definition, parse_owner
from resonance.web.kpi_labels import LABELS
from resonance.web.templating import form_errors, page_router, render, request_locale, see_other

router = page_router()
FormDep = Annotated[KpiForm, Form()]


def _choices(session: Session, actor: Actor, project: Project) -> dict[str, Any]:
    units = [u for u in list_units(session, actor) if actor.can(Permission.MANAGE_PROJECTS, u.path)]
    return {
        "metrics": default_registry().all(),
        "units": units,
        "sources": list_sources(session, actor),
        "queries": list_project_queries(session, actor, project.id)[1],
        "other_projects": [p for p in list_projects(session, actor) if p.id != project.id],
        **LABELS,
    }


def _form(
    request: Request,
    session: Session,
    actor: Actor,
    project: Project,
    kpi: Kpi | None,
    values: dict[str, Any],
    exc: ResonanceError | None = None,
) -> Response:
    context = {
        "project": project,
        "kpi": kpi,
        "values": values,
        "errors": form_errors(exc) if exc else {},
        **_choices(session, actor, project),
    }
    return render(request, "kpis/form.html", context, status=exc.status if exc else 200)


@router.get("/projects/{project_id}/kpis")
def project_kpis_page(
    request: Request, session: SessionDep, actor: Viewer, project_id: int, archived: bool = False
) -> Response:
    project = access_project_for(session, actor, project_id)
    kpis = list_kpis(session, actor, project_id=project.id, include_archived=archived)
    context = {
        "project": project,
        "kpis": kpis,
        "archived": archived,
        "can_manage": actor.can_anywhere(Permission.MANAGE_PROJECTS),
        "registry": default_registry(),
        **LABELS,
    }
    return render(request, "kpis/project.html", context)


@router.get("/projects/{project_id}/kpis/new")
def new_kpi_page(
    request: Request, session: SessionDep, actor: ProjectManager, project_id: int
) -> Response:
    project = access_project_for(session, actor, project_id)
    values = {"owner_unit_id": str(project.owner_unit_id), "window": "day", "comparator": ">="}
    return _form(request, session, actor, project, None, values)


@router.post("/projects/{project_id}/kpis")
def add_kpi(
    request: Request, session: SessionDep, actor: ProjectManager, project_id: int, form: FormDep
) -> Response:
    try:
        kpi = create_kpi(
            session,
            actor,
            name=form.name,
            description=form.description,
            project_id=project_id,
            owner_unit_id=parse_owner(form),
            visibility=form.visibility,
            **parse_definition(form),
        )
    except ResonanceError as exc:
        session.rollback()
        project = access_project_for(session, actor, project_id)
        return _form(request, session, actor, project, None, form.model_dump(), exc)
    return see_other(f"/kpis/{kpi.id}?notice=created")


@router.get("/kpis/{kpi_id}")
def kpi_page(request: Request, session: SessionDep, actor: Viewer, kpi_id: int) -> Response:
    tile = kpi_tile(session, actor, kpi_id, as_of=utcnow())
    kpi = tile.kpi
    context = {
        "kpi": kpi,
        "project": kpi.project,
        "t": tile_view(tile, request_locale(request)),
        "can_manage": actor.can(Permission.MANAGE_PROJECTS, kpi.owner_unit.path),
        **LABELS,
    }
    return render(request, "kpis/detail.html", context)


@router.get("/kpis/{kpi_id}/edit")
def edit_kpi_page(
    request: Request, session: SessionDep, actor: ProjectManager, kpi_id: int
) -> Response:
    kpi = access_kpi_for(session, actor, kpi_id, Permission.MANAGE_PROJECTS)
    return _form(request, session, actor, kpi.project, kpi, form_of(kpi))


def _save(session: Session, actor: Actor, kpi_id: int, form: KpiForm) -> None:
    definition = parse_definition(form)
    update_kpi(
        session,
        actor,
        kpi_id,
        name=form.name,
        description=form.description,
        visibility=form.visibility,
        owner_unit_id=parse_owner(form),
    )
    redefine_kpi(session, actor, kpi_id, note=form.note, **{k: definition[k] for k in DEFINITION})


@router.post("/kpis/{kpi_id}")
def save_kpi(
    request: Request, session: SessionDep, actor: ProjectManager, kpi_id: int, form: FormDep
) -> Response:
    try:
        _save(session, actor, kpi_id, form)
    except ResonanceError as exc:
        session.rollback()
        kpi = access_kpi_for(session, actor, kpi_id, Permission.MANAGE_PROJECTS)
        return _form(request, session, actor, kpi.project, kpi, form.model_dump(), exc)
    return see_other(f"/kpis/{kpi_id}?notice=saved")


@router.get("/kpis/{kpi_id}/versions")
def kpi_versions_page(
    request: Request, session: SessionDep, actor: Viewer, kpi_id: int
) -> Response:
    kpi = access_kpi_for(session, actor, kpi_id)
    versions = list(reversed(list_kpi_versions(session, actor, kpi_id)))
    context = {"kpi": kpi, "project": kpi.project, "versions": versions, **LABELS}
    return render(request, "kpis/versions.html", context)


@router.post("/kpis/{kpi_id}/archive")
def archive(request: Request, session: SessionDep, actor: ProjectManager, kpi_id: int) -> Response:
    del request
    kpi = archive_kpi(session, actor, kpi_id)
    return see_other(f"/projects/{kpi.project_id}/kpis?notice=saved")
