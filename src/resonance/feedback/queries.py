"""Read-only selects of feedback, scoped by the owner unit of the project."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased

from resonance.errors import NotFound
from resonance.feedback.models import FeedbackForm, FeedbackItem, FeedbackStatus
from resonance.monitoring.models import Project
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import scope_filter


def hash_token(token: str) -> str:
    """SHA-256 of a status token (tokens are random, so no salt or key is needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def forms_query(actor: Actor, *, project_id: int | None = None) -> Select[FeedbackForm]:
    stmt = (
        select(FeedbackForm)
        .join(Project, Project.id == FeedbackForm.project_id)
        .join(Unit, Unit.id == Project.owner_unit_id)
        .where(scope_filter(actor, Permission.VIEW, Unit.path))
    )
    if project_id is not None:
        stmt = stmt.where(FeedbackForm.project_id == project_id)
    return stmt.order_by(FeedbackForm.slug)


def list_forms(session: Session, actor: Actor) -> Sequence[FeedbackForm]:
    return session.scalars(forms_query(actor)).all()


def access_form_for(
    session: Session, actor: Actor, form_id: int, permission: Permission = Permission.VIEW
) -> FeedbackForm:
    """The form, if the actor may see its project and holds `permission` on the owner unit."""
    form = session.get(FeedbackForm, form_id)
    if form is None or not actor.can(Permission.VIEW, form.project.owner_unit.path):
        raise NotFound(f"There is no feedback form with id {form_id}.")
    actor.require(permission, form.project.owner_unit.path, f"change form {form.slug!r}")
    return form


def get_public_form(session: Session, slug: str) -> FeedbackForm:
    """An enabled form by slug, for anonymous visitors."""
    form = session.scalar(select(FeedbackForm).where(FeedbackForm.slug == slug[:64]))
    if form is None or not form.enabled:
        raise NotFound("There is no open feedback form at this address.")
    return form


def items_query(
    actor: Actor,
    *,
    project_id: int | None = None,
    form_id: int | None = None,
    status: FeedbackStatus | None = None,
    region: str | None = None,
    held: bool | None = None,
    form_slug: str | None = None,
    received_from: datetime | None = None,
    received_until: datetime | None = None,
) -> Select[FeedbackItem]:
    """Items of projects the actor may see, or assigned to a unit the actor sees; newest first."""
    assigned = aliased(Unit)
    stmt = (
        select(FeedbackItem)
        .join(Project, Project.id == FeedbackItem.project_id)
        .join(Unit, Unit.id == Project.owner_unit_id)
        .outerjoin(assigned, assigned.id == FeedbackItem.unit_id)
        .where(
            or_(
                scope_filter(actor, Permission.VIEW, Unit.path),
                scope_filter(actor, Permission.VIEW, assigned.path),
            )
        )
    )
    if project_id is not None:
        stmt = stmt.where(FeedbackItem.project_id == project_id)
    if form_id is not None:
        stmt = stmt.where(FeedbackItem.form_id == form_id)
    if status is not None:
        stmt = stmt.where(FeedbackItem.status == status)
    if region:
        stmt = stmt.where(FeedbackItem.region == region)
    if held is not None:
        stmt = stmt.where(FeedbackItem.held_for_moderation == held)
    if form_slug is not None:
        stmt = stmt.where(FeedbackItem.form.has(FeedbackForm.slug == form_slug))
    if received_from is not None:
        stmt = stmt.where(FeedbackItem.received_at >= received_from)
    if received_until is not None:
        stmt = stmt.where(FeedbackItem.received_at <= received_until)
    return stmt.order_by(FeedbackItem.received_at.desc(), FeedbackItem.id.desc())


def _item_paths(session: Session, item: FeedbackItem, permission: Permission) -> list[str]:
    """Unit paths that grant `permission` on an item: the owner unit, and for viewing and
    answering also the assigned unit (contact details and forms stay with the owner unit)."""
    paths = [item.project.owner_unit.path]
    unit = session.get(Unit, item.unit_id) if item.unit_id else None
    if unit is not None and permission in (Permission.VIEW, Permission.ANSWER_FEEDBACK):
        paths.append(unit.path)
    return paths


def can_handle(session: Session, actor: Actor, item: FeedbackItem, permission: Permission) -> bool:
    """Whether the actor holds `permission` on the item (owner or assigned unit)."""
    return any(actor.can(permission, path) for path in _item_paths(session, item, permission))


def access_item_for(
    session: Session, actor: Actor, item_id: int, permission: Permission = Permission.VIEW
) -> FeedbackItem:
    """The item, if the actor may see its project or its assigned unit, and holds `permission`.

    People of the assigned unit (and above it) may view and answer the item; other permissions
    (contact details, forms) stay with the project's owner unit.
    """
    item = session.get(FeedbackItem, item_id)
    if item is None or not can_handle(session, actor, item, Permission.VIEW):
        raise NotFound(f"There is no feedback item with id {item_id}.")
    if not can_handle(session, actor, item, permission):
        actor.require(permission, item.project.owner_unit.path, f"handle feedback {item.reference}")
    return item


def find_item_by_reference(session: Session, reference: str) -> FeedbackItem | None:
    return session.scalar(
        select(FeedbackItem).where(FeedbackItem.reference == reference.strip().upper()[:16])
    )


def item_for_citizen(session: Session, reference: str, token: str | None) -> FeedbackItem:
    """The item whose reference and private token match; NotFound for anything else."""
    item = find_item_by_reference(session, reference)
    if item is None or not token or not hmac.compare_digest(item.token_hash, hash_token(token)):
        raise NotFound("There is no feedback with this reference and link.")
    return item


def list_regions(session: Session, actor: Actor) -> list[str]:
    stmt = items_query(actor).with_only_columns(FeedbackItem.region).distinct().order_by(None)
    return sorted(r for r in session.scalars(stmt) if r)


def list_items_by_reference(session: Session, references: Sequence[str]) -> Sequence[FeedbackItem]:
    """Items with these references (at most 100), for a citizen's own look-up."""
    wanted = [r.strip().upper()[:16] for r in references[:100] if r.strip()]
    if not wanted:
        return []
    stmt = select(FeedbackItem).where(FeedbackItem.reference.in_(wanted))
    return session.scalars(stmt.order_by(FeedbackItem.id)).all()


def list_public_forms(session: Session) -> Sequence[FeedbackForm]:
    """Enabled forms, the services of the Open311 interface."""
    stmt = select(FeedbackForm).where(FeedbackForm.enabled.is_(True))
    return session.scalars(stmt.order_by(FeedbackForm.slug)).all()
