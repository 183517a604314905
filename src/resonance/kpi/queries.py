"""Read-only queries on KPIs, filtered by the actor's scope and each KPI's visibility."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.orm import Session, selectinload

from resonance.errors import NotFound
from resonance.kpi.models import Kpi, KpiVersion, Visibility
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import scope_filter


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """KPIs the actor may read: in their VIEW scope, or shared with the whole organisation."""
    shared: ColumnElement[bool] = false()
    if actor.can_anywhere(Permission.VIEW):
        shared = Kpi.visibility == Visibility.ORGANISATION
    return or_(scope_filter(actor, Permission.VIEW, Unit.path), shared)


def kpis_query(
    actor: Actor,
    *,
    project_id: int | None = None,
    owner_unit_id: int | None = None,
    include_archived: bool = False,
) -> Select[Kpi]:
    stmt = (
        select(Kpi)
        .join(Unit, Unit.id == Kpi.owner_unit_id)
        .where(visible_to(actor))
        .options(selectinload(Kpi.versions), selectinload(Kpi.owner_unit))
    )
    if project_id is not None:
        stmt = stmt.where(Kpi.project_id == project_id)
    if owner_unit_id is not None:
        stmt = stmt.where(Kpi.owner_unit_id == owner_unit_id)
    if not include_archived:
        stmt = stmt.where(Kpi.archived_at.is_(None))
    return stmt.order_by(Kpi.project_id, Kpi.name, Kpi.id)


def list_kpis(
    session: Session,
    actor: Actor,
    *,
    project_id: int | None = None,
    owner_unit_id: int | None = None,
    include_archived: bool = False,
) -> Sequence[Kpi]:
    """KPIs the actor may read, ordered by project and name, with versions loaded."""
    stmt = kpis_query(
        actor,
        project_id=project_id,
        owner_unit_id=owner_unit_id,
        include_archived=include_archived,
    )
    return session.scalars(stmt).all()


def access_kpi_for(
    session: Session, actor: Actor, kpi_id: int, permission: Permission = Permission.VIEW
) -> Kpi:
    """The KPI if the actor may read it and holds `permission` on its owner unit; else NotFound."""
    kpi = session.scalar(kpis_query(actor, include_archived=True).where(Kpi.id == kpi_id))
    if kpi is None:
        raise NotFound(f"There is no KPI with id {kpi_id}.")
    if permission is not Permission.VIEW:
        actor.require(permission, kpi.owner_unit.path, f"change the KPI {kpi.name!r}")
    return kpi


def list_kpi_versions(session: Session, actor: Actor, kpi_id: int) -> Sequence[KpiVersion]:
    """Every definition the KPI has had, oldest first."""
    kpi = access_kpi_for(session, actor, kpi_id)
    return list(kpi.versions)
