"""Feedback items of a project: list with filters and read one (never contact details)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate
from resonance.feedback.models import FeedbackStatus
from resonance.feedback.queries import access_item_for, items_query
from resonance.feedback.redaction import redact
from resonance.feedback.schemas import FeedbackItemOut
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Permission
from resonance.web.deps import SessionDep, Viewer

router = APIRouter(prefix="/projects/{project_id}/feedback", tags=["feedback"])


@router.get("", responses=problem_responses(404))
def list_feedback(
    session: SessionDep,
    actor: Viewer,
    request: Request,
    response: Response,
    page: PageDep,
    project_id: int,
    status: Annotated[
        FeedbackStatus | None, Query(description="Only items in this status.")
    ] = None,
    form_id: Annotated[int | None, Query(description="Only items sent through this form.")] = None,
    region: Annotated[str | None, Query(max_length=200, description="Only this region.")] = None,
    held: Annotated[bool | None, Query(description="Held for moderation (true) or not.")] = None,
) -> Page[FeedbackItemOut]:
    """Feedback items of a project you may see, newest first."""
    project = access_project_for(session, actor, project_id)
    stmt = items_query(
        actor, project_id=project_id, status=status, form_id=form_id, region=region, held=held
    )
    found = paginate(session, stmt, FeedbackItemOut, page=page, request=request, response=response)
    if not actor.can(Permission.MANAGE_PROJECTS, project.owner_unit.path):
        found.items = [_redacted(item) for item in found.items]
    return found


def _redacted(item: FeedbackItemOut) -> FeedbackItemOut:
    """Personal data in the text masked, for people who do not manage the project."""
    return item.model_copy(update={"text": redact(item.text).text})


@router.get("/{item_id}", responses=problem_responses(404))
def get_feedback(
    session: SessionDep, actor: Viewer, project_id: int, item_id: int
) -> FeedbackItemOut:
    item = access_item_for(session, actor, item_id)
    if item.project_id != project_id:
        access_project_for(session, actor, project_id)
        item = access_item_for(session, actor, -1)
    out = FeedbackItemOut.model_validate(item)
    if not actor.can(Permission.MANAGE_PROJECTS, item.project.owner_unit.path):
        return _redacted(out)
    return out
