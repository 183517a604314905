"""Monitoring queries of a project: list, create, edit, delete, and try a query before saving."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.errors import ResonanceError
from resonance.monitoring.models import MonitoringQuery, Project
from resonance.monitoring.queries import access_project_for
from resonance.monitoring.query import QuerySyntaxError
from resonance.monitoring.query_queries import (
    access_query_for,
    list_project_queries,
    list_visible_queries,
)
from resonance.monitoring.query_services import create_query, delete_query, update_query
from resonance.monitoring.query_trial import DEFAULT_DAYS, TrialLimits, try_query
from resonance.organization.access import Actor, Permission
from resonance.web.deps import Analyst, SessionDep, Viewer
from resonance.web.templating import form_errors, page_router, render, render_page, see_other

router = page_router()
Name = Annotated[str, Form(max_length=400)]
QueryText = Annotated[str, Form(max_length=20_000)]
Flag = Annotated[str, Form(max_length=10)]
Days = Annotated[int, Form(ge=1, le=366)]


def _errors(exc: ResonanceError) -> tuple[dict[str, str], dict[str, Any] | None]:
    """Form errors, and for a query that does not parse: the caret lines and what was expected."""
    if isinstance(exc, QuerySyntaxError):
        syntax = {"caret": exc.caret(), "position": exc.position, "expected": exc.expected}
        return {"text": exc.message}, syntax
    return form_errors(exc), None


def _form(
    request: Request,
    project: Project,
    query: MonitoringQuery | None,
    values: dict[str, Any],
    exc: ResonanceError | None = None,
) -> Response:
    errors, syntax = _errors(exc) if exc else ({}, None)
    context = {
        "project": project,
        "query": query,
        "values": values,
        "errors": errors,
        "syntax": syntax,
    }
    return render(request, "queries/form.html", context, status=exc.status if exc else 200)


@router.get("/queries")
def all_queries_page(request: Request, session: SessionDep, actor: Viewer) -> Response:
    rows = list_visible_queries(session, actor)
    return render(request, "queries/index.html", {"rows": rows})


@router.get("/projects/{project_id}/queries")
def project_queries_page(
    request: Request, session: SessionDep, actor: Viewer, project_id: int
) -> Response:
    project, queries = list_project_queries(session, actor, project_id)
    context = {
        "project": project,
        "queries": queries,
        "can_analyse": actor.can(Permission.ANALYSE, project.owner_unit.path),
    }
    return render(request, "queries/project.html", context)


@router.get("/projects/{project_id}/queries/new")
def new_query_page(
    request: Request, session: SessionDep, actor: Analyst, project_id: int, text: str = ""
) -> Response:
    project = access_project_for(session, actor, project_id, Permission.ANALYSE)
    return _form(request, project, None, {"enabled": True, "text": text[:20_000]})


def _try_context(
    session: SessionDep, actor: Actor, project: Project, text: str, days: int
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "project": project,
        "values": {"text": text, "days": days},
        "errors": {},
        "syntax": None,
        "result": None,
    }
    if not text.strip():
        return context
    try:
        context["result"] = try_query(
            session, actor, project.id, text=text, limits=TrialLimits(days=days)
        )
    except ResonanceError as exc:
        context["errors"], context["syntax"] = _errors(exc)
    return context


@router.get("/projects/{project_id}/queries/try")
def try_query_page(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    project_id: int,
    query_id: int | None = None,
) -> Response:
    project = access_project_for(session, actor, project_id, Permission.ANALYSE)
    text = access_query_for(session, actor, project_id, query_id).text if query_id else ""
    context = _try_context(session, actor, project, text, DEFAULT_DAYS)
    return render(request, "queries/try.html", context)


@router.post("/projects/{project_id}/queries/try")
def run_trial(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    project_id: int,
    text: QueryText = "",
    days: Days = DEFAULT_DAYS,
) -> Response:
    project = access_project_for(session, actor, project_id, Permission.ANALYSE)
    context = _try_context(session, actor, project, text, days)
    status = 422 if context["errors"] else 200
    return render_page(
        request, "queries/try.html", context, fragment="queries/_trial.html", status=status
    )


@router.post("/projects/{project_id}/queries")
def add_query(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    project_id: int,
    name: Name = "",
    text: QueryText = "",
    enabled: Flag = "",
) -> Response:
    try:
        create_query(session, actor, project_id, name=name, text=text, enabled=bool(enabled))
    except ResonanceError as exc:
        session.rollback()
        project = access_project_for(session, actor, project_id, Permission.ANALYSE)
        values = {"name": name, "text": text, "enabled": bool(enabled)}
        return _form(request, project, None, values, exc)
    return see_other(f"/projects/{project_id}/queries?notice=created")


@router.get("/projects/{project_id}/queries/{query_id}/edit")
def edit_query_page(
    request: Request, session: SessionDep, actor: Analyst, project_id: int, query_id: int
) -> Response:
    query = access_query_for(session, actor, project_id, query_id, Permission.ANALYSE)
    project = access_project_for(session, actor, project_id)
    values = {"name": query.name, "text": query.text, "enabled": query.enabled}
    return _form(request, project, query, values)


@router.post("/projects/{project_id}/queries/{query_id}")
def save_query(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    project_id: int,
    query_id: int,
    name: Name = "",
    text: QueryText = "",
    enabled: Flag = "",
) -> Response:
    try:
        update_query(
            session, actor, project_id, query_id, name=name, text=text, enabled=bool(enabled)
        )
    except ResonanceError as exc:
        session.rollback()
        query = access_query_for(session, actor, project_id, query_id, Permission.ANALYSE)
        project = access_project_for(session, actor, project_id)
        values = {"name": name, "text": text, "enabled": bool(enabled)}
        return _form(request, project, query, values, exc)
    return see_other(f"/projects/{project_id}/queries?notice=saved")


@router.post("/projects/{project_id}/queries/{query_id}/delete")
def remove_query(
    request: Request, session: SessionDep, actor: Analyst, project_id: int, query_id: int
) -> Response:
    del request
    delete_query(session, actor, project_id, query_id)
    return see_other(f"/projects/{project_id}/queries?notice=deleted")
