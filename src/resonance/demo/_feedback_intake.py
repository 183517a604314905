"""Submit the demo messages through intake, oldest first, with early manual routing by staff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from resonance.demo._feedback_messages import CAMPAIGN, TOPIC_OF, DemoMessage
from resonance.feedback.intake import ContactInput, IntakeKeys, Submission, submit_feedback
from resonance.feedback.models import FeedbackChannel, FeedbackForm, FeedbackItem
from resonance.feedback.routing import assign_item
from resonance.organization.access import Actor

# Before the routing model had enough examples, staff placed what no rule caught by hand;
# the learned suggestions (and their auto-apply threshold) take over after this many days ago.
TEACHING_DAYS = 33.0
TAUGHT_UNIT = {
    "elderly_training": "Digital Literacy Department",
    "school_devices": "Digital Literacy Department",
    "accessibility": "E-Services Department",
    "rural_internet": "Digital Literacy Department",
}
_OBLAST_OFFICES = {"Kyiv Oblast Office", "Lviv Oblast Office", "Bila Tserkva District Office"}
STAFF_CHANNELS = {"email", "import"}


@dataclass(frozen=True)
class Loaded:
    """A stored demo message with the private token its sender got (to rate or reopen)."""

    item_id: int
    message: DemoMessage
    token: str
    received_at: datetime


def _submission(message: DemoMessage, received: datetime) -> Submission:
    contact = None
    if message.email:
        contact = ContactInput(name=message.name or "", email=message.email)
    topic = "e-services" if message.theme == CAMPAIGN else TOPIC_OF.get(message.theme, "other")
    return Submission(
        text=message.text,
        channel=FeedbackChannel(message.channel),
        answers={"topic": topic},
        region=message.region,
        contact=contact,
        consent=contact is not None,
        received_at=received,
    )


def _teach(
    session: Session, staff: Actor, item: FeedbackItem, message: DemoMessage, units: dict[str, int]
) -> None:
    """A person routes what nothing else placed: the oblast office for its region, else a unit."""
    name = message.region if message.region in _OBLAST_OFFICES else None
    name = name or TAUGHT_UNIT.get(message.theme, "Digital Literacy Department")
    later = item.received_at + timedelta(hours=3)
    assign_item(session, staff, item.id, units[name], method="manual", now=later)


def submit_messages(
    session: Session,
    *,
    form: FeedbackForm,
    messages: Sequence[DemoMessage],
    keys: IntakeKeys,
    staff: Actor,
    units: dict[str, int],
    now: datetime,
) -> list[Loaded]:
    """Store every message as it arrived (rules and the learned model route each one)."""
    loaded = []
    for message in messages:
        received = now - timedelta(days=message.days_ago)
        receipt = submit_feedback(
            session,
            form=form,
            submission=_submission(message, received),
            keys=keys,
            sender_address=message.sender,
            now=received,
            staff_import=message.channel in STAFF_CHANNELS,
        )
        item = receipt.item
        if (
            message.days_ago > TEACHING_DAYS
            and item.routing_method == "queued"
            and not item.held_for_moderation
        ):
            _teach(session, staff, item, message, units)
        loaded.append(Loaded(item.id, message, receipt.token or "", received))
    return loaded
