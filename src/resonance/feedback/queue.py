"""Read-only selects for the routing pages: unit queues, items waiting for a person, units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from resonance.feedback.models import FeedbackItem, FeedbackStatus
from resonance.feedback.queries import access_item_for, can_handle
from resonance.feedback.statuses import OPEN_STATUSES
from resonance.monitoring.models import Project
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import scope_filter


def queue_query(
    actor: Actor, *, unit_id: int | None = None, overdue_at: datetime | None = None
) -> Select[FeedbackItem]:
    """Open items assigned to units the actor answers for, the nearest deadline first."""
    unit = aliased(Unit)
    stmt = (
        select(FeedbackItem)
        .join(unit, unit.id == FeedbackItem.unit_id)
        .where(
            scope_filter(actor, Permission.ANSWER_FEEDBACK, unit.path),
            FeedbackItem.status.in_(OPEN_STATUSES),
            FeedbackItem.held_for_moderation.is_(False),
        )
    )
    if unit_id is not None:
        stmt = stmt.where(FeedbackItem.unit_id == unit_id)
    if overdue_at is not None:
        stmt = stmt.where(FeedbackItem.due_at < overdue_at)
    return stmt.order_by(FeedbackItem.due_at.is_(None), FeedbackItem.due_at, FeedbackItem.id)


def waiting_query(actor: Actor) -> Select[FeedbackItem]:
    """Items no rule or confident suggestion placed, in projects the actor answers for."""
    stmt = (
        select(FeedbackItem)
        .join(Project, Project.id == FeedbackItem.project_id)
        .join(Unit, Unit.id == Project.owner_unit_id)
        .where(
            scope_filter(actor, Permission.ANSWER_FEEDBACK, Unit.path),
            FeedbackItem.unit_id.is_(None),
            FeedbackItem.status.in_((FeedbackStatus.NEW, FeedbackStatus.REOPENED)),
            FeedbackItem.held_for_moderation.is_(False),
        )
    )
    return stmt.order_by(FeedbackItem.received_at, FeedbackItem.id)


def queue_units(session: Session, actor: Actor) -> Sequence[Unit]:
    """Units whose queue the actor may see (for the unit filter)."""
    stmt = select(Unit).where(scope_filter(actor, Permission.ANSWER_FEEDBACK, Unit.path))
    return session.scalars(stmt.order_by(Unit.path)).all()


def organisation_units(session: Session, project: Project) -> Sequence[Unit]:
    """Every unit of the project's organisation, in tree order: the possible assignees."""
    root = project.owner_unit.ancestor_ids[0]
    stmt = select(Unit).where(Unit.path.startswith(f"/{root}/"))
    return session.scalars(stmt.order_by(Unit.path)).all()


def unit_names(session: Session, ids: Sequence[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(wanted)))
    return {int(row[0]): str(row[1]) for row in rows}


@dataclass(frozen=True)
class RoutingPanel:
    """What the item page shows about routing, and what the viewer may do there."""

    item: FeedbackItem
    unit: str | None
    suggested: str | None
    can_assign: bool
    units: Sequence[Unit]


def routing_panel(session: Session, actor: Actor, item_id: int) -> RoutingPanel:
    item = access_item_for(session, actor, item_id)
    names = unit_names(session, [item.unit_id, item.suggested_unit_id])
    can_assign = can_handle(session, actor, item, Permission.ANSWER_FEEDBACK)
    return RoutingPanel(
        item=item,
        unit=names.get(item.unit_id) if item.unit_id else None,
        suggested=names.get(item.suggested_unit_id) if item.suggested_unit_id else None,
        can_assign=can_assign,
        units=organisation_units(session, item.project) if can_assign else (),
    )
