"""Staff writes on feedback: forms, status changes, moderation release, audited contact views."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from resonance.audit.services import record, snapshot
from resonance.config import SUPPORTED_LOCALES
from resonance.errors import Conflict, Invalid
from resonance.feedback.deadlines import on_status_change
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import (
    FeedbackAttempt,
    FeedbackContact,
    FeedbackEvent,
    FeedbackForm,
    FeedbackItem,
)
from resonance.feedback.queries import access_form_for, access_item_for
from resonance.feedback.routing import route_item
from resonance.feedback.schemas import parse_fields
from resonance.feedback.statuses import Action, transition
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
MAX_NOTE = 5_000


@dataclass(frozen=True)
class ContactView:
    name: str | None
    email: str | None
    phone: str | None
    consent_version: int
    purge_after: Any


def _clean_origins(origins: list[str]) -> list[str]:
    cleaned = []
    for origin in origins:
        origin = origin.strip().rstrip("/")
        if not origin:
            continue
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
            raise Invalid(
                f"{origin!r} is not an origin; write it as https://example.org.",
                field="allowed_origins",
            )
        cleaned.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return sorted(set(cleaned))


def _clean_form_values(values: dict[str, Any]) -> dict[str, Any]:
    slug = str(values.get("slug", "")).strip().lower()
    if not _SLUG.match(slug):
        raise Invalid("Use 3–64 lower-case letters, digits and hyphens for the slug.", field="slug")
    titles = {k: v.strip() for k, v in values.get("titles", {}).items() if v and v.strip()}
    if not titles or set(titles) - set(SUPPORTED_LOCALES):
        raise Invalid("Give the form a title in at least one language.", field="titles")
    retention = int(values.get("retention_days", 365))
    if not 1 <= retention <= 3650:
        raise Invalid(
            "Keep messages and contact details between 1 and 3650 days.", field="retention_days"
        )
    return {
        "slug": slug,
        "titles": titles,
        "fields": parse_fields(values.get("fields", [])),
        "collect_contact": bool(values.get("collect_contact")),
        "consent_texts": {k: v for k, v in values.get("consent_texts", {}).items() if v},
        "allowed_origins": _clean_origins(list(values.get("allowed_origins", []))),
        "retention_days": retention,
        "enabled": bool(values.get("enabled", True)),
    }


def _slug_free(session: Session, slug: str, form_id: int | None) -> None:
    taken = session.scalar(select(FeedbackForm.id).where(FeedbackForm.slug == slug))
    if taken is not None and taken != form_id:
        raise Conflict(f"Another form already uses the slug {slug!r}.", field="slug")


def create_form(
    session: Session, actor: Actor, *, project_id: int, values: dict[str, Any]
) -> FeedbackForm:
    project = access_project_for(session, actor, project_id, Permission.MANAGE_PROJECTS)
    cleaned = _clean_form_values(values)
    if cleaned["collect_contact"] and not cleaned["consent_texts"]:
        raise Invalid("A form that asks for contact details needs a consent text.", field="consent")
    _slug_free(session, cleaned["slug"], None)
    form = FeedbackForm(project_id=project.id, **cleaned)
    session.add(form)
    session.flush()
    record(
        session,
        actor=actor,
        action="feedback_form.create",
        entity_type="feedback_form",
        entity_id=form.id,
        unit_id=project.owner_unit_id,
        after=snapshot(form),
    )
    return form


def update_form(
    session: Session, actor: Actor, form_id: int, *, values: dict[str, Any]
) -> FeedbackForm:
    form = access_form_for(session, actor, form_id, Permission.MANAGE_PROJECTS)
    before = snapshot(form)
    cleaned = _clean_form_values(values)
    if cleaned["collect_contact"] and not cleaned["consent_texts"]:
        raise Invalid("A form that asks for contact details needs a consent text.", field="consent")
    _slug_free(session, cleaned["slug"], form.id)
    if cleaned["consent_texts"] != form.consent_texts:
        form.consent_version += 1
    for key, value in cleaned.items():
        setattr(form, key, value)
    session.flush()
    record(
        session,
        actor=actor,
        action="feedback_form.update",
        entity_type="feedback_form",
        entity_id=form.id,
        unit_id=form.project.owner_unit_id,
        before=before,
        after=snapshot(form),
    )
    return form


def change_status(
    session: Session,
    actor: Actor,
    item_id: int,
    *,
    action: str,
    note: str = "",
    answer: str = "",
    now: datetime | None = None,
) -> FeedbackItem:
    """Move an item through its workflow; the note and answer become visible to the citizen."""
    now = now or utcnow()
    item = access_item_for(session, actor, item_id, Permission.ANSWER_FEEDBACK)
    before = item.status
    if action not in set(Action):
        raise Invalid(f"{action!r} is not an action on feedback.", field="action")
    item.status = transition(item.status, Action(action))
    if answer.strip():
        item.answer = answer.strip()[:MAX_NOTE]
    item.events.append(FeedbackEvent(at=now, status=item.status, note=note.strip()[:MAX_NOTE]))
    on_status_change(session, item, Action(action), now=now)
    record(
        session,
        actor=actor,
        action="feedback.status",
        entity_type="feedback_item",
        entity_id=item.id,
        unit_id=item.project.owner_unit_id,
        before={"status": before.value},
        after={"status": item.status.value, "action": action},
    )
    return item


def release_item(session: Session, actor: Actor, item_id: int) -> FeedbackItem:
    """Release an item held for moderation into the normal inbox."""
    item = access_item_for(session, actor, item_id, Permission.ANSWER_FEEDBACK)
    if not item.held_for_moderation:
        raise Conflict(f"{item.reference} is not held for moderation.")
    reason = item.held_reason
    item.held_for_moderation = False
    session.flush()
    route_item(session, item)
    record(
        session,
        actor=actor,
        action="feedback.release",
        entity_type="feedback_item",
        entity_id=item.id,
        unit_id=item.project.owner_unit_id,
        before={"held_reason": reason},
        after={"held": False},
    )
    return item


def view_contact(
    session: Session, actor: Actor, item_id: int, *, keys: IntakeKeys
) -> ContactView | None:
    """Decrypted contact details for managers of the owner unit; every view is audited."""
    item = access_item_for(session, actor, item_id, Permission.MANAGE_PROJECTS)
    contact = session.scalar(select(FeedbackContact).where(FeedbackContact.item_id == item.id))
    if contact is None:
        return None
    cipher = keys.cipher()

    def unseal(value: str | None) -> str | None:
        return cipher.decrypt(value) if value else None

    record(
        session,
        actor=actor,
        action="feedback.contact_view",
        entity_type="feedback_item",
        entity_id=item.id,
        unit_id=item.project.owner_unit_id,
    )
    return ContactView(
        name=unseal(contact.name_encrypted),
        email=unseal(contact.email_encrypted),
        phone=unseal(contact.phone_encrypted),
        consent_version=contact.consent_version,
        purge_after=contact.purge_after,
    )


def has_contact(session: Session, item_id: int) -> bool:
    return (
        session.scalar(select(FeedbackContact.id).where(FeedbackContact.item_id == item_id))
        is not None
    )


def purge_expired_contacts(session: Session, *, now: datetime | None = None) -> int:
    """Delete contact rows past their `purge_after`, and rate-limit attempts older than a day."""
    now = now or utcnow()
    gone = session.execute(delete(FeedbackContact).where(FeedbackContact.purge_after <= now))
    session.execute(delete(FeedbackAttempt).where(FeedbackAttempt.at < now - timedelta(days=1)))
    return int(getattr(gone, "rowcount", 0) or 0)
