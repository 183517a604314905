"""Citizens' comments on a consultation: on one section or on the whole draft, while it is open."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy.orm import Session

from resonance.consultation.models import Consultation, Stage
from resonance.consultation.queries import find_current_version, find_section
from resonance.errors import Conflict, Invalid
from resonance.feedback.intake import IntakeKeys, RateLimits, Receipt, Submission, submit_feedback
from resonance.storage.base import utcnow


def comments_open(consultation: Consultation, *, now: datetime | None = None) -> bool:
    """Published, in the draft consultation stage, and not past its planned end date."""
    if not consultation.published or consultation.stage is not Stage.DRAFT_CONSULTATION:
        return False
    today = (now or utcnow()).date()
    for row in consultation.stages:
        if row.stage is Stage.DRAFT_CONSULTATION and row.ends_on is not None:
            return today <= row.ends_on
    return True


def submit_comment(
    session: Session,
    *,
    consultation: Consultation,
    submission: Submission,
    section_key: str | None,
    keys: IntakeKeys,
    sender_address: str,
    limits: RateLimits | None = None,
    now: datetime | None = None,
) -> Receipt:
    """Store a comment through the consultation's form; a section must be in the current version."""
    if not comments_open(consultation, now=now):
        raise Conflict("This consultation is not taking comments now.")
    version = find_current_version(session, consultation.id)
    if version is None:
        raise Conflict("The draft of this consultation is not published yet.")
    key = (section_key or "").strip() or None
    if key is not None and find_section(session, version.id, key) is None:
        raise Invalid(
            "The draft has no such section; choose a section of the draft.", field="section"
        )
    return submit_feedback(
        session,
        form=consultation.form,
        submission=dataclasses.replace(
            submission, consultation_id=consultation.id, section_key=key
        ),
        keys=keys,
        sender_address=sender_address,
        limits=limits,
        now=now,
    )
