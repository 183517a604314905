"""Monitoring pages: a project's mentions with filters, search, detail, exports, analyst edits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response, StreamingResponse

from resonance.errors import ResonanceError
from resonance.monitoring.export import export_format, export_mentions
from resonance.monitoring.mention_services import MentionChange, update_mention
from resonance.monitoring.mentions import (
    TONES,
    MentionFilters,
    get_mention,
    mention_facets,
    page_of_mentions,
    view_of,
)
from resonance.monitoring.queries import access_project_for, projects_query
from resonance.organization.access import Actor, Permission
from resonance.web.deps import Analyst, SessionDep, Viewer
from resonance.web.labels import TONE_LABELS
from resonance.web.pagination import Page, paginate
from resonance.web.templating import is_htmx, page_router, render, render_page, see_other

router = page_router()
Short = Annotated[str, Form(max_length=200)]
FILTER_KEYS = (
    "q",
    "since",
    "until",
    "lang",
    "source_id",
    "tone",
    "corrected",
    "query_id",
    "cluster_key",
    "tag",
    "sort",
)


def _params(request: Request) -> dict[str, str]:
    return {k: request.query_params[k][:500] for k in FILTER_KEYS if request.query_params.get(k)}


def _filters(request: Request) -> tuple[dict[str, str], MentionFilters]:
    params = _params(request)
    return params, MentionFilters.from_params(params, zone=request.state.timezone)


@router.get("/monitoring")
def monitoring_page(
    request: Request, session: SessionDep, actor: Viewer, page: int = 1
) -> Response:
    context = {"page": paginate(session, projects_query(actor), page=page, filters={})}
    return render(request, "mentions/projects.html", context)


@router.get("/projects/{project_id}/mentions")
def mentions_page(
    request: Request, session: SessionDep, actor: Viewer, project_id: int, page: int = 1
) -> Response:
    project = access_project_for(session, actor, project_id)
    params, filters = _filters(request)
    found = page_of_mentions(session, project, filters, page=page)
    context = {
        "project": project,
        "params": params,
        "page": Page(found.items, found.offset // 25 + 1, 25, found.total, params),
        "facets": mention_facets(session, project.id),
        "tones": TONES,
        "tone_labels": TONE_LABELS,
        "can_analyse": actor.can(Permission.ANALYSE, project.owner_unit.path),
    }
    return render_page(request, "mentions/index.html", context, fragment="mentions/_list.html")


@router.get("/projects/{project_id}/mentions/export")
def export_page(
    request: Request, session: SessionDep, actor: Viewer, project_id: int, format: str = "csv"
) -> Response:
    project = access_project_for(session, actor, project_id)
    filters = _filters(request)[1]
    kind = export_format(format)
    body = export_mentions(request.app.state.db.sessions, project.id, filters, format)
    filename = f"mentions-{project.slug}.{kind.extension}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return StreamingResponse(body, media_type=kind.media_type, headers=headers)


@router.get("/projects/{project_id}/mentions/{mention_id}")
def mention_page(
    request: Request, session: SessionDep, actor: Viewer, project_id: int, mention_id: int
) -> Response:
    project = access_project_for(session, actor, project_id)
    context = {
        "project": project,
        "mention": get_mention(session, project, mention_id),
        "tones": TONES,
        "tone_labels": TONE_LABELS,
        "can_analyse": actor.can(Permission.ANALYSE, project.owner_unit.path),
    }
    return render(request, "mentions/detail.html", context)


def _apply(
    request: Request,
    session: SessionDep,
    actor: Actor,
    project_id: int,
    mention_id: int,
    change: MentionChange,
) -> Response:
    """Run the change; answer HTMX with the row (and any error), browsers with a redirect."""
    error = None
    try:
        mention = update_mention(session, actor, project_id, mention_id, change)
    except ResonanceError as exc:
        if not is_htmx(request) or exc.status not in (409, 422):
            raise
        session.rollback()
        error = exc.detail
    project = access_project_for(session, actor, project_id)
    if not is_htmx(request):
        return see_other(f"/projects/{project_id}/mentions/{mention_id}?notice=saved")
    view = get_mention(session, project, mention_id) if error else view_of(session, mention)
    context = {
        "project": project,
        "m": view,
        "tones": TONES,
        "tone_labels": TONE_LABELS,
        "can_analyse": True,
        "error": error,
    }
    return render(request, "mentions/_row.html", context, status=422 if error else 200)


@router.post("/projects/{project_id}/mentions/{mention_id}/tone")
def correct_tone(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    project_id: int,
    mention_id: int,
    tone: Short = "",
    expected_tone: Short = "",
) -> Response:
    change = MentionChange(tone=tone or None, expected_tone=expected_tone or None)
    return _apply(request, session, actor, project_id, mention_id, change)


@router.post("/projects/{project_id}/mentions/{mention_id}/tags")
def add_tag(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    project_id: int,
    mention_id: int,
    tag: Short = "",
) -> Response:
    change = MentionChange(add_tags=[tag])
    return _apply(request, session, actor, project_id, mention_id, change)


@router.post("/projects/{project_id}/mentions/{mention_id}/tags/remove")
def remove_tag(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    project_id: int,
    mention_id: int,
    tag: Short = "",
) -> Response:
    change = MentionChange(remove_tags=[tag])
    return _apply(request, session, actor, project_id, mention_id, change)
