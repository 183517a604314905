"""What the citizen does on the status page: rate the answer once, reopen the request once."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.errors import Conflict, Invalid, RateLimited
from resonance.feedback.deadlines import on_status_change
from resonance.feedback.intake import IntakeKeys, RateLimits
from resonance.feedback.models import FeedbackAttempt, FeedbackEvent, FeedbackItem, Reply
from resonance.feedback.queries import item_for_citizen
from resonance.feedback.statuses import MAX_REOPENS, Action, Party, Status, transition
from resonance.organization.access import Actor
from resonance.storage.base import utcnow

RATING_RANGE = range(1, 6)
MAX_REASON_CHARS = 2_000
CITIZEN = Actor.system("citizen")
"""The audit actor of the citizen's own actions (authenticated by the private status link)."""


@dataclass(frozen=True)
class CitizenView:
    """What the status page shows of the replies, and which of the two actions are open."""

    replies: Sequence[Reply]
    can_rate: bool
    can_reopen: bool


def public_replies(session: Session, item: FeedbackItem) -> Sequence[Reply]:
    """Replies of an item the caller already holds, oldest first."""
    stmt = select(Reply).where(Reply.item_id == item.id).order_by(Reply.created_at, Reply.id)
    return session.scalars(stmt).all()


def _answered(item: FeedbackItem) -> bool:
    return item.answered_at is not None or item.status in (Status.ANSWERED, Status.CLOSED)


def citizen_view(session: Session, item: FeedbackItem) -> CitizenView:
    """The replies of an item reached through its private link, and what the citizen may do."""
    return CitizenView(
        replies=public_replies(session, item),
        can_rate=item.rating is None and _answered(item),
        can_reopen=item.status in (Status.ANSWERED, Status.CLOSED)
        and item.reopen_count < MAX_REOPENS,
    )


def _check_rate(
    session: Session, item: FeedbackItem, keys: IntakeKeys, address: str, now: datetime
) -> None:
    """The intake limits, counted apart ("status:" senders), so rating never blocks a message."""
    limits = RateLimits()
    sender = keys.sender(f"status:{address or 'unknown'}")
    recent = session.scalar(
        select(func.count(FeedbackAttempt.id)).where(
            FeedbackAttempt.source_key == sender, FeedbackAttempt.at >= now - limits.source_window
        )
    )
    if (recent or 0) >= limits.per_source:
        raise RateLimited(
            "Too many actions were sent from your connection in a short time. "
            "Wait a few minutes and try again; nothing was changed."
        )
    session.add(FeedbackAttempt(form_id=item.form_id, source_key=sender, at=now))
    session.flush()


def _audit(
    session: Session, item: FeedbackItem, action: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    record(
        session,
        actor=CITIZEN,
        action=action,
        entity_type="feedback_item",
        entity_id=item.id,
        unit_id=item.project.owner_unit_id,
        before=before,
        after=after,
    )


def rate_answer(
    session: Session,
    *,
    reference: str,
    token: str,
    rating: int,
    keys: IntakeKeys,
    sender_address: str,
    now: datetime | None = None,
) -> FeedbackItem:
    """Record the citizen's 1–5 rating of the answer; given once, it cannot be changed."""
    item = item_for_citizen(session, reference, token)
    now = now or utcnow()
    _check_rate(session, item, keys, sender_address, now)
    if not _answered(item):
        raise Conflict("There is no answer to rate yet.", field="rating")
    if item.rating is not None:
        raise Conflict(
            f"You rated this answer {item.rating} of 5 already; a rating cannot be changed.",
            field="rating",
        )
    if rating not in RATING_RANGE:
        raise Invalid("Choose a rating from 1 to 5.", field="rating")
    item.rating, item.rated_at = rating, now
    session.flush()
    _audit(session, item, "feedback.rate", {"rating": None}, {"rating": rating})
    return item


def reopen_request(
    session: Session,
    *,
    reference: str,
    token: str,
    reason: str,
    keys: IntakeKeys,
    sender_address: str,
    now: datetime | None = None,
) -> FeedbackItem:
    """Reopen an answered or closed request with the citizen's reason (statuses.MAX_REOPENS)."""
    item = item_for_citizen(session, reference, token)
    now = now or utcnow()
    _check_rate(session, item, keys, sender_address, now)
    reason = unicodedata.normalize("NFC", reason.replace("\x00", "")).strip()
    if not reason:
        raise Invalid("Tell us why the answer does not settle your request.", field="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise Invalid(
            f"The reason is {len(reason):,} characters long; the limit is {MAX_REASON_CHARS:,}.",
            field="reason",
        )
    before = item.status
    if item.reopen_count >= MAX_REOPENS:
        raise Conflict(
            "This request was reopened once already and cannot be reopened again; "
            "send a new request through the form instead.",
            field="reason",
        )
    if before not in (Status.ANSWERED, Status.CLOSED):
        raise Conflict("Only an answered or closed request can be reopened.", field="reason")
    item.status = transition(
        item.status, Action.REOPEN, by=Party.CITIZEN, reopens=item.reopen_count
    )
    item.events.append(FeedbackEvent(at=now, status=item.status, note=reason))
    # The deadline hook change_status calls: counts the reopen and restarts the response clock.
    on_status_change(session, item, Action.REOPEN, now=now)
    _audit(
        session,
        item,
        "feedback.status",
        {"status": before.value},
        {"status": item.status.value, "action": Action.REOPEN.value, "by": Party.CITIZEN.value},
    )
    return item
