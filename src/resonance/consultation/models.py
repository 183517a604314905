"""A consultation on a draft: its stages with dates, versions split into sections, and changes."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resonance.feedback.models import FeedbackForm
from resonance.monitoring.models import Project
from resonance.storage.base import Base, TimestampMixin, UTCDateTime, str_enum, utcnow

__all__ = [
    "Consultation",
    "ConsultationChange",
    "ConsultationChangeLink",
    "ConsultationSection",
    "ConsultationStage",
    "ConsultationVersion",
    "Stage",
]


class Stage(enum.StrEnum):
    """The life of a policy, in order; a consultation moves only by an explicit action."""

    DRAFT_CONSULTATION = "draft_consultation"
    APPROVAL = "approval"
    PROMULGATION = "promulgation"
    IMPLEMENTATION = "implementation"


class Consultation(TimestampMixin, Base):
    """A public consultation on a draft document of a project."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    # Comments arrive as feedback items of this form (its fields, consent and retention apply).
    form_id: Mapped[int] = mapped_column(ForeignKey("feedback_forms.id", ondelete="RESTRICT"))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    summaries: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(8))  # language of the draft text
    stage: Mapped[Stage] = mapped_column(str_enum(Stage), default=Stage.DRAFT_CONSULTATION)
    published: Mapped[bool] = mapped_column(Boolean, default=False)

    project: Mapped[Project] = relationship()
    form: Mapped[FeedbackForm] = relationship()
    stages: Mapped[list[ConsultationStage]] = relationship(
        order_by="ConsultationStage.id", cascade="all, delete-orphan", back_populates="consultation"
    )
    versions: Mapped[list[ConsultationVersion]] = relationship(
        order_by="ConsultationVersion.number",
        cascade="all, delete-orphan",
        back_populates="consultation",
    )

    def title_in(self, locale: str) -> str:
        """The title in `locale`, falling back to English, then any title, then the slug."""
        return (
            self.titles.get(locale)
            or self.titles.get("en")
            or next(iter(self.titles.values()), self.slug)
        )


class ConsultationStage(Base):
    """One stage's planned dates, when it was entered, by whom, and what was decided in it."""

    __tablename__ = "consultation_stages"
    __table_args__ = (UniqueConstraint("consultation_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[Stage] = mapped_column(str_enum(Stage))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decisions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # by language

    consultation: Mapped[Consultation] = relationship(back_populates="stages")


class ConsultationVersion(Base):
    """An imported version of the draft; comments attach to the sections of a version."""

    __tablename__ = "consultation_versions"
    __table_args__ = (UniqueConstraint("consultation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    source_name: Mapped[str] = mapped_column(String(300), default="")
    source_format: Mapped[str] = mapped_column(String(16))  # markdown, html, docx, text
    note: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    consultation: Mapped[Consultation] = relationship(back_populates="versions")
    sections: Mapped[list[ConsultationSection]] = relationship(
        order_by="ConsultationSection.position",
        cascade="all, delete-orphan",
        back_populates="version",
    )


class ConsultationSection(Base):
    """A numbered section of one version; `key` is stable across versions (its slug)."""

    __tablename__ = "consultation_sections"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_versions.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(32))
    heading: Mapped[str] = mapped_column(String(1000))
    body: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    version: Mapped[ConsultationVersion] = relationship(back_populates="sections")


class ConsultationChange(Base):
    """A section changed between two versions, with the reason given by the drafters."""

    __tablename__ = "consultation_changes"
    __table_args__ = (UniqueConstraint("to_version_id", "section_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    from_version_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_versions.id", ondelete="CASCADE")
    )
    to_version_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_versions.id", ondelete="CASCADE")
    )
    section_key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # added, removed, changed, moved
    reason: Mapped[str] = mapped_column(Text, default="")


class ConsultationChangeLink(Base):
    """Feedback (an item or a whole theme) that caused a change."""

    __tablename__ = "consultation_change_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_changes.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_items.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_themes.id", ondelete="CASCADE")
    )
