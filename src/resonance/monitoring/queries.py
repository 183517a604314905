"""Read-only queries on projects, filtered by the actor's scope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session, joinedload

from resonance.errors import NotFound
from resonance.monitoring.models import Project
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import scope_filter


def projects_query(
    actor: Actor,
    *,
    search: str | None = None,
    owner_unit_id: int | None = None,
    active_on: object | None = None,
) -> Select[Project]:
    stmt = (
        select(Project)
        .join(Unit, Unit.id == Project.owner_unit_id)
        .where(scope_filter(actor, Permission.VIEW, Unit.path))
        .options(joinedload(Project.owner_unit))
    )
    if search:
        like = search.lower()
        stmt = stmt.where(
            or_(
                func.lower(Project.slug).contains(like),
                func.lower(Project.description).contains(like),
                func.lower(cast(Project.names, String)).contains(like),
            )
        )
    if owner_unit_id is not None:
        stmt = stmt.where(Project.owner_unit_id == owner_unit_id)
    if active_on is not None:
        stmt = stmt.where(
            or_(Project.starts_on.is_(None), Project.starts_on <= active_on),
            or_(Project.ends_on.is_(None), Project.ends_on >= active_on),
        )
    return stmt.order_by(Project.slug)


def list_projects(session: Session, actor: Actor, **filters: Any) -> Sequence[Project]:
    return session.scalars(projects_query(actor, **filters)).all()


def access_project_for(
    session: Session, actor: Actor, project_id: int, permission: Permission = Permission.VIEW
) -> Project:
    """The project, if the actor may see it and holds `permission` on its owner unit."""
    project = session.get(Project, project_id)
    if project is None or not actor.can(Permission.VIEW, project.owner_unit.path):
        raise NotFound(f"There is no project with id {project_id}.")
    actor.require(permission, project.owner_unit.path, f"change project {project.slug!r}")
    return project


def find_project_by_slug(session: Session, slug: str) -> Project | None:
    return session.scalar(select(Project).where(Project.slug == slug))
