"""Feedback routing: a project's rules and settings, assignment, and the unit queues."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate
from resonance.feedback.deadlines import routing_settings
from resonance.feedback.queue import queue_query, waiting_query
from resonance.feedback.routing import (
    accept_suggestion,
    access_rule_for,
    assign_item,
    create_rule,
    delete_rule,
    list_rules,
    set_routing_settings,
    update_rule,
)
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow
from resonance.web.deps import ProjectManager, SessionDep, Viewer, access

router = APIRouter(tags=["feedback routing"])
Answerer = Annotated[Actor, Depends(access(Permission.ANSWER_FEEDBACK))]


class RoutingRuleIn(BaseModel):
    """A rule: all given conditions must hold; the lowest priority is tried first."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    priority: int = Field(100, ge=0, le=10_000)
    form_id: int | None = None
    consultation_id: int | None = None
    section_key: str | None = Field(None, max_length=64)
    theme_id: int | None = None
    keywords: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list,
        max_length=100,
        description="Whole words or phrases in any language; end with * for any ending; "
        "Chinese, Japanese and Korean keywords match anywhere in the text.",
    )
    regions: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=200
    )
    unit_id: int = Field(description="A unit of the project's organisation.")
    deadline_hours: float = Field(40.0, gt=0, le=2000, description="Business hours to answer.")
    enabled: bool = True


class RoutingRuleOut(RoutingRuleIn):
    model_config = ConfigDict(from_attributes=True, extra="forbid")

    id: int
    project_id: int


class EscalationStepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    after_hours: float = Field(ge=0, le=2000, description="Business hours after the breach.")
    level: int = Field(ge=1, le=10, description="1: the parent unit, 2: its parent, ...")


class RoutingSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    auto_apply_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Apply a learned suggestion without a person from this confidence; "
        "null: never.",
    )
    default_deadline_hours: float = Field(40.0, gt=0, le=2000)
    escalation: list[EscalationStepIn] = Field(default_factory=list, max_length=5)


class RoutingSettingsOut(RoutingSettingsIn):
    model_config = ConfigDict(from_attributes=True, extra="forbid")

    project_id: int


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: int
    assignee_id: int | None = None
    note: str = Field("", max_length=5_000, description="Shown to the citizen.")


class RoutedItemOut(BaseModel):
    """Where an item is, how it got there and when it is due (never its text or contact)."""

    model_config = ConfigDict(from_attributes=True, extra="ignore")

    id: int
    reference: str
    project_id: int
    status: str
    unit_id: int | None
    assignee_id: int | None
    routing_method: str | None
    routing_rule_id: int | None
    suggested_unit_id: int | None
    suggestion_confidence: float | None
    deadline_hours: float | None
    due_at: datetime | None
    warned_at: datetime | None
    escalation_level: int
    received_at: datetime


def _rule(session: SessionDep, actor: Actor, project_id: int, rule_id: int) -> Any:
    rule = access_rule_for(session, actor, rule_id)
    if rule.project_id != project_id:
        access_project_for(session, actor, project_id)
        access_rule_for(session, actor, -1)
    return rule


RULES = "/projects/{project_id}/routing/rules"


@router.get(RULES, responses=problem_responses(404))
def list_routing_rules(session: SessionDep, actor: Viewer, project_id: int) -> list[RoutingRuleOut]:
    """The project's rules in the order they are tried."""
    return [RoutingRuleOut.model_validate(r) for r in list_rules(session, actor, project_id)]


@router.post(RULES, status_code=status.HTTP_201_CREATED, responses=problem_responses(404))
def create_routing_rule(
    session: SessionDep, actor: ProjectManager, project_id: int, body: RoutingRuleIn
) -> RoutingRuleOut:
    rule = create_rule(session, actor, project_id=project_id, values=body.model_dump())
    return RoutingRuleOut.model_validate(rule)


@router.get(RULES + "/{rule_id}", responses=problem_responses(404))
def get_routing_rule(
    session: SessionDep, actor: Viewer, project_id: int, rule_id: int
) -> RoutingRuleOut:
    return RoutingRuleOut.model_validate(_rule(session, actor, project_id, rule_id))


@router.put(RULES + "/{rule_id}", responses=problem_responses(404))
def update_routing_rule(
    session: SessionDep, actor: ProjectManager, project_id: int, rule_id: int, body: RoutingRuleIn
) -> RoutingRuleOut:
    rule = _rule(session, actor, project_id, rule_id)
    return RoutingRuleOut.model_validate(
        update_rule(session, actor, rule.id, values=body.model_dump())
    )


@router.delete(
    RULES + "/{rule_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def delete_routing_rule(
    session: SessionDep, actor: ProjectManager, project_id: int, rule_id: int
) -> Response:
    rule = _rule(session, actor, project_id, rule_id)
    delete_rule(session, actor, rule.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


SETTINGS = "/projects/{project_id}/routing/settings"


@router.get(SETTINGS, responses=problem_responses(404))
def get_routing_settings(session: SessionDep, actor: Viewer, project_id: int) -> RoutingSettingsOut:
    """The settings, or the defaults while none are saved."""
    project = access_project_for(session, actor, project_id)
    return RoutingSettingsOut.model_validate(routing_settings(session, project.id))


@router.put(SETTINGS, responses=problem_responses(404))
def put_routing_settings(
    session: SessionDep, actor: ProjectManager, project_id: int, body: RoutingSettingsIn
) -> RoutingSettingsOut:
    saved = set_routing_settings(session, actor, project_id=project_id, values=body.model_dump())
    return RoutingSettingsOut.model_validate(saved)


def _item_in(session: SessionDep, actor: Actor, project_id: int, item_id: int) -> None:
    from resonance.feedback.queries import access_item_for

    item = access_item_for(session, actor, item_id)
    if item.project_id != project_id:
        access_item_for(session, actor, -1)


@router.post(
    "/projects/{project_id}/feedback/{item_id}/assign", responses=problem_responses(404, 409)
)
def assign_feedback(
    session: SessionDep, actor: Answerer, project_id: int, item_id: int, body: AssignIn
) -> RoutedItemOut:
    """Assign or reassign an item to a unit of the project's organisation (and a person)."""
    _item_in(session, actor, project_id, item_id)
    item = assign_item(session, actor, item_id, body.unit_id, body.assignee_id, note=body.note)
    return RoutedItemOut.model_validate(item)


@router.post(
    "/projects/{project_id}/feedback/{item_id}/accept-suggestion",
    responses=problem_responses(404, 409),
)
def accept_feedback_suggestion(
    session: SessionDep, actor: Answerer, project_id: int, item_id: int
) -> RoutedItemOut:
    """Assign an item to the unit the learned suggestion proposed."""
    _item_in(session, actor, project_id, item_id)
    return RoutedItemOut.model_validate(accept_suggestion(session, actor, item_id))


@router.get("/feedback/queue")
def feedback_queue(
    session: SessionDep,
    actor: Answerer,
    request: Request,
    response: Response,
    page: PageDep,
    unit_id: Annotated[int | None, Query(description="Only this unit's queue.")] = None,
    overdue: Annotated[bool, Query(description="Only items past their deadline.")] = False,
    waiting: Annotated[
        bool, Query(description="Instead: items waiting for a person to route them.")
    ] = False,
) -> Page[RoutedItemOut]:
    """Open items of the units you answer for, nearest deadline first."""
    stmt = (
        waiting_query(actor)
        if waiting
        else queue_query(actor, unit_id=unit_id, overdue_at=utcnow() if overdue else None)
    )
    return paginate(session, stmt, RoutedItemOut, page=page, request=request, response=response)
