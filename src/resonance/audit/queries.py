"""Reading the audit log (administrators only)."""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from resonance.audit.models import AuditEntry
from resonance.errors import PermissionDenied
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import scope_filter


def audit_query(
    actor: Actor,
    *,
    entity_type: str | None = None,
    entity_id: str | None = None,
    actor_user_id: int | None = None,
    action: str | None = None,
) -> Select[AuditEntry]:
    """Entries about units in the actor's audit scope; root administrators see everything."""
    if not actor.can_anywhere(Permission.VIEW_AUDIT):
        raise PermissionDenied("Only administrators may read the audit log.")
    stmt = select(AuditEntry)
    if not actor.is_root_admin():
        scoped_units = select(Unit.id).where(scope_filter(actor, Permission.VIEW_AUDIT, Unit.path))
        stmt = stmt.where(
            or_(AuditEntry.unit_id.in_(scoped_units), AuditEntry.actor_user_id == actor.user_id)
        )
    if entity_type:
        stmt = stmt.where(AuditEntry.entity_type == entity_type)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    if actor_user_id is not None:
        stmt = stmt.where(AuditEntry.actor_user_id == actor_user_id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
