"""Recording writes in the audit log; every service that changes data calls `record`."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.organization.access import Actor

SECRET_FIELDS = frozenset({"password_hash", "token_hash", "id_hash", "csrf_token"})


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The column values of a model instance, secrets masked, ready for JSON."""
    state = inspect(obj)
    result: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        value = getattr(obj, attr.key)
        result[attr.key] = "***" if attr.key in SECRET_FIELDS and value else _jsonable(value)
    return result


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: object | None,
    unit_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry in the caller's transaction (so it commits or rolls back with it)."""
    entry = AuditEntry(
        actor_user_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        unit_id=unit_id,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry
