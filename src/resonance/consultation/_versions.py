"""Import a version of the draft, store its changes, link changes to the feedback behind them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.consultation.models import (
    Consultation,
    ConsultationChange,
    ConsultationChangeLink,
    ConsultationSection,
    ConsultationVersion,
)
from resonance.consultation.queries import access_consultation_for, draft_of, find_current_version
from resonance.errors import Conflict, Invalid, NotFound
from resonance.feedback.drafts import Draft, SectionChange, diff_versions, import_draft
from resonance.feedback.models import FeedbackItem, FeedbackTheme
from resonance.feedback.queries import find_item_by_reference
from resonance.organization.access import Actor, Permission

MAX_NOTE = 5_000
MAX_REASON = 5_000
# Stored kinds: "modified" of the pure diff is "changed" here; unchanged sections are not stored.
_KINDS = {"added": "added", "removed": "removed", "modified": "changed", "moved": "moved"}


def import_version(
    session: Session,
    actor: Actor,
    consultation_id: int,
    *,
    data: bytes,
    filename: str | None = None,
    media_type: str | None = None,
    note: str = "",
) -> ConsultationVersion:
    """Store a new version split into sections, and its changes against the previous one.

    A section paired with one of the previous version (same, edited or renumbered) keeps that
    section's key, so comments on it stay attached; new sections get keys never used before.
    """
    consultation = access_consultation_for(
        session, actor, consultation_id, Permission.MANAGE_PROJECTS
    )
    draft = import_draft(data, filename=filename, media_type=media_type)
    if not draft.sections:
        raise Invalid("No sections were found in the file.", field="file")
    previous = find_current_version(session, consultation.id)
    diff = _diff(previous, draft, consultation.language)
    changes = [c for c in diff if c.kind != "unchanged"]
    if previous is not None and not changes:
        raise Conflict(f"The file is identical to version {previous.number}; nothing was stored.")
    version = ConsultationVersion(
        consultation_id=consultation.id,
        number=previous.number + 1 if previous else 1,
        title=(draft.title or filename or consultation.slug)[:500],
        source_name=(filename or "")[:300],
        source_format=draft.source_format,
        note=note.strip()[:MAX_NOTE],
        imported_by_id=actor.user_id,
    )
    keys = _section_keys(session, consultation, previous, draft, diff)
    for position, section in enumerate(draft.sections):
        version.sections.append(
            ConsultationSection(
                key=keys[section.number],
                number=section.number[:32],
                heading=section.heading[:1000],
                body=section.text,
                position=position,
            )
        )
    session.add(version)
    session.flush()
    if previous is not None:
        _store_changes(session, consultation, previous, version, changes)
    record(
        session,
        actor=actor,
        action="consultation.version",
        entity_type="consultation",
        entity_id=consultation.id,
        unit_id=consultation.project.owner_unit_id,
        after={"version": version.number, "sections": len(version.sections), "file": filename},
    )
    return version


def _diff(previous: ConsultationVersion | None, draft: Draft, language: str) -> list[SectionChange]:
    """Every section of the new version paired (or not) with the previous one, in new order."""
    return [] if previous is None else diff_versions(draft_of(previous, language), draft)


def _section_keys(
    session: Session,
    consultation: Consultation,
    previous: ConsultationVersion | None,
    draft: Draft,
    diff: list[SectionChange],
) -> dict[str, str]:
    keys: dict[str, str] = {}
    if previous is not None:
        old_keys = {s.number: s.key for s in previous.sections}
        for change in diff:
            if change.old_number is not None and change.new_number is not None:
                keys[change.new_number] = old_keys[change.old_number]
    used = set(
        session.scalars(
            select(ConsultationSection.key)
            .join(ConsultationVersion, ConsultationVersion.id == ConsultationSection.version_id)
            .where(ConsultationVersion.consultation_id == consultation.id)
        )
    )
    used |= set(keys.values())
    for section in draft.sections:
        if section.number not in keys:
            keys[section.number] = _unique((section.anchor or "sec")[:60], used)
    return keys


def _unique(key: str, used: set[str]) -> str:
    candidate, k = key, 1
    while candidate in used:
        k += 1
        candidate = f"{key}-{k}"
    used.add(candidate)
    return candidate


def _store_changes(
    session: Session,
    consultation: Consultation,
    previous: ConsultationVersion,
    version: ConsultationVersion,
    changes: list[SectionChange],
) -> None:
    old_keys = {s.number: s.key for s in previous.sections}
    new_keys = {s.number: s.key for s in version.sections}
    for change in changes:
        if change.new_number is not None:
            key = new_keys[change.new_number[:32]]
        else:
            key = old_keys[str(change.old_number)]
        session.add(
            ConsultationChange(
                consultation_id=consultation.id,
                from_version_id=previous.id,
                to_version_id=version.id,
                section_key=key,
                kind=_KINDS[change.kind],
                reason="",
            )
        )
    session.flush()


def _change_of(session: Session, consultation: Consultation, change_id: int) -> ConsultationChange:
    change = session.get(ConsultationChange, change_id)
    if change is None or change.consultation_id != consultation.id:
        raise NotFound(f"This consultation has no change with id {change_id}.")
    return change


def set_change_reason(
    session: Session, actor: Actor, consultation_id: int, *, change_id: int, reason: str
) -> ConsultationChange:
    """Why the drafters changed a section (shown on the public changes page)."""
    consultation = access_consultation_for(
        session, actor, consultation_id, Permission.MANAGE_PROJECTS
    )
    change = _change_of(session, consultation, change_id)
    before = change.reason
    change.reason = reason.strip()[:MAX_REASON]
    session.flush()
    record(
        session,
        actor=actor,
        action="consultation.change_reason",
        entity_type="consultation_change",
        entity_id=change.id,
        unit_id=consultation.project.owner_unit_id,
        before={"reason": before},
        after={"reason": change.reason},
    )
    return change


def link_change(
    session: Session,
    actor: Actor,
    consultation_id: int,
    *,
    change_id: int,
    item_id: int | None = None,
    item_reference: str | None = None,
    theme_id: int | None = None,
) -> ConsultationChangeLink:
    """Record that an item (by id or reference) or a theme of this consultation caused a change."""
    consultation = access_consultation_for(
        session, actor, consultation_id, Permission.MANAGE_PROJECTS
    )
    change = _change_of(session, consultation, change_id)
    item = _item(session, consultation, item_id, item_reference)
    theme = _theme(session, consultation, theme_id)
    if (item is None) == (theme is None):
        raise Invalid("Link either one feedback item or one theme.", field="link")
    same = (
        ConsultationChangeLink.item_id == item.id
        if item is not None
        else ConsultationChangeLink.theme_id == (theme.id if theme else None)
    )
    existing = session.scalar(
        select(ConsultationChangeLink).where(ConsultationChangeLink.change_id == change.id, same)
    )
    if existing is not None:
        return existing
    link = ConsultationChangeLink(
        change_id=change.id,
        item_id=item.id if item else None,
        theme_id=theme.id if theme else None,
    )
    session.add(link)
    session.flush()
    record(
        session,
        actor=actor,
        action="consultation.change_link",
        entity_type="consultation_change",
        entity_id=change.id,
        unit_id=consultation.project.owner_unit_id,
        after={"item_id": link.item_id, "theme_id": link.theme_id},
    )
    return link


def _item(
    session: Session, consultation: Consultation, item_id: int | None, reference: str | None
) -> FeedbackItem | None:
    if item_id is None and not (reference or "").strip():
        return None
    item = (
        session.get(FeedbackItem, item_id)
        if item_id is not None
        else find_item_by_reference(session, reference or "")
    )
    if item is None or item.consultation_id != consultation.id:
        shown = reference or item_id
        raise Invalid(f"{shown} is not a comment on this consultation.", field="item")
    return item


def _theme(
    session: Session, consultation: Consultation, theme_id: int | None
) -> FeedbackTheme | None:
    if theme_id is None:
        return None
    theme = session.get(FeedbackTheme, theme_id)
    if theme is None or theme.consultation_id != consultation.id:
        raise Invalid(f"Theme {theme_id} is not a theme of this consultation.", field="theme")
    return theme
