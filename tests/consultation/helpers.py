"""Builders for consultation tests: a consultation with an imported draft, comments on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from resonance.consultation.models import Consultation, ConsultationVersion
from resonance.consultation.services import create_consultation, import_version, submit_comment
from resonance.feedback.intake import Submission
from resonance.feedback.models import FeedbackItem
from resonance.monitoring.models import Project
from resonance.organization.access import Actor
from tests.factories import FEEDBACK_KEYS

DRAFTS = Path(__file__).parent.parent / "fixtures" / "drafts"
SYSTEM = Actor.system("tests")
_seq = iter(range(1, 10**6))


def draft_bytes(name: str) -> bytes:
    return (DRAFTS / name).read_bytes()


def make_consultation(
    session: Session,
    *,
    project: Project,
    actor: Actor = SYSTEM,
    draft: str | None = "en_v1.txt",
    **values: Any,
) -> Consultation:
    """A consultation of `project` (published, English) with `draft` imported as version 1."""
    values = {
        "slug": f"consultation-{next(_seq)}",
        "titles": {"en": "Open data policy"},
        "language": "en",
        "published": True,
        **values,
    }
    consultation = create_consultation(session, actor, project_id=project.id, values=values)
    if draft is not None:
        add_version(session, consultation, draft, actor=actor)
    return consultation


def add_version(
    session: Session, consultation: Consultation, name: str, *, actor: Actor = SYSTEM
) -> ConsultationVersion:
    return import_version(session, actor, consultation.id, data=draft_bytes(name), filename=name)


def comment(
    session: Session,
    consultation: Consultation,
    text: str,
    *,
    section: str | None = None,
    **submission: Any,
) -> FeedbackItem:
    """A citizen's comment through the consultation page's service (distinct sender)."""
    receipt = submit_comment(
        session,
        consultation=consultation,
        submission=Submission(text=text, **submission),
        section_key=section,
        keys=FEEDBACK_KEYS,
        sender_address=f"203.0.113.{next(_seq) % 250 + 1}",
    )
    return receipt.item
