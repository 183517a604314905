"""The demo consultation: a draft in two versions, comments, anchoring, changes, decisions."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.consultation.models import Consultation, ConsultationChange, ConsultationVersion
from resonance.consultation.services import (
    advance_stage,
    confirm_anchor,
    create_consultation,
    import_version,
    link_change,
    plan_stages,
    set_change_reason,
    set_disposition,
    submit_comment,
    suggest_anchors,
    update_consultation,
)
from resonance.demo._consultation_draft import (
    DRAFT_V1,
    DRAFT_V2,
    EMAILED_COMMENTS,
    SECTION_COMMENTS,
)
from resonance.demo._feedback_consultation_text import (
    CHANGE_REASONS,
    CONSULTATION_SLUG,
    CONTEXT,
    DECISION,
    DISPOSITIONS,
    OPENERS,
    SUMMARIES,
    TITLES,
)
from resonance.demo._feedback_messages import personal
from resonance.demo._feedback_variety import MONTHS, NAMES, PLACES, STREETS, WHO
from resonance.feedback.intake import IntakeKeys, Submission, submit_feedback
from resonance.feedback.models import FeedbackChannel, FeedbackItem, FeedbackTheme
from resonance.organization.access import Actor

COMMENTS = 400
EMAIL_COPIES = 3
LINKS_PER_CHANGE = 3
MARKDOWN = "text/markdown"


@dataclass(frozen=True)
class Comment:
    item_id: int
    section: str  # the section's number in version 1, "" for the whole draft


def find_consultation(session: Session) -> Consultation | None:
    return session.scalar(select(Consultation).where(Consultation.slug == CONSULTATION_SLUG))


def _values(published: bool) -> dict[str, object]:
    return {
        "slug": CONSULTATION_SLUG,
        "titles": TITLES,
        "summaries": SUMMARIES,
        "language": "uk",
        "published": published,
    }


def open_consultation(
    session: Session, actor: Actor, *, project_id: int, now: datetime
) -> Consultation:
    """Create it, plan its stages around `now`, import version 1 and publish it."""
    consultation = create_consultation(session, actor, project_id=project_id, values=_values(False))
    today = now.date()
    plan_stages(
        session,
        actor,
        consultation.id,
        dates={
            "draft_consultation": (today - timedelta(days=40), today - timedelta(days=8)),
            "approval": (today - timedelta(days=7), today + timedelta(days=21)),
            "promulgation": (today + timedelta(days=22), today + timedelta(days=35)),
            "implementation": (today + timedelta(days=36), today + timedelta(days=400)),
        },
    )
    import_version(
        session,
        actor,
        consultation.id,
        data=DRAFT_V1.encode("utf-8"),
        filename="draft-v1.md",
        media_type=MARKDOWN,
        note="Version put to consultation.",
    )
    return update_consultation(session, actor, consultation.id, values=_values(True))


def _keys(version: ConsultationVersion) -> dict[str, str]:
    return {section.number: section.key for section in version.sections}


def _context(rng: random.Random, lang: str) -> str:
    return rng.choice(CONTEXT[lang]).format(
        n=rng.randint(5, 20), month=rng.choice(MONTHS[lang]), place=rng.choice(PLACES[lang])
    )


def _signature(rng: random.Random, lang: str) -> str:
    """Name, occupation, village, street and house: every word of it varies."""
    name, who = rng.choice(NAMES[lang]), rng.choice(WHO[lang])
    place, street, house = rng.choice(PLACES[lang]), rng.choice(STREETS[lang]), rng.randint(1, 120)
    if lang == "zh":
        return f"——{place}{street}{house}号，{who}{name}"
    return f"— {name}, {who}, {place}, {street} {house}"


def _comment_text(rng: random.Random, lang: str, base: str) -> str:
    """The citizen's point, its context and a signature: few comments read as copies."""
    parts = [rng.choice(OPENERS[lang]), base, _context(rng, lang), _signature(rng, lang)]
    return ("" if lang == "zh" else " ").join(p for p in parts if p)


def collect_comments(
    session: Session,
    consultation: Consultation,
    *,
    keys: IntakeKeys,
    now: datetime,
    rng: random.Random,
    scale: float = 1.0,
) -> list[Comment]:
    """Comments on sections (and on the whole draft) through the public path, spread in time."""
    version = consultation.versions[-1]
    key_of = _keys(version)
    bank = [(num, lang, text) for num, rows in SECTION_COMMENTS.items() for lang, text in rows]
    stored = []
    count = max(len(bank), round(COMMENTS * scale))
    # Oldest first, as they arrived (the intake's rate limits count the minute before each).
    ages = sorted((rng.uniform(9, 39) for _ in range(count)), reverse=True)
    for n, age in enumerate(ages):
        number, lang, base = bank[n] if n < len(bank) else rng.choice(bank)
        at = now - timedelta(days=age)
        receipt = submit_comment(
            session,
            consultation=consultation,
            submission=Submission(text=_comment_text(rng, lang, base)),
            section_key=key_of.get(number),
            keys=keys,
            sender_address=f"demo-commenter-{n}@198.51.100.{n % 250 + 1}",
            now=at,
        )
        stored.append(Comment(receipt.item.id, number))
    return stored


def collect_emails(
    session: Session,
    consultation: Consultation,
    *,
    keys: IntakeKeys,
    now: datetime,
    rng: random.Random,
) -> int:
    """Comments that came by e-mail, without a section: the anchoring queue's work."""
    count = 0
    for copy in range(EMAIL_COPIES):
        for n, (lang, text) in enumerate(EMAILED_COMMENTS):
            body = f"{text} {personal(rng, lang)}"
            received = now - timedelta(days=rng.uniform(9, 30))
            submit_feedback(
                session,
                form=consultation.form,
                submission=Submission(
                    text=body, channel=FeedbackChannel.EMAIL, received_at=received
                ),
                keys=keys,
                sender_address=f"demo-mail-{copy}-{n}@example.org",
                now=received,
                staff_import=True,
            )
            count += 1
    return count


def anchor_emails(session: Session, actor: Actor, consultation: Consultation) -> tuple[int, int]:
    """Suggest sections for the e-mails, confirm all but one (left for the analyst's queue)."""
    suggested = suggest_anchors(session, consultation.id, actor=actor)
    waiting = session.scalars(
        select(FeedbackItem.id)
        .where(
            FeedbackItem.consultation_id == consultation.id,
            FeedbackItem.anchor_state == "suggested",
        )
        .order_by(FeedbackItem.id)
    ).all()
    for item_id in waiting[:-1]:
        confirm_anchor(session, actor, consultation.id, item_id=item_id)
    return suggested, max(len(waiting) - 1, 0)


def revise_draft(
    session: Session, actor: Actor, consultation: Consultation, comments: Sequence[Comment]
) -> int:
    """Import version 2, explain each change and link it to the comments (and theme) behind it."""
    v1 = consultation.versions[0]
    old_number = {section.key: section.number for section in v1.sections}
    version = import_version(
        session,
        actor,
        consultation.id,
        data=DRAFT_V2.encode("utf-8"),
        filename="draft-v2.md",
        media_type=MARKDOWN,
        note="Revised after the consultation.",
    )
    new_number = {section.key: section.number for section in version.sections}
    changes = session.scalars(
        select(ConsultationChange).where(ConsultationChange.to_version_id == version.id)
    ).all()
    linked = 0
    for change in changes:
        number = new_number.get(change.section_key, "")
        reason = CHANGE_REASONS.get(number)
        if reason:
            set_change_reason(session, actor, consultation.id, change_id=change.id, reason=reason)
        # A new section answers the comments on the whole draft; others, their own section's.
        cause = old_number.get(change.section_key, "")
        linked += _link(session, actor, consultation, change, comments, cause)
    return linked


def _link(
    session: Session,
    actor: Actor,
    consultation: Consultation,
    change: ConsultationChange,
    comments: Sequence[Comment],
    section: str,
) -> int:
    chosen = [c.item_id for c in comments if c.section == section][:LINKS_PER_CHANGE]
    for item_id in chosen:
        link_change(session, actor, consultation.id, change_id=change.id, item_id=item_id)
    themes = Counter(
        session.scalars(
            select(FeedbackItem.theme_id).where(
                FeedbackItem.id.in_([c.item_id for c in comments if c.section == section]),
                FeedbackItem.theme_id.is_not(None),
            )
        )
    )
    if themes:
        theme_id = themes.most_common(1)[0][0]
        link_change(session, actor, consultation.id, change_id=change.id, theme_id=theme_id)
    return len(chosen) + (1 if themes else 0)


def decide(
    session: Session, actor: Actor, consultation: Consultation, comments: Sequence[Comment]
) -> int:
    """A disposition for every live theme (by the section most of it discusses), then approval."""
    section_of = {c.item_id: c.section for c in comments}
    themes = session.scalars(
        select(FeedbackTheme).where(
            FeedbackTheme.consultation_id == consultation.id, FeedbackTheme.retired.is_(False)
        )
    ).all()
    for theme in themes:
        members = session.scalars(
            select(FeedbackItem.id).where(FeedbackItem.theme_id == theme.id)
        ).all()
        sections = Counter(section_of[i] for i in members if i in section_of)
        main = sections.most_common(1)[0][0] if sections else ""
        disposition, reason = DISPOSITIONS.get(main, DISPOSITIONS[""])
        set_disposition(
            session,
            actor,
            consultation.id,
            theme_id=theme.id,
            disposition=disposition,
            reason=reason,
        )
    advance_stage(session, actor, consultation.id, to="approval", decision_texts=DECISION)
    return len(themes)
