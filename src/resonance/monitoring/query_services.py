"""Writes on monitoring queries: create, change, enable, disable, delete (scoped, audited)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.services import record, snapshot
from resonance.errors import Conflict
from resonance.monitoring.models import MonitoringQuery
from resonance.monitoring.queries import access_project_for
from resonance.monitoring.query import compile_query
from resonance.monitoring.query_queries import access_query_for
from resonance.organization.access import Actor, Permission
from resonance.organization.validation import clean_name
from resonance.storage.base import utcnow

ANALYSE = Permission.ANALYSE


def clean_query_text(text: str) -> str:
    """The query text, stripped, if it compiles; QuerySyntaxError (with the position) if not."""
    compile_query(text)  # positions in its errors refer to the text as typed
    return text.strip()


def _check_unique(session: Session, project_id: int, name: str, query_id: int | None) -> None:
    found = session.scalar(
        select(MonitoringQuery.id).where(
            MonitoringQuery.project_id == project_id, MonitoringQuery.name == name
        )
    )
    if found is not None and found != query_id:
        raise Conflict(f"The project already has a query named {name!r}.", field="name")


def create_query(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    name: str,
    text: str,
    enabled: bool = True,
) -> MonitoringQuery:
    """Add a named query to a project; ingest picks it up with its next batch."""
    project = access_project_for(session, actor, project_id, ANALYSE)
    name = clean_name(name)
    cleaned = clean_query_text(text)
    _check_unique(session, project.id, name, None)
    query = MonitoringQuery(project_id=project.id, name=name, text=cleaned, enabled=enabled)
    session.add(query)
    session.flush()
    _audit(session, actor, "create", query, project.owner_unit_id, None)
    return query


def update_query(
    session: Session,
    actor: Actor,
    project_id: int,
    query_id: int,
    *,
    name: str | None = None,
    text: str | None = None,
    enabled: bool | None = None,
) -> MonitoringQuery:
    """Change a query's name, text or state; the ingest matcher sees the new version."""
    query = access_query_for(session, actor, project_id, query_id, ANALYSE)
    before = snapshot(query)
    if name is not None:
        new_name = clean_name(name)
        with session.no_autoflush:
            _check_unique(session, query.project_id, new_name, query.id)
        query.name = new_name
    if text is not None:
        query.text = clean_query_text(text)
    if enabled is not None:
        query.enabled = enabled
    # The ingest matcher rebuilds when max(updated_at) of enabled queries moves: always move it.
    query.updated_at = utcnow()
    session.flush()
    _audit(session, actor, "update", query, _unit_of(session, actor, project_id), before)
    return query


def delete_query(session: Session, actor: Actor, project_id: int, query_id: int) -> None:
    """Remove a query; its past mentions stay (they record which queries matched)."""
    query = access_query_for(session, actor, project_id, query_id, ANALYSE)
    before = snapshot(query)
    session.delete(query)
    session.flush()
    record(
        session,
        actor=actor,
        action="delete",
        entity_type="monitoring_query",
        entity_id=query_id,
        unit_id=_unit_of(session, actor, project_id),
        before=before,
    )


def _unit_of(session: Session, actor: Actor, project_id: int) -> int:
    return access_project_for(session, actor, project_id).owner_unit_id


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    query: MonitoringQuery,
    unit_id: int,
    before: dict[str, Any] | None,
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        entity_type="monitoring_query",
        entity_id=query.id,
        unit_id=unit_id,
        before=before,
        after=snapshot(query),
    )
