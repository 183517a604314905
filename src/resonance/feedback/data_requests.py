"""A citizen's data by reference: export (citizen with the token, or staff) and contact erasure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.errors import NotFound
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import FeedbackContact, FeedbackItem, Reply
from resonance.feedback.queries import access_item_for, find_item_by_reference, item_for_citizen
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow

CITIZEN = Actor.system("citizen (status link)")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _contact(session: Session, item: FeedbackItem, keys: IntakeKeys) -> dict[str, Any] | None:
    contact = session.scalar(select(FeedbackContact).where(FeedbackContact.item_id == item.id))
    if contact is None:
        return None
    cipher = keys.cipher()

    def unseal(value: str | None) -> str | None:
        return cipher.decrypt(value) if value else None

    return {
        "name": unseal(contact.name_encrypted),
        "email": unseal(contact.email_encrypted),
        "phone": unseal(contact.phone_encrypted),
        "consent_version": contact.consent_version,
        "consented_at": _iso(contact.consented_at),
        "delete_after": _iso(contact.purge_after),
    }


def item_data(
    session: Session, item: FeedbackItem, *, keys: IntakeKeys, now: datetime | None = None
) -> dict[str, Any]:
    """Everything stored about one message that the sender gave or was told, as JSON."""
    replies = session.scalars(
        select(Reply).where(Reply.item_id == item.id).order_by(Reply.created_at, Reply.id)
    )
    return {
        "reference": item.reference,
        "exported_at": _iso(now or utcnow()),
        "form": item.form.title_in("en"),
        "received_at": _iso(item.received_at),
        "channel": item.channel.value,
        "status": item.status.value,
        "message": item.text,
        "answers": dict(item.answers or {}),
        "region": item.region,
        "address": item.address,
        "latitude": item.latitude,
        "longitude": item.longitude,
        "media_url": item.media_url,
        "answer": item.answer,
        "rating": item.rating,
        "events": [
            {"at": _iso(e.at), "status": e.status.value, "note": e.note} for e in item.events
        ],
        "replies": [{"at": _iso(r.created_at), "body": r.body} for r in replies],
        "contact": _contact(session, item, keys),
        "retention_days": item.form.retention_days,
    }


def export_citizen_data(
    session: Session, *, reference: str, token: str | None, keys: IntakeKeys
) -> dict[str, Any]:
    """The sender's own data, with the private token only (NotFound otherwise); audited."""
    item = item_for_citizen(session, reference, token)
    data = item_data(session, item, keys=keys)
    _audit(session, CITIZEN, item, "feedback.data_export", {"by": "citizen"})
    return data


def erase_citizen_contact(session: Session, *, reference: str, token: str | None) -> bool:
    """Delete the contact details of the sender's message now; False if there were none."""
    item = item_for_citizen(session, reference, token)
    gone = session.execute(delete(FeedbackContact).where(FeedbackContact.item_id == item.id))
    erased = bool(getattr(gone, "rowcount", 0))
    _audit(session, CITIZEN, item, "feedback.contact_erase", {"erased": erased})
    return erased


def export_item_data(
    session: Session, actor: Actor, *, reference: str, keys: IntakeKeys
) -> dict[str, Any]:
    """For a request by post or phone: managers of the owner unit export the same data."""
    missing = NotFound(f"There is no feedback with the reference {reference.strip()[:20]!r}.")
    found = find_item_by_reference(session, reference)
    if found is None:
        raise missing
    try:
        item = access_item_for(session, actor, found.id, Permission.MANAGE_PROJECTS)
    except NotFound:
        raise missing from None
    data = item_data(session, item, keys=keys)
    _audit(session, actor, item, "feedback.data_export", {"by": "staff"})
    return data


def _audit(
    session: Session, actor: Actor, item: FeedbackItem, action: str, after: dict[str, Any]
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        entity_type="feedback_item",
        entity_id=item.id,
        unit_id=item.project.owner_unit_id,
        after=after,
    )
