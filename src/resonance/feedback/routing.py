"""Feedback routing: rules, learned suggestions, manual (re)assignment and the unit queues."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.errors import Conflict, Invalid
from resonance.feedback._routing_learn import forget_models, suggest_unit
from resonance.feedback._routing_match import any_keyword, first_match, fold, rule_matches
from resonance.feedback._routing_model import RoutingExample, RoutingModel, Suggestion
from resonance.feedback._routing_rules import (
    access_rule_for,
    create_rule,
    delete_rule,
    list_rules,
    organisation_unit,
    set_routing_settings,
    update_rule,
)
from resonance.feedback.deadlines import refresh_deadline, routing_settings
from resonance.feedback.models import FeedbackEvent, FeedbackItem, FeedbackStatus, RoutingRule
from resonance.feedback.queries import access_item_for
from resonance.feedback.statuses import Action, transition
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit, User
from resonance.organization.queries import load_actor
from resonance.storage.base import utcnow

__all__ = [
    "RoutingExample",
    "RoutingModel",
    "Suggestion",
    "accept_suggestion",
    "access_rule_for",
    "any_keyword",
    "assign_item",
    "create_rule",
    "delete_rule",
    "fold",
    "forget_models",
    "list_rules",
    "route_item",
    "rule_matches",
    "set_routing_settings",
    "update_rule",
]
ROUTER = Actor.system("routing")
MAX_NOTE = 5_000


def _assign(item: FeedbackItem, unit_id: int, *, method: str, hours: float, now: datetime) -> None:
    if item.unit_id != unit_id:
        item.warned_at, item.escalation_level = None, 0  # the new unit gets its own warning
    item.unit_id = unit_id
    item.routing_method = method
    item.deadline_hours = hours
    if item.status is not FeedbackStatus.ASSIGNED:
        item.status = transition(item.status, Action.ASSIGN)
        item.events.append(FeedbackEvent(at=now, status=item.status, note=""))


def route_item(session: Session, item: FeedbackItem, *, now: datetime | None = None) -> str | None:
    """Route a new item: the first matching rule, else the learned suggestion when confident.

    Below the project's threshold (or with none set) the item waits for a person with the
    suggestion filled in ("queued"). Held items are routed when released. Returns the method.
    """
    if item.held_for_moderation or item.unit_id is not None:
        return None
    now = now or utcnow()
    settings = routing_settings(session, item.project_id)
    rules = session.scalars(
        select(RoutingRule).where(
            RoutingRule.project_id == item.project_id, RoutingRule.enabled.is_(True)
        )
    ).all()
    rule = first_match(rules, item)
    suggestion = None if rule is not None else suggest_unit(session, item)
    threshold = settings.auto_apply_threshold
    if rule is not None:
        item.routing_rule_id = rule.id
        _assign(item, rule.unit_id, method="rule", hours=rule.deadline_hours, now=now)
    elif suggestion and threshold is not None and suggestion.confidence >= threshold:
        _assign(
            item,
            suggestion.unit_id,
            method="learned",
            hours=settings.default_deadline_hours,
            now=now,
        )
    else:
        item.routing_method = "queued"
        item.deadline_hours = settings.default_deadline_hours
    if suggestion is not None:
        item.suggested_unit_id = suggestion.unit_id
        item.suggestion_confidence = round(suggestion.confidence, 4)
    session.flush()
    refresh_deadline(session, item, now=now)
    if item.unit_id is not None:
        record(
            session,
            actor=ROUTER,
            action="feedback.route",
            entity_type="feedback_item",
            entity_id=item.id,
            unit_id=item.project.owner_unit_id,
            after={
                "unit_id": item.unit_id,
                "method": item.routing_method,
                "rule_id": item.routing_rule_id,
                "confidence": item.suggestion_confidence,
            },
        )
    return item.routing_method


def _check_assignee(session: Session, unit: Unit, assignee_id: int | None) -> None:
    if assignee_id is None:
        return
    user = session.get(User, assignee_id)
    if user is None or not user.is_active:
        raise Invalid(f"There is no active user with id {assignee_id}.", field="assignee_id")
    if not load_actor(session, user).can(Permission.ANSWER_FEEDBACK, unit.path):
        raise Invalid(
            f"{user.display_name} may not answer feedback for {unit.name}.", field="assignee_id"
        )


def assign_item(
    session: Session,
    actor: Actor,
    item_id: int,
    unit_id: int,
    assignee_id: int | None = None,
    *,
    note: str = "",
    method: str = "manual",
    now: datetime | None = None,
) -> FeedbackItem:
    """Assign (or reassign) an item to a unit of its project's organisation, and maybe a person."""
    item = access_item_for(session, actor, item_id, Permission.ANSWER_FEEDBACK)
    if item.held_for_moderation:
        raise Conflict(f"{item.reference} is held for moderation: release it first.")
    unit = organisation_unit(session, item.project, unit_id, "unit_id")
    _check_assignee(session, unit, assignee_id)
    now = now or utcnow()
    before = {
        "status": item.status.value,
        "unit_id": item.unit_id,
        "assignee_id": item.assignee_id,
        "method": item.routing_method,
    }
    hours = item.deadline_hours or routing_settings(session, item.project_id).default_deadline_hours
    status = transition(item.status, Action.ASSIGN)  # refuses answered and closed items
    if item.unit_id != unit.id:
        item.warned_at, item.escalation_level = None, 0  # the new unit gets its own warning
    item.unit_id, item.routing_method, item.deadline_hours = unit.id, method, hours
    item.status = status
    item.events.append(FeedbackEvent(at=now, status=status, note=note.strip()[:MAX_NOTE]))
    item.assignee_id = assignee_id
    session.flush()
    refresh_deadline(session, item, now=now)
    record(
        session,
        actor=actor,
        action="feedback.assign",
        entity_type="feedback_item",
        entity_id=item.id,
        unit_id=item.project.owner_unit_id,
        before=before,
        after={
            "status": item.status.value,
            "unit_id": item.unit_id,
            "assignee_id": item.assignee_id,
            "method": item.routing_method,
        },
    )
    return item


def accept_suggestion(
    session: Session, actor: Actor, item_id: int, *, now: datetime | None = None
) -> FeedbackItem:
    """Assign an item to its suggested unit in one step."""
    item = access_item_for(session, actor, item_id, Permission.ANSWER_FEEDBACK)
    if item.suggested_unit_id is None:
        raise Conflict(f"{item.reference} has no suggested unit; choose one.", field="unit_id")
    return assign_item(session, actor, item.id, item.suggested_unit_id, method="accepted", now=now)
