"""Work the demo messages as staff and citizens would: assign, ask, answer, close, rate, reopen."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from resonance.demo._feedback_intake import Loaded
from resonance.demo._feedback_messages import CAMPAIGN, HELD_THEME
from resonance.demo._feedback_variety import (
    CAMPAIGN_REPLY,
    QUESTIONS,
    REOPEN_REASONS,
    REPLIES,
)
from resonance.errors import Invalid
from resonance.feedback.handling import change_status
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import FeedbackItem, FeedbackStatus, ReplyTemplate
from resonance.feedback.replies import fill_template, rate_answer, reopen_request, send_reply
from resonance.feedback.routing import accept_suggestion, assign_item
from resonance.organization.access import Actor

RATINGS = (5, 5, 5, 4, 4, 4, 3, 3, 2, 1)
_FOCAL_UNITS = {"Kyiv Oblast Office", "Bila Tserkva District Office"}


@dataclass(frozen=True)
class Staff:
    """Who works the demo queue: the communication lead, and the Kyiv focal point."""

    lead: Actor
    focal: Actor
    units: dict[str, int]
    owner_unit_id: int
    templates: dict[str, ReplyTemplate]
    keys: IntakeKeys

    def for_unit(self, unit_id: int | None) -> Actor:
        focal_ids = {self.units[n] for n in _FOCAL_UNITS if n in self.units}
        return self.focal if unit_id in focal_ids else self.lead


@dataclass
class Worked:
    """What the simulated staff and citizens did."""

    replies: int = 0
    despite_warnings: int = 0
    rated: int = 0
    reopened: int = 0
    actions: Counter[str] = field(default_factory=Counter)


def _at(start: datetime, days: float, now: datetime) -> datetime:
    """`days` after `start`, but never later than a minute before `now`."""
    return min(start + timedelta(days=days), now - timedelta(minutes=1))


def _reply(
    session: Session, staff: Staff, item: FeedbackItem, loaded: Loaded, at: datetime, done: Worked
) -> None:
    message = loaded.message
    lang = "uk" if message.theme == CAMPAIGN else message.lang
    template = staff.templates[lang]
    specific = CAMPAIGN_REPLY if message.theme == CAMPAIGN else REPLIES[message.theme][lang]
    glue = "" if lang == "zh" else " "
    body = f"{fill_template(template.body, item, lang)}{glue}{specific}"
    actor = staff.for_unit(item.unit_id)

    def send(confirm: bool) -> None:
        send_reply(
            session,
            actor,
            item.id,
            body=body,
            template_id=template.id,
            language=lang,
            confirm_warnings=confirm,
            now=at,
        )

    try:
        send(False)
    except Invalid:  # the vacuous-reply check flagged it: the author confirms, as people do
        send(True)
        done.despite_warnings += 1
    done.replies += 1


def _after_answer(
    session: Session,
    staff: Staff,
    item: FeedbackItem,
    loaded: Loaded,
    answered: datetime,
    now: datetime,
    rng: random.Random,
    done: Worked,
) -> None:
    """The citizen rates or reopens, or staff close it after a quiet while."""
    if (now - answered).days < 2:
        return
    draw = rng.random()
    lang = loaded.message.lang
    sender = loaded.message.sender
    if draw < 0.3:
        rate_answer(
            session,
            reference=item.reference,
            token=loaded.token,
            rating=rng.choice(RATINGS),
            keys=staff.keys,
            sender_address=sender,
            now=_at(answered, 1, now),
        )
        done.rated += 1
    if draw < 0.06:
        reopen_request(
            session,
            reference=item.reference,
            token=loaded.token,
            reason=REOPEN_REASONS[lang],
            keys=staff.keys,
            sender_address=sender,
            now=_at(answered, 1.5, now),
        )
        done.reopened += 1
    elif draw < 0.55:
        actor = staff.for_unit(item.unit_id)
        change_status(session, actor, item.id, action="close", now=_at(answered, 2, now))
        done.actions["close"] += 1


def _place(
    session: Session, staff: Staff, item: FeedbackItem, age: float, rng: random.Random
) -> bool:
    """Queued items older than a few days were placed by a person; True when assigned now."""
    if item.unit_id is not None:
        return True
    if age < 4 or rng.random() < 0.3:
        return False  # still waiting in the queue
    at = item.received_at + timedelta(days=1)
    if item.suggested_unit_id is not None and rng.random() < 0.8:
        accept_suggestion(session, staff.lead, item.id, now=at)
    else:
        assign_item(session, staff.lead, item.id, staff.owner_unit_id, now=at)
    return True


def _progress(
    session: Session, staff: Staff, item: FeedbackItem, entry: Loaded, rng: random.Random
) -> str:
    """Start work, or ask the citizen (some replied since); returns what happened."""
    actor = staff.for_unit(item.unit_id)
    start = item.received_at + timedelta(hours=6)
    change_status(session, actor, item.id, action="start", now=start)
    if entry.message.days_ago < 3 or rng.random() < 0.5:
        return "start"
    note = QUESTIONS["uk" if entry.message.theme == CAMPAIGN else entry.message.lang]
    change_status(
        session, actor, item.id, action="ask_citizen", note=note, now=start + timedelta(hours=2)
    )
    if rng.random() < 0.3:
        change_status(
            session, actor, item.id, action="citizen_replied", now=start + timedelta(days=2)
        )
        return "citizen_replied"
    return "ask_citizen"


def work_items(
    session: Session,
    *,
    loaded: Sequence[Loaded],
    staff: Staff,
    now: datetime,
    rng: random.Random,
) -> Worked:
    """Move each message as far as its age makes likely; recent ones stay new or assigned."""
    done = Worked()
    for entry in loaded:
        if entry.message.theme == HELD_THEME:
            continue
        item = session.get(FeedbackItem, entry.item_id)
        if item is None or item.held_for_moderation:
            continue
        age = entry.message.days_ago
        if not _place(session, staff, item, age, rng):
            continue
        answer_share = 0.88 if age > 10 else 0.5 if age > 3 else 0.15 if age > 1 else 0.0
        draw = rng.random()
        if draw < answer_share:
            answered = _at(entry.received_at, rng.uniform(0.3, min(age - 0.2, 5.0)), now)
            _reply(session, staff, item, entry, answered, done)
            _after_answer(session, staff, item, entry, answered, now, rng, done)
        elif draw < answer_share + 0.12 and age > 1:
            done.actions[_progress(session, staff, item, entry, rng)] += 1
    return done


def status_counts(items: Sequence[FeedbackItem]) -> dict[str, int]:
    return dict(Counter(FeedbackStatus(item.status).value for item in items))
