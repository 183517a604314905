"""Read-only queries on a project's monitoring queries, through the project's unit scope."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from resonance.errors import NotFound
from resonance.monitoring.models import MonitoringQuery, Project
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import scope_filter


def project_queries_query(project_id: int) -> Select[MonitoringQuery]:
    """The queries of one project, by name (the caller has checked access to the project)."""
    return (
        select(MonitoringQuery)
        .where(MonitoringQuery.project_id == project_id)
        .order_by(MonitoringQuery.name, MonitoringQuery.id)
    )


def list_project_queries(
    session: Session, actor: Actor, project_id: int
) -> tuple[Project, Sequence[MonitoringQuery]]:
    """The project (if visible to the actor) and its queries, by name."""
    project = access_project_for(session, actor, project_id)
    return project, session.scalars(project_queries_query(project.id)).all()


def visible_queries_query(actor: Actor) -> Select[MonitoringQuery, Project]:
    """Queries of every project the actor may see, by project slug and name."""
    return (
        select(MonitoringQuery, Project)
        .join(Project, Project.id == MonitoringQuery.project_id)
        .join(Unit, Unit.id == Project.owner_unit_id)
        .where(scope_filter(actor, Permission.VIEW, Unit.path))
        .order_by(Project.slug, MonitoringQuery.name, MonitoringQuery.id)
    )


def list_visible_queries(
    session: Session, actor: Actor, *, limit: int = 500
) -> Sequence[tuple[MonitoringQuery, Project]]:
    rows = session.execute(visible_queries_query(actor).limit(limit)).all()
    return [(query, project) for query, project in rows]


def access_query_for(
    session: Session,
    actor: Actor,
    project_id: int,
    query_id: int,
    permission: Permission = Permission.VIEW,
) -> MonitoringQuery:
    """A query of a project the actor may see, holding `permission` on the project's unit."""
    project = access_project_for(session, actor, project_id)
    query = session.get(MonitoringQuery, query_id)
    if query is None or query.project_id != project.id:
        raise NotFound(f"There is no query with id {query_id} in this project.")
    actor.require(permission, project.owner_unit.path, f"change query {query.name!r}")
    return query
