"""Receiving feedback: checks, rate limits, dedupe, moderation hold, encrypted contact details."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.errors import Invalid, RateLimited
from resonance.feedback import abuse
from resonance.feedback.crypto import MultiKeyCipher
from resonance.feedback.models import (
    FeedbackAttempt,
    FeedbackChannel,
    FeedbackContact,
    FeedbackEvent,
    FeedbackForm,
    FeedbackItem,
    FeedbackStatus,
)
from resonance.feedback.queries import hash_token
from resonance.feedback.routing import route_item
from resonance.storage.base import utcnow

MAX_TEXT_CHARS = 10_000
MAX_ANSWER_CHARS = 1_000
DUPLICATE_WINDOW = timedelta(minutes=10)
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,30}$")


@dataclass(frozen=True)
class RateLimits:
    """Attempts allowed per sender per window, and per form per minute."""

    per_source: int = 5
    source_window: timedelta = timedelta(minutes=10)
    per_form_minute: int = 60

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        return cls(
            per_source=settings.feedback_rate_per_address,
            source_window=timedelta(minutes=settings.feedback_rate_window_minutes),
            per_form_minute=settings.feedback_rate_per_form,
        )


@dataclass(frozen=True)
class IntakeKeys:
    """Keys derived from the deployment secret: contact encryption (and index), sender hash."""

    contact_key: str
    source_key: str
    # Older contact secrets, still accepted for decryption until `resonance feedback rekey`.
    old_contact_keys: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> IntakeKeys:
        secret = settings.resolved_secret_key.encode("utf-8")

        def derive(label: str) -> str:
            return hmac.new(secret, label.encode("ascii"), hashlib.sha256).hexdigest()

        derived = derive("resonance.feedback.contact-key")
        configured = [k.strip() for k in settings.feedback_contact_keys.split(",") if k.strip()]
        contact = [derived if k == "derived" else k for k in configured] or [derived]
        return cls(
            contact_key=contact[0],
            source_key=derive("resonance.feedback.source"),
            old_contact_keys=tuple(contact[1:]),
        )

    def cipher(self) -> MultiKeyCipher:
        """Encrypts and indexes with the current key; decrypts with it or any older one."""
        return MultiKeyCipher([self.contact_key, *self.old_contact_keys])

    def sender(self, address: str) -> str:
        """A keyed hash of the sender's address: the address itself is never stored."""
        return hmac.new(
            self.source_key.encode("ascii"), address.encode("utf-8"), hashlib.sha256
        ).hexdigest()


@dataclass(frozen=True)
class ContactInput:
    name: str = ""
    email: str = ""
    phone: str = ""

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.email.strip() or self.phone.strip())


@dataclass(frozen=True)
class Submission:
    """What a citizen sent, as parsed at the edge (web form, widget, Open311)."""

    text: str
    channel: FeedbackChannel = FeedbackChannel.WEB
    answers: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    contact: ContactInput | None = None
    consent: bool = False
    honeypot: str = ""
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    media_url: str | None = None
    # A comment on a consultation, on one section (None: on the whole draft).
    consultation_id: int | None = None
    section_key: str | None = None
    # Imports: the keyed hash of the source's own id, and when the message was first received.
    import_key: str | None = None
    received_at: datetime | None = None


@dataclass(frozen=True)
class Receipt:
    """The answer to a submission: the reference and, for a new item, its private token."""

    item: FeedbackItem
    token: str | None
    duplicate: bool = False


def clean_text(text: str) -> str:
    """NFC text as given; refuses an empty message or one over MAX_TEXT_CHARS."""
    cleaned = unicodedata.normalize("NFC", text.replace("\x00", ""))
    if not cleaned.strip():
        raise Invalid("Write your message before sending the form.", field="text")
    if len(cleaned) > MAX_TEXT_CHARS:
        raise Invalid(
            f"Your message is {len(cleaned):,} characters long; the limit is "
            f"{MAX_TEXT_CHARS:,}. Shorten it and send it again.",
            field="text",
        )
    return cleaned


def text_hash(text: str) -> str:
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"RSN-{chars[:4]}-{chars[4:]}"


def _check_rate(
    session: Session, form: FeedbackForm, sender: str, now: datetime, limits: RateLimits
) -> None:
    recent = session.scalar(
        select(func.count(FeedbackAttempt.id)).where(
            FeedbackAttempt.source_key == sender, FeedbackAttempt.at >= now - limits.source_window
        )
    )
    on_form = session.scalar(
        select(func.count(FeedbackAttempt.id)).where(
            FeedbackAttempt.form_id == form.id, FeedbackAttempt.at >= now - timedelta(minutes=1)
        )
    )
    if (recent or 0) >= limits.per_source or (on_form or 0) >= limits.per_form_minute:
        raise RateLimited(
            "Too many messages were sent from your connection in a short time. "
            "Wait a few minutes and send it again; nothing was lost."
        )
    session.add(FeedbackAttempt(form_id=form.id, source_key=sender, at=now))


def _earlier(
    session: Session, form: FeedbackForm, sender: str, digest: str, now: datetime
) -> FeedbackItem | None:
    return session.scalar(
        select(FeedbackItem)
        .where(
            FeedbackItem.form_id == form.id,
            FeedbackItem.source_key == sender,
            FeedbackItem.text_hash == digest,
            FeedbackItem.received_at >= now - DUPLICATE_WINDOW,
        )
        .order_by(FeedbackItem.id)
        .limit(1)
    )


def _clean_answers(
    form: FeedbackForm, answers: dict[str, str], *, required: bool = True
) -> dict[str, str]:
    known = {spec["key"]: spec for spec in form.fields if spec.get("type") != "region"}
    cleaned: dict[str, str] = {}
    for key, spec in known.items():
        value = unicodedata.normalize("NFC", answers.get(key, "")).strip()[:MAX_ANSWER_CHARS]
        if spec["type"] == "choice" and value and value not in spec.get("options", []):
            raise Invalid(f"Choose one of the offered answers for {key!r}.", field=key)
        if required and spec.get("required") and not value:
            raise Invalid(f"Answer the question {key!r}.", field=key)
        if value:
            cleaned[key] = value
    return cleaned


def _unique_reference(session: Session) -> str:
    while True:
        reference = new_reference()
        taken = session.scalar(select(FeedbackItem.id).where(FeedbackItem.reference == reference))
        if taken is None:
            return reference


def _hold_reason(submission: Submission, text: str) -> str | None:
    if submission.honeypot.strip():
        return "honeypot"
    return abuse.check_text(text).reason


def submit_feedback(
    session: Session,
    *,
    form: FeedbackForm,
    submission: Submission,
    keys: IntakeKeys,
    sender_address: str,
    limits: RateLimits | None = None,
    now: datetime | None = None,
    staff_import: bool = False,
) -> Receipt:
    """Store one message (or find the same one sent minutes ago); held items are kept, not lost.

    `staff_import` skips the public rate limits and required questions (a letter answers no
    form); abuse holds still apply.
    """
    now = now or utcnow()
    sender = keys.sender(sender_address or "unknown")
    if not staff_import:
        _check_rate(session, form, sender, now, limits or RateLimits())
    text = clean_text(submission.text)
    digest = text_hash(text)
    earlier = _earlier(session, form, sender, digest, now)
    if earlier is not None:
        return Receipt(item=earlier, token=None, duplicate=True)
    answers = _clean_answers(form, submission.answers, required=not staff_import)
    reason = _hold_reason(submission, text)
    token = secrets.token_urlsafe(24)
    item = FeedbackItem(
        form_id=form.id,
        project_id=form.project_id,
        reference=_unique_reference(session),
        token_hash=hash_token(token),
        text=text,
        text_hash=digest,
        answers=answers,
        region=(submission.region or "").strip()[:200] or None,
        channel=submission.channel,
        status=FeedbackStatus.NEW,
        held_for_moderation=reason is not None,
        held_reason=reason,
        source_key=sender,
        latitude=submission.latitude,
        longitude=submission.longitude,
        address=(submission.address or "").strip()[:500] or None,
        media_url=(submission.media_url or "").strip()[:2048] or None,
        received_at=submission.received_at or now,
        import_key=submission.import_key,
        consultation_id=submission.consultation_id,
        section_key=submission.section_key if submission.consultation_id else None,
        anchor_state="citizen" if submission.consultation_id and submission.section_key else None,
    )
    item.events.append(FeedbackEvent(at=item.received_at, status=FeedbackStatus.NEW, note=""))
    session.add(item)
    session.flush()
    if submission.contact is not None and not submission.contact.is_empty():
        _store_contact(session, form, item, submission, keys, now)
    route_item(session, item, now=now)
    return Receipt(item=item, token=token)


def _store_contact(
    session: Session,
    form: FeedbackForm,
    item: FeedbackItem,
    submission: Submission,
    keys: IntakeKeys,
    now: datetime,
) -> None:
    contact = submission.contact or ContactInput()
    if not submission.consent:
        raise Invalid(
            "To leave contact details, tick the consent box; or leave them out.", field="consent"
        )
    email = contact.email.strip().lower()
    phone = contact.phone.strip()
    if email and not _EMAIL.match(email):
        raise Invalid(f"{email!r} is not an e-mail address.", field="email")
    if phone and not _PHONE.match(phone):
        raise Invalid("Write the phone number with digits only (and +).", field="phone")
    cipher = keys.cipher()

    def seal(value: str) -> str | None:
        return cipher.encrypt(value) if value else None

    session.add(
        FeedbackContact(
            item_id=item.id,
            name_encrypted=seal(contact.name.strip()[:200]),
            email_encrypted=seal(email),
            phone_encrypted=seal(phone),
            email_index=cipher.blind_index(email) if email else None,
            phone_index=cipher.blind_index(phone) if phone else None,
            consent_version=form.consent_version,
            consented_at=now,
            purge_after=now + timedelta(days=form.retention_days),
        )
    )


def intake_summary(receipt: Receipt) -> dict[str, Any]:
    """What the citizen is told: reference, token (new items only), whether it was a repeat."""
    return {
        "reference": receipt.item.reference,
        "token": receipt.token,
        "duplicate": receipt.duplicate,
    }
