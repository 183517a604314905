"""Read-only queries on sources, filtered by the actor's unit scope."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from resonance.errors import NotFound
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import scope_filter
from resonance.sources.models import Source


def get_source(session: Session, source_id: int) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"There is no source with id {source_id}.")
    return source


def access_source_for(
    session: Session, actor: Actor, source_id: int, permission: Permission = Permission.VIEW
) -> Source:
    """The source, if the actor holds `permission` on its owner unit; NotFound if not visible."""
    row = session.execute(
        select(Source, Unit.path)
        .join(Unit, Unit.id == Source.owner_unit_id)
        .where(Source.id == source_id)
    ).first()
    if row is None or not actor.can(Permission.VIEW, row[1]):
        raise NotFound(f"There is no source with id {source_id}.")
    actor.require(permission, row[1], f"change source {row[0].name!r}")
    return row[0]


def list_sources(
    session: Session, actor: Actor, *, enabled: bool | None = None
) -> Sequence[Source]:
    """Sources whose owner unit the actor may see, by name."""
    stmt = (
        select(Source)
        .join(Unit, Unit.id == Source.owner_unit_id)
        .where(scope_filter(actor, Permission.VIEW, Unit.path))
        .order_by(Source.name, Source.id)
    )
    if enabled is not None:
        stmt = stmt.where(Source.enabled.is_(enabled))
    return session.scalars(stmt).all()


def due_sources(session: Session, *, now: datetime, limit: int = 500) -> Sequence[Source]:
    """Enabled sources whose next run is due (or never planned), oldest first."""
    return session.scalars(
        select(Source)
        .where(
            Source.enabled.is_(True),
            or_(Source.next_run_at.is_(None), Source.next_run_at <= now),
        )
        .order_by(Source.next_run_at.is_not(None), Source.next_run_at, Source.id)
        .limit(limit)
    ).all()
