"""Replies to citizens: templates, the vacuous-reply check, sending, e-mail and its retry."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.config import SUPPORTED_LOCALES
from resonance.errors import Conflict, Invalid, NotFound
from resonance.feedback._citizen import (
    MAX_REASON_CHARS,
    RATING_RANGE,
    CitizenView,
    citizen_view,
    public_replies,
    rate_answer,
    reopen_request,
)
from resonance.feedback._reply_mail import (
    FAILED,
    NO_CONTACT,
    PENDING,
    SENT,
    ReplyMailer,
    compose_reply_mail,
    email_reply,
    has_email,
)
from resonance.feedback._reply_templates import (
    PLACEHOLDERS,
    access_template_for,
    check_placeholders,
    create_template,
    delete_template,
    fill_template,
    list_templates,
    template_for_item,
    templates_for_item,
    update_template,
)
from resonance.feedback._vacuous import ReplyWarning, check_reply
from resonance.feedback.handling import MAX_NOTE, change_status
from resonance.feedback.models import FeedbackItem, Reply, ReplyTemplate
from resonance.feedback.queries import access_item_for
from resonance.feedback.statuses import Action, Status
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow
from resonance.text.language import detect_language

__all__ = [
    "FAILED",
    "MAX_REASON_CHARS",
    "MAX_REPLY_CHARS",
    "NO_CONTACT",
    "PENDING",
    "PLACEHOLDERS",
    "RATING_RANGE",
    "SENT",
    "CitizenView",
    "Draft",
    "ReplyMailer",
    "ReplyWarning",
    "access_template_for",
    "check_draft",
    "check_placeholders",
    "check_reply",
    "citizen_view",
    "compose_reply_mail",
    "create_template",
    "delete_template",
    "fill_template",
    "item_language",
    "list_replies",
    "list_templates",
    "public_replies",
    "rate_answer",
    "reopen_request",
    "retry_reply_email",
    "send_reply",
    "template_for_item",
    "templates_for_item",
    "update_template",
]

MAX_REPLY_CHARS = MAX_NOTE
# Where a reply moves the item: the steps it takes through the status machine, as events.
_STEPS: dict[Status, tuple[Action, ...]] = {
    Status.ASSIGNED: (Action.START, Action.ANSWER),
    Status.REOPENED: (Action.START, Action.ANSWER),
    Status.IN_PROGRESS: (Action.ANSWER,),
    Status.WAITING_FOR_CITIZEN: (Action.ANSWER,),
    Status.ANSWERED: (),  # a follow-up or correction: the item stays answered
}


@dataclass(frozen=True)
class Draft:
    """A reply as it would be sent: its language, the filled template and the findings."""

    body: str
    language: str
    template_id: int | None
    template_text: str | None
    warnings: list[ReplyWarning]


def item_language(item: FeedbackItem) -> str:
    """The language to answer in: the item's, else detected from its text, else English."""
    if item.language in SUPPORTED_LOCALES:
        return str(item.language)
    guess = detect_language(item.text).lang
    return guess if guess in SUPPORTED_LOCALES else "en"


def _clean_body(body: str) -> str:
    cleaned = unicodedata.normalize("NFC", body.replace("\x00", "")).strip()
    if not cleaned:
        raise Invalid("Write the reply before sending it.", field="body")
    if len(cleaned) > MAX_REPLY_CHARS:
        raise Invalid(
            f"The reply is {len(cleaned):,} characters long; the limit is {MAX_REPLY_CHARS:,}.",
            field="body",
        )
    return cleaned


def _draft(
    session: Session,
    item: FeedbackItem,
    body: str,
    template_id: int | None,
    language: str | None,
) -> Draft:
    template: ReplyTemplate | None = None
    if template_id is not None:
        template = template_for_item(session, item, template_id)
    if language is not None and language not in SUPPORTED_LOCALES:
        known = ", ".join(SUPPORTED_LOCALES)
        raise Invalid(f"{language!r} is not a language of replies (use {known}).", field="language")
    lang = language or (template.language if template else item_language(item))
    filled = fill_template(template.body, item, lang) if template else None
    warnings = check_reply(item.text, body, template=filled, language=lang)
    return Draft(body, lang, template.id if template else None, filled, warnings)


def check_draft(
    session: Session,
    actor: Actor,
    item_id: int,
    *,
    body: str,
    template_id: int | None = None,
    language: str | None = None,
) -> Draft:
    """Run the vacuous-reply check on a draft without sending it."""
    item = access_item_for(session, actor, item_id, Permission.ANSWER_FEEDBACK)
    return _draft(session, item, _clean_body(body), template_id, language)


def _refuse(draft: Draft) -> Invalid:
    listed = " ".join(w.message for w in draft.warnings)
    return Invalid(
        f"The reply may answer nothing: {listed} Change it, or confirm to send it anyway.",
        field="body",
        warnings=",".join(w.code for w in draft.warnings),
    )


def _answer(session: Session, actor: Actor, item: FeedbackItem, body: str, now: datetime) -> None:
    if item.status not in _STEPS:
        hint = "assign it first" if item.status is Status.NEW else "it is closed"
        raise Conflict(
            f"{item.reference} cannot be answered while it is {item.status.value}: {hint}.",
            status=item.status.value,
        )
    steps = _STEPS[item.status]
    for action in steps:
        answer = body if action is Action.ANSWER else ""
        change_status(session, actor, item.id, action=action.value, answer=answer, now=now)
    item.answer = body[:MAX_NOTE]
    if steps:  # a follow-up keeps the time of the answer that closed the wait
        item.answered_at = now


def send_reply(
    session: Session,
    actor: Actor,
    item_id: int,
    *,
    body: str,
    template_id: int | None = None,
    language: str | None = None,
    confirm_warnings: bool = False,
    mailer: ReplyMailer | None = None,
    now: datetime | None = None,
) -> Reply:
    """Answer an item: check, store, move it to answered (audited), then e-mail the citizen.

    With a `mailer`, the transaction is committed before the e-mail leaves, so a reply that
    reached the citizen is never lost; a failed e-mail is recorded on the reply for a retry.
    """
    item = access_item_for(session, actor, item_id, Permission.ANSWER_FEEDBACK)
    draft = _draft(session, item, _clean_body(body), template_id, language)
    if draft.warnings and not confirm_warnings:
        raise _refuse(draft)
    now = now or utcnow()
    _answer(session, actor, item, draft.body, now)
    reply = Reply(
        item_id=item.id,
        author_id=actor.user_id,
        template_id=draft.template_id,
        body=draft.body,
        language=draft.language,
        warnings=[w.code for w in draft.warnings],
        sent_despite_warnings=bool(draft.warnings),
        email_status=PENDING if has_email(session, item.id) else NO_CONTACT,
        created_at=now,
    )
    session.add(reply)
    session.flush()
    _audit(session, actor, item, reply, "feedback.reply")
    if mailer is not None and reply.email_status == PENDING:
        session.commit()
        email_reply(session, reply, mailer=mailer)
    return reply


def _audit(session: Session, actor: Actor, item: FeedbackItem, reply: Reply, action: str) -> None:
    # The reply's text stays in its own table; the audit names it, never the citizen's contact.
    record(
        session,
        actor=actor,
        action=action,
        entity_type="feedback_item",
        entity_id=item.id,
        unit_id=item.project.owner_unit_id,
        after={
            "reply_id": reply.id,
            "template_id": reply.template_id,
            "language": reply.language,
            "warnings": list(reply.warnings),
            "sent_despite_warnings": reply.sent_despite_warnings,
            "email_status": reply.email_status,
        },
    )


def list_replies(session: Session, actor: Actor, item_id: int) -> Sequence[Reply]:
    """Replies of an item, oldest first."""
    item = access_item_for(session, actor, item_id)
    return public_replies(session, item)


def retry_reply_email(
    session: Session, actor: Actor, item_id: int, reply_id: int, *, mailer: ReplyMailer
) -> Reply:
    """Send a reply's e-mail again after a failure (or one left pending)."""
    item = access_item_for(session, actor, item_id, Permission.ANSWER_FEEDBACK)
    reply = session.get(Reply, reply_id)
    if reply is None or reply.item_id != item.id:
        raise NotFound(f"There is no reply {reply_id} on {item.reference}.")
    if reply.email_status not in (FAILED, PENDING):
        raise Conflict(
            f"The e-mail of this reply is {reply.email_status}; only a failed or pending one "
            "is sent again.",
            email_status=reply.email_status,
        )
    email_reply(session, reply, mailer=mailer)
    _audit(session, actor, item, reply, "feedback.reply_email_retry")
    return reply
