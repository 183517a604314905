"""Read-only views of sources for pages and the API: scoped lists, health per source, runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import count, scope_filter
from resonance.sources.health import SourceHealth, source_health
from resonance.sources.models import Source, SourceRun
from resonance.sources.queries import access_source_for


def sources_query(
    actor: Actor,
    *,
    search: str | None = None,
    connector: str | None = None,
    enabled: bool | None = None,
    owner_unit_id: int | None = None,
) -> Select[Source]:
    """Sources whose owner unit the actor may see, filtered, by name."""
    stmt = (
        select(Source)
        .join(Unit, Unit.id == Source.owner_unit_id)
        .where(scope_filter(actor, Permission.VIEW, Unit.path))
        .order_by(Source.name, Source.id)
    )
    if search:
        like = search.lower()
        stmt = stmt.where(
            or_(func.lower(Source.name).contains(like), func.lower(Source.region).contains(like))
        )
    if connector:
        stmt = stmt.where(Source.connector == connector)
    if enabled is not None:
        stmt = stmt.where(Source.enabled.is_(enabled))
    if owner_unit_id is not None:
        stmt = stmt.where(Source.owner_unit_id == owner_unit_id)
    return stmt


def health_of(
    session: Session, sources: Sequence[Source], now: datetime
) -> dict[int, SourceHealth]:
    """The health of each listed source at `now` (one page of a list at a time)."""
    return {source.id: source_health(session, source.id, now) for source in sources}


def runs_query(source_id: int) -> Select[SourceRun]:
    """Runs of a source, newest first (the caller has checked access to the source)."""
    return (
        select(SourceRun)
        .where(SourceRun.source_id == source_id)
        .order_by(SourceRun.started_at.desc(), SourceRun.id.desc())
    )


def source_with_health(
    session: Session, actor: Actor, source_id: int, now: datetime
) -> tuple[Source, SourceHealth]:
    """A source the actor may see, with its health at `now`."""
    source = access_source_for(session, actor, source_id)
    return source, source_health(session, source.id, now)


def window(
    session: Session, stmt: Select[Any], *, limit: int, offset: int
) -> tuple[Sequence[Any], int]:
    """One window of a scoped select and the count of all its rows."""
    rows = session.scalars(stmt.limit(limit).offset(offset)).all()
    return rows, count(session, stmt)
