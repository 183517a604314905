"""Retention purge of old messages, and re-encryption of contacts after a key rotation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import FeedbackContact, FeedbackForm, FeedbackItem
from resonance.organization.access import Actor
from resonance.storage.base import utcnow

HOUSEKEEPING = Actor.system("housekeeping")
_BATCH = 500


@dataclass(frozen=True)
class PurgeResult:
    items: int = 0
    contacts: int = 0


def purge_expired_items(session: Session, *, now: datetime | None = None) -> PurgeResult:
    """Delete messages older than their form's retention, with contacts, history and replies.

    Nothing is kept of a purged message: its text may itself hold personal data. Counts of
    what was deleted are audited per form, so totals published earlier can be explained.
    """
    now = now or utcnow()
    items = contacts = 0
    for form in session.scalars(select(FeedbackForm).order_by(FeedbackForm.id)):
        cutoff = now - timedelta(days=form.retention_days)
        ids = list(
            session.scalars(
                select(FeedbackItem.id).where(
                    FeedbackItem.form_id == form.id, FeedbackItem.received_at < cutoff
                )
            )
        )
        if not ids:
            continue
        gone_contacts = 0
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            gone_contacts += (
                session.scalar(
                    select(func.count(FeedbackContact.id)).where(FeedbackContact.item_id.in_(batch))
                )
                or 0
            )
            # Events, contacts, replies and links to these rows go by ON DELETE in the schema.
            session.execute(delete(FeedbackItem).where(FeedbackItem.id.in_(batch)))
        session.expire_all()
        record(
            session,
            actor=HOUSEKEEPING,
            action="feedback.retention_purge",
            entity_type="feedback_form",
            entity_id=form.id,
            unit_id=form.project.owner_unit_id,
            after={
                "items": len(ids),
                "contacts": gone_contacts,
                "retention_days": form.retention_days,
                "received_before": cutoff.isoformat(),
            },
        )
        items += len(ids)
        contacts += gone_contacts
    return PurgeResult(items=items, contacts=contacts)


def rekey_contacts(session: Session, *, keys: IntakeKeys, actor: Actor) -> int:
    """Re-encrypt (and re-index) contacts sealed with an older key under the current one."""
    cipher = keys.cipher()
    changed = 0
    for contact in session.scalars(select(FeedbackContact).order_by(FeedbackContact.id)):
        sealed = [contact.name_encrypted, contact.email_encrypted, contact.phone_encrypted]
        if not any(value and cipher.needs_rotation(value) for value in sealed):
            continue
        name, email, phone = (cipher.decrypt(v) if v else None for v in sealed)
        contact.name_encrypted = cipher.encrypt(name) if name else None
        contact.email_encrypted = cipher.encrypt(email) if email else None
        contact.phone_encrypted = cipher.encrypt(phone) if phone else None
        contact.email_index = cipher.blind_index(email) if email else None
        contact.phone_index = cipher.blind_index(phone) if phone else None
        changed += 1
    session.flush()
    record(
        session,
        actor=actor,
        action="feedback.contact_rekey",
        entity_type="feedback_contact",
        entity_id=None,
        after={"contacts": changed, "key_id": cipher.ciphers[0].key_id},
    )
    return changed
