"""Read-only selects of consultations: access, versions, comments, heatmap, anchoring queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from resonance.consultation._you_said import (
    ChangeRef,
    ChangeView,
    YouSaidRow,
    version_changes,
    you_said_we_did,
)
from resonance.consultation.models import (
    Consultation,
    ConsultationSection,
    ConsultationStage,
    ConsultationVersion,
)
from resonance.errors import NotFound
from resonance.feedback.drafts import Draft, Section
from resonance.feedback.models import FeedbackChannel, FeedbackItem
from resonance.monitoring.models import Project
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import scope_filter

WHOLE = "whole"  # the heatmap row and comments filter of comments on the whole draft
NOT_ANALYSED = "not_analysed"
TONES = ("negative", "neutral", "positive", NOT_ANALYSED)
# Only what citizens sent through the public page is shown back to the public.
PUBLIC_CHANNELS = (FeedbackChannel.WEB, FeedbackChannel.WIDGET)
# A comment counts for a section when the citizen chose it or an analyst confirmed it.
ANCHORED = ("citizen", "confirmed")


def consultations_query(actor: Actor, *, project_id: int | None = None) -> Select[Consultation]:
    """Consultations of projects the actor may see, newest first."""
    stmt = (
        select(Consultation)
        .join(Project, Project.id == Consultation.project_id)
        .join(Unit, Unit.id == Project.owner_unit_id)
        .where(scope_filter(actor, Permission.VIEW, Unit.path))
    )
    if project_id is not None:
        stmt = stmt.where(Consultation.project_id == project_id)
    return stmt.order_by(Consultation.created_at.desc(), Consultation.id.desc())


def list_consultations(
    session: Session, actor: Actor, *, project_id: int | None = None
) -> Sequence[Consultation]:
    return session.scalars(consultations_query(actor, project_id=project_id)).all()


def access_consultation_for(
    session: Session, actor: Actor, consultation_id: int, permission: Permission = Permission.VIEW
) -> Consultation:
    """The consultation, if the actor may see its project and holds `permission` on its unit."""
    consultation = session.get(Consultation, consultation_id)
    if consultation is None or not actor.can(Permission.VIEW, consultation.project.owner_unit.path):
        raise NotFound(f"There is no consultation with id {consultation_id}.")
    actor.require(
        permission,
        consultation.project.owner_unit.path,
        f"change consultation {consultation.slug!r}",
    )
    return consultation


def get_public_consultation(session: Session, slug: str) -> Consultation:
    """A published consultation by slug, for anonymous visitors."""
    consultation = session.scalar(select(Consultation).where(Consultation.slug == slug[:64]))
    if consultation is None or not consultation.published:
        raise NotFound("There is no public consultation at this address.")
    return consultation


def find_current_version(session: Session, consultation_id: int) -> ConsultationVersion | None:
    """The latest imported version, or None before the first import."""
    return session.scalar(
        select(ConsultationVersion)
        .where(ConsultationVersion.consultation_id == consultation_id)
        .order_by(ConsultationVersion.number.desc())
        .limit(1)
    )


def get_version(session: Session, consultation_id: int, number: int) -> ConsultationVersion:
    version = session.scalar(
        select(ConsultationVersion).where(
            ConsultationVersion.consultation_id == consultation_id,
            ConsultationVersion.number == number,
        )
    )
    if version is None:
        raise NotFound(f"This consultation has no version {number}.")
    return version


def find_section(session: Session, version_id: int, key: str) -> ConsultationSection | None:
    return session.scalar(
        select(ConsultationSection).where(
            ConsultationSection.version_id == version_id, ConsultationSection.key == key[:64]
        )
    )


def draft_of(version: ConsultationVersion, language: str) -> Draft:
    """The stored sections of a version as a draft (for anchoring and diffs)."""
    sections = [Section(s.number, s.heading, s.body, 1, s.key) for s in version.sections]
    return Draft(version.title, sections, language, version.source_format)


def stage_rows(session: Session, consultation_id: int) -> Sequence[ConsultationStage]:
    stmt = select(ConsultationStage).where(ConsultationStage.consultation_id == consultation_id)
    return session.scalars(stmt.order_by(ConsultationStage.id)).all()


def _anchored_section() -> ColumnElement[str | None]:
    return case((FeedbackItem.anchor_state.in_(ANCHORED), FeedbackItem.section_key), else_=None)


@dataclass
class HeatmapRow:
    """Comments on one section (or the whole draft) and their tone shares."""

    key: str
    number: str
    heading: str
    total: int = 0
    tones: dict[str, int] = field(default_factory=dict)

    def share(self, tone: str) -> float:
        return self.tones.get(tone, 0) / self.total if self.total else 0.0


def section_heatmap(session: Session, consultation: Consultation) -> list[HeatmapRow]:
    """Comment volume and tone per section of the current version, aggregated in SQL."""
    section = _anchored_section()
    tone = func.coalesce(FeedbackItem.tone, NOT_ANALYSED)
    stmt = (
        select(section, tone, func.count(FeedbackItem.id))
        .where(
            FeedbackItem.consultation_id == consultation.id,
            FeedbackItem.held_for_moderation.is_(False),
        )
        .group_by(section, tone)
    )
    counts: dict[str | None, dict[str, int]] = {}
    for key, tone_value, number in session.execute(stmt):
        counts.setdefault(key, {})[str(tone_value)] = int(number)
    rows = [HeatmapRow(WHOLE, "", "")]
    version = find_current_version(session, consultation.id)
    if version is not None:
        rows += [HeatmapRow(s.key, s.number, s.heading) for s in version.sections]
    known = {row.key for row in rows}
    for row in rows:
        row.tones = counts.get(None if row.key == WHOLE else row.key, {})
    # Comments on sections the current version no longer has stay visible, not dropped.
    for key in sorted(k for k in counts if k is not None and k not in known):
        rows.append(HeatmapRow(key, "", "", tones=counts[key]))
    for row in rows:
        row.total = sum(row.tones.values())
    return rows


def _public_filter(consultation_id: int) -> list[ColumnElement[bool]]:
    return [
        FeedbackItem.consultation_id == consultation_id,
        FeedbackItem.held_for_moderation.is_(False),
        FeedbackItem.channel.in_(PUBLIC_CHANNELS),
    ]


def public_comment_counts(session: Session, consultation_id: int) -> dict[str, int]:
    """Published comments per section key (WHOLE for the whole draft), one grouped select."""
    section = _anchored_section()
    stmt = (
        select(section, func.count(FeedbackItem.id))
        .where(*_public_filter(consultation_id))
        .group_by(section)
    )
    return {key or WHOLE: int(n) for key, n in session.execute(stmt)}


def public_comments_query(consultation_id: int, *, section: str = "") -> Select[FeedbackItem]:
    """Comments shown to the public, newest first; contacts are never part of an item."""
    stmt = select(FeedbackItem).where(*_public_filter(consultation_id))
    if section == WHOLE:
        stmt = stmt.where(FeedbackItem.section_key.is_(None))
    elif section:
        stmt = stmt.where(
            FeedbackItem.section_key == section[:64], FeedbackItem.anchor_state.in_(ANCHORED)
        )
    return stmt.order_by(FeedbackItem.received_at.desc(), FeedbackItem.id.desc())


def anchor_queue_query(consultation_id: int) -> Select[FeedbackItem]:
    """Items with a suggested section waiting for an analyst, best suggestions first."""
    return (
        select(FeedbackItem)
        .where(
            FeedbackItem.consultation_id == consultation_id,
            FeedbackItem.anchor_state == "suggested",
        )
        .order_by(FeedbackItem.anchor_score.desc(), FeedbackItem.id)
    )


def count_unanchored(session: Session, consultation: Consultation) -> int:
    """Items of the consultation sent another way (e-mail, import, API) with no section yet."""
    stmt = select(func.count(FeedbackItem.id)).where(*unanchored_filter(consultation))
    return int(session.scalar(stmt) or 0)


def unanchored_filter(consultation: Consultation) -> list[ColumnElement[bool]]:
    """Items of the consultation (or its form) sent off the page, not yet anchored or refused."""
    return [
        (FeedbackItem.consultation_id == consultation.id)
        | (FeedbackItem.form_id == consultation.form_id),
        FeedbackItem.channel.not_in(PUBLIC_CHANNELS),
        FeedbackItem.section_key.is_(None),
        FeedbackItem.anchor_state.is_(None),
    ]


__all__ = [
    "ANCHORED",
    "NOT_ANALYSED",
    "TONES",
    "WHOLE",
    "ChangeRef",
    "ChangeView",
    "HeatmapRow",
    "YouSaidRow",
    "access_consultation_for",
    "anchor_queue_query",
    "consultations_query",
    "count_unanchored",
    "draft_of",
    "find_current_version",
    "find_section",
    "get_public_consultation",
    "get_version",
    "list_consultations",
    "public_comment_counts",
    "public_comments_query",
    "section_heatmap",
    "stage_rows",
    "unanchored_filter",
    "version_changes",
    "you_said_we_did",
]
