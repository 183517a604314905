""" "You said, we did" rows and the section-by-section view of a version's changes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from resonance.consultation.models import (
    Consultation,
    ConsultationChange,
    ConsultationChangeLink,
    ConsultationSection,
    ConsultationVersion,
)
from resonance.feedback.drafts import DiffOp, word_ops
from resonance.feedback.models import FeedbackItem, FeedbackTheme


@dataclass(frozen=True)
class ChangeRef:
    """A change linked to feedback, as the public sees it."""

    id: int
    version: int
    section_key: str
    number: str
    kind: str
    reason: str


@dataclass(frozen=True)
class YouSaidRow:
    """A theme of the consultation, how many raised it, what was decided, and the changes."""

    theme_id: int
    label: str
    count: int
    disposition: str | None
    reason: str
    changes: list[ChangeRef] = field(default_factory=list)


def you_said_we_did(session: Session, consultation: Consultation, locale: str) -> list[YouSaidRow]:
    """One row per live theme, largest first; a campaign (form letter) counts once."""
    themes = session.scalars(
        select(FeedbackTheme).where(
            FeedbackTheme.consultation_id == consultation.id, FeedbackTheme.retired.is_(False)
        )
    ).all()
    counts = _theme_counts(session, consultation.id)
    changes = _changes_by_theme(session, consultation.id)
    rows = [
        YouSaidRow(
            theme_id=theme.id,
            label=theme.labels.get(locale)
            or theme.labels.get("en")
            or next(iter(theme.labels.values()), theme.key),
            count=counts.get(theme.id, 0),
            disposition=theme.disposition,
            reason=theme.disposition_reason,
            changes=changes.get(theme.id, []),
        )
        for theme in themes
    ]
    return sorted(rows, key=lambda r: (-r.count, r.label))


def _theme_counts(session: Session, consultation_id: int) -> dict[int, int]:
    single = func.count(case((FeedbackItem.campaign_id.is_(None), FeedbackItem.id)))
    stmt = (
        select(FeedbackItem.theme_id, single + func.count(distinct(FeedbackItem.campaign_id)))
        .where(
            FeedbackItem.consultation_id == consultation_id,
            FeedbackItem.theme_id.is_not(None),
            FeedbackItem.held_for_moderation.is_(False),
        )
        .group_by(FeedbackItem.theme_id)
    )
    return {int(theme_id or 0): int(n) for theme_id, n in session.execute(stmt)}


def _changes_by_theme(session: Session, consultation_id: int) -> dict[int, list[ChangeRef]]:
    """Changes linked to a theme directly or through one of its items."""
    theme = func.coalesce(ConsultationChangeLink.theme_id, FeedbackItem.theme_id)
    stmt = (
        select(theme, ConsultationChange, ConsultationVersion.number, ConsultationSection.number)
        .join(ConsultationChange, ConsultationChange.id == ConsultationChangeLink.change_id)
        .join(ConsultationVersion, ConsultationVersion.id == ConsultationChange.to_version_id)
        .outerjoin(FeedbackItem, FeedbackItem.id == ConsultationChangeLink.item_id)
        .outerjoin(
            ConsultationSection,
            (ConsultationSection.version_id == ConsultationChange.to_version_id)
            & (ConsultationSection.key == ConsultationChange.section_key),
        )
        .where(ConsultationChange.consultation_id == consultation_id)
        .order_by(ConsultationVersion.number, ConsultationChange.id)
    )
    found: dict[int, list[ChangeRef]] = defaultdict(list)
    for theme_id, change, version, number in session.execute(stmt):
        if theme_id is None:
            continue
        ref = ChangeRef(
            change.id, version, change.section_key, number or "", change.kind, change.reason
        )
        if ref not in found[theme_id]:
            found[theme_id].append(ref)
    return found


@dataclass(frozen=True)
class ChangeView:
    """One stored change with both sides of the section and the word-level diff."""

    change: ConsultationChange
    old: ConsultationSection | None
    new: ConsultationSection | None
    ops: list[DiffOp]
    item_refs: list[str]
    theme_ids: list[int]


def _full(section: ConsultationSection | None) -> str:
    return "" if section is None else f"{section.heading}\n{section.body}".strip()


def version_changes(session: Session, version: ConsultationVersion) -> list[ChangeView]:
    """The changes that made `version`, in the order of its sections (removed ones last)."""
    changes = session.scalars(
        select(ConsultationChange).where(ConsultationChange.to_version_id == version.id)
    ).all()
    if not changes:
        return []
    old_sections = _sections(session, changes[0].from_version_id)
    new_sections = {s.key: s for s in version.sections}
    links = _links(session, [c.id for c in changes])
    views = []
    for change in changes:
        old = old_sections.get(change.section_key) if change.kind != "added" else None
        new = new_sections.get(change.section_key) if change.kind != "removed" else None
        item_refs, theme_ids = links.get(change.id, ([], []))
        views.append(
            ChangeView(change, old, new, word_ops(_full(old), _full(new)), item_refs, theme_ids)
        )
    order = {s.key: s.position for s in version.sections}
    return sorted(views, key=lambda v: (order.get(v.change.section_key, 10**6), v.change.id))


def _sections(session: Session, version_id: int) -> dict[str, ConsultationSection]:
    stmt = select(ConsultationSection).where(ConsultationSection.version_id == version_id)
    return {s.key: s for s in session.scalars(stmt)}


def _links(session: Session, change_ids: Sequence[int]) -> dict[int, tuple[list[str], list[int]]]:
    stmt = (
        select(ConsultationChangeLink, FeedbackItem.reference)
        .outerjoin(FeedbackItem, FeedbackItem.id == ConsultationChangeLink.item_id)
        .where(ConsultationChangeLink.change_id.in_(change_ids))
        .order_by(ConsultationChangeLink.id)
    )
    found: dict[int, tuple[list[str], list[int]]] = {}
    for link, reference in session.execute(stmt):
        refs, themes = found.setdefault(link.change_id, ([], []))
        if reference:
            refs.append(reference)
        if link.theme_id is not None:
            themes.append(link.theme_id)
    return found
