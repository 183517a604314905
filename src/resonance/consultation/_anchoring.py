"""Anchor comments that arrived by e-mail, import or API to the section they discuss."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.consultation.models import Consultation
from resonance.consultation.queries import (
    access_consultation_for,
    draft_of,
    find_current_version,
    find_section,
    unanchored_filter,
)
from resonance.errors import Conflict, Invalid, NotFound
from resonance.feedback.drafts import anchor_comment
from resonance.feedback.models import FeedbackItem
from resonance.organization.access import Actor, Permission

MAX_BATCH = 1_000


def suggest_anchors(
    session: Session, consultation_id: int, *, actor: Actor | None = None, limit: int = MAX_BATCH
) -> int:
    """Suggest a section for items of the consultation sent without one; returns how many.

    Items are those of the consultation or of its form that arrived another way than the
    public page (e-mail, import, API) and have no section yet. The best suggestion is stored
    with its score (anchor_state "suggested") for an analyst to confirm or reject. Without an
    actor (a background job) it runs as the system.
    """
    actor = actor or Actor.system("anchoring")
    consultation = access_consultation_for(session, actor, consultation_id, Permission.ANALYSE)
    version = find_current_version(session, consultation.id)
    if version is None:
        raise Conflict("Import a version of the draft before anchoring comments.")
    draft = draft_of(version, consultation.language)
    key_of = {s.number: s.key for s in version.sections}
    items = session.scalars(
        select(FeedbackItem)
        .where(*unanchored_filter(consultation))
        .order_by(FeedbackItem.id)
        .limit(max(1, min(limit, MAX_BATCH)))
    ).all()
    suggested = 0
    for item in items:
        found = anchor_comment(item.text, draft, limit=1)
        item.consultation_id = consultation.id
        if not found:
            continue
        item.section_key = key_of[found[0].section_number]
        item.anchor_state = "suggested"
        item.anchor_score = found[0].score
        suggested += 1
    session.flush()
    record(
        session,
        actor=actor,
        action="consultation.suggest_anchors",
        entity_type="consultation",
        entity_id=consultation.id,
        unit_id=consultation.project.owner_unit_id,
        after={"examined": len(items), "suggested": suggested},
    )
    return suggested


def _item_of(session: Session, consultation: Consultation, item_id: int) -> FeedbackItem:
    item = session.get(FeedbackItem, item_id)
    if item is None or item.consultation_id != consultation.id:
        raise NotFound(f"This consultation has no comment with id {item_id}.")
    if item.anchor_state == "citizen":
        raise Conflict(f"{item.reference} was sent on a section by the citizen; it stays there.")
    return item


def confirm_anchor(
    session: Session,
    actor: Actor,
    consultation_id: int,
    *,
    item_id: int,
    section_key: str | None = None,
) -> FeedbackItem:
    """An analyst confirms the suggested section, or names another one of the current version."""
    consultation = access_consultation_for(session, actor, consultation_id, Permission.ANALYSE)
    item = _item_of(session, consultation, item_id)
    key = (section_key or "").strip() or item.section_key
    version = find_current_version(session, consultation.id)
    if not key or version is None or find_section(session, version.id, key) is None:
        raise Invalid("Choose a section of the current version.", field="section")
    before = {"section_key": item.section_key, "anchor_state": item.anchor_state}
    item.section_key, item.anchor_state = key, "confirmed"
    session.flush()
    _audit(session, actor, consultation, item, "consultation.confirm_anchor", before)
    return item


def reject_anchor(
    session: Session, actor: Actor, consultation_id: int, *, item_id: int
) -> FeedbackItem:
    """The suggestion was wrong: the item stays a comment on the whole draft, never re-suggested."""
    consultation = access_consultation_for(session, actor, consultation_id, Permission.ANALYSE)
    item = _item_of(session, consultation, item_id)
    before = {"section_key": item.section_key, "anchor_state": item.anchor_state}
    item.section_key, item.anchor_state, item.anchor_score = None, "rejected", None
    session.flush()
    _audit(session, actor, consultation, item, "consultation.reject_anchor", before)
    return item


def _audit(
    session: Session,
    actor: Actor,
    consultation: Consultation,
    item: FeedbackItem,
    action: str,
    before: dict[str, str | None],
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        entity_type="feedback_item",
        entity_id=item.id,
        unit_id=consultation.project.owner_unit_id,
        before=before,
        after={"section_key": item.section_key, "anchor_state": item.anchor_state},
    )
