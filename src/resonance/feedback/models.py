"""Feedback intake: forms, items with their history, and contact details kept in their own table."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

__all__ = [
    "FeedbackAnalysisRun",
    "FeedbackAttempt",
    "FeedbackCampaign",
    "FeedbackChannel",
    "FeedbackContact",
    "FeedbackEvent",
    "FeedbackForm",
    "FeedbackItem",
    "FeedbackStatus",
    "FeedbackTheme",
    "ImportRun",
    "Reply",
    "ReplyTemplate",
    "RoutingRule",
    "RoutingSettings",
]

from resonance.feedback.statuses import Status as FeedbackStatus
from resonance.monitoring.models import Project
from resonance.storage.base import Base, TimestampMixin, UTCDateTime, str_enum, utcnow


class FeedbackChannel(enum.StrEnum):
    WEB = "web"
    WIDGET = "widget"
    API = "api"
    IMPORT = "import"
    EMAIL = "email"


class FeedbackForm(TimestampMixin, Base):
    """A public form of a project: its fields, consent texts, embed origins and retention."""

    __tablename__ = "feedback_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # [{"key": ..., "type": "text"|"choice"|"region", "labels": {lang: ...}, "options": [...]}]
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    collect_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    consent_version: Mapped[int] = mapped_column(Integer, default=1)
    allowed_origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    retention_days: Mapped[int] = mapped_column(Integer, default=365)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    project: Mapped[Project] = relationship()

    def title_in(self, locale: str) -> str:
        """The title in `locale`, falling back to English, then any title, then the slug."""
        return (
            self.titles.get(locale)
            or self.titles.get("en")
            or next(iter(self.titles.values()), self.slug)
        )


class FeedbackItem(TimestampMixin, Base):
    """One message from a citizen; contact details live in FeedbackContact, never here."""

    __tablename__ = "feedback_items"
    __table_args__ = (
        Index("ix_feedback_items_project_received", "project_id", "received_at"),
        Index("ix_feedback_items_dedupe", "form_id", "source_key", "text_hash"),
        Index("ix_feedback_items_import_key", "form_id", "import_key"),
        Index("ix_feedback_items_unit_status", "unit_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_forms.id", ondelete="RESTRICT"), index=True
    )
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    region: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[FeedbackChannel] = mapped_column(str_enum(FeedbackChannel))
    language: Mapped[str | None] = mapped_column(String(8))
    tone: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[FeedbackStatus] = mapped_column(
        str_enum(FeedbackStatus), default=FeedbackStatus.NEW, index=True
    )
    held_for_moderation: Mapped[bool] = mapped_column(Boolean, default=False)
    held_reason: Mapped[str | None] = mapped_column(String(200))
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="SET NULL")
    )
    # Keyed hash of the sender's address (never the address): duplicate detection only.
    source_key: Mapped[str] = mapped_column(String(64))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(500))
    media_url: Mapped[str | None] = mapped_column(String(2048))
    answer: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Re-import de-duplication: a keyed hash of the source's own id (Message-ID, CSV row key).
    import_key: Mapped[str | None] = mapped_column(String(64))

    # --- routing and deadlines (resonance.feedback.routing) ---
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="SET NULL"), index=True
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    routing_rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_routing_rules.id", ondelete="SET NULL")
    )
    # How the unit was chosen: rule, learned (auto-applied), manual; "queued" waits for a person.
    routing_method: Mapped[str | None] = mapped_column(String(16))
    suggested_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="SET NULL")
    )
    suggestion_confidence: Mapped[float | None] = mapped_column(Float)
    deadline_hours: Mapped[float | None] = mapped_column(Float)  # business hours allowed
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[int | None] = mapped_column(Integer)  # 1..5 from the citizen
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # --- consultations (resonance.consultation) ---
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL"), index=True
    )
    section_key: Mapped[str | None] = mapped_column(String(64))
    # "citizen" (chosen on the page), "suggested" (anchored automatically), "confirmed" (analyst)
    anchor_state: Mapped[str | None] = mapped_column(String(16))
    anchor_score: Mapped[float | None] = mapped_column(Float)

    # --- analysis (resonance.feedback.analysis) ---
    detailed: Mapped[bool | None] = mapped_column(Boolean)
    tone_score: Mapped[float | None] = mapped_column(Float)
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_themes.id", ondelete="SET NULL"), index=True
    )
    theme_pinned: Mapped[bool] = mapped_column(Boolean, default=False)  # placed by an analyst
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_campaigns.id", ondelete="SET NULL"), index=True
    )
    analysed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    form: Mapped[FeedbackForm] = relationship()
    project: Mapped[Project] = relationship()
    events: Mapped[list[FeedbackEvent]] = relationship(
        order_by="FeedbackEvent.id", cascade="all, delete-orphan", back_populates="item"
    )


class FeedbackEvent(Base):
    """A step in an item's public history: its status after the step and an optional note."""

    __tablename__ = "feedback_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[FeedbackStatus] = mapped_column(str_enum(FeedbackStatus))
    note: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[FeedbackItem] = relationship(back_populates="events")


class FeedbackContact(Base):
    """Encrypted contact details of one item, with blind indexes and a purge date."""

    __tablename__ = "feedback_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), unique=True
    )
    name_encrypted: Mapped[str | None] = mapped_column(Text)
    email_encrypted: Mapped[str | None] = mapped_column(Text)
    phone_encrypted: Mapped[str | None] = mapped_column(Text)
    email_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_index: Mapped[str | None] = mapped_column(String(64), index=True)
    consent_version: Mapped[int] = mapped_column(Integer)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime())
    purge_after: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class FeedbackAttempt(Base):
    """One submission attempt (accepted or not), counted by the rate limits; pruned after a day."""

    __tablename__ = "feedback_attempts"
    __table_args__ = (Index("ix_feedback_attempts_source_at", "source_key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_forms.id", ondelete="CASCADE"), index=True
    )
    source_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class RoutingRule(TimestampMixin, Base):
    """Send matching items of a project to a unit with a deadline; the lowest priority wins."""

    __tablename__ = "feedback_routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    priority: Mapped[int] = mapped_column(Integer, default=100)
    # Conditions; an empty condition matches everything. All given conditions must match.
    form_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_forms.id", ondelete="CASCADE"))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE")
    )
    section_key: Mapped[str | None] = mapped_column(String(64))
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_themes.id", ondelete="CASCADE")
    )
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Action
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    deadline_hours: Mapped[float] = mapped_column(Float, default=40.0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class RoutingSettings(TimestampMixin, Base):
    """Per project: when a learned suggestion is applied without a person, and the fallbacks."""

    __tablename__ = "feedback_routing_settings"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    # None: suggestions are never applied automatically.
    auto_apply_threshold: Mapped[float | None] = mapped_column(Float)
    default_deadline_hours: Mapped[float] = mapped_column(Float, default=40.0)
    # [{"after_hours": 8, "level": 1}, ...] business hours after the breach
    escalation: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class ReplyTemplate(TimestampMixin, Base):
    """A reusable answer in one language, owned by a unit (visible to its subtree)."""

    __tablename__ = "feedback_reply_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)


class Reply(Base):
    """An answer sent to the citizen: shown on the status page and e-mailed when allowed."""

    __tablename__ = "feedback_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_reply_templates.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    # Findings of the vacuous-reply check, and whether the author sent it anyway.
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    sent_despite_warnings: Mapped[bool] = mapped_column(Boolean, default=False)
    # "sent", "failed", "no_contact" (nothing to e-mail), "pending"
    email_status: Mapped[str] = mapped_column(String(16), default="pending")
    email_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FeedbackTheme(TimestampMixin, Base):
    """A theme of a project's (or one consultation's) messages, found or shaped by analysts."""

    __tablename__ = "feedback_themes"
    __table_args__ = (Index("ix_feedback_themes_scope", "project_id", "consultation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(64))
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    label_edited: Mapped[bool] = mapped_column(Boolean, default=False)
    # "found" by clustering, or created by an analyst ("analyst": merge/split/new)
    origin: Mapped[str] = mapped_column(String(16), default="found")
    centroid: Mapped[list[float] | None] = mapped_column(JSON)
    quote_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # "You said, we did": accepted / partly / rejected / out_of_scope, with the reason
    disposition: Mapped[str | None] = mapped_column(String(16))
    disposition_reason: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class FeedbackCampaign(Base):
    """Near-identical messages (a form letter): counted once in statistics, all kept."""

    __tablename__ = "feedback_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    template: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FeedbackAnalysisRun(Base):
    """One analysis of a project's (or consultation's) messages: counts, stage timings, means."""

    __tablename__ = "feedback_analysis_runs"
    __table_args__ = (Index("ix_feedback_analysis_runs_scope", "project_id", "consultation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE")
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    items_total: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    campaigns: Mapped[int] = mapped_column(Integer, default=0)
    themes_created: Mapped[int] = mapped_column(Integer, default=0)
    timings: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    # Language means of the embedding space the themes' centroids live in: {lang|"*": [...]}.
    means: Mapped[dict[str, list[float]] | None] = mapped_column(JSON)


class ImportRun(Base):
    """One import of a mailbox, CSV or XLSX file into a form, with its per-row outcome."""

    __tablename__ = "feedback_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_forms.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # mbox, eml, csv, xlsx
    filename: Mapped[str] = mapped_column(String(300))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_duplicate: Mapped[int] = mapped_column(Integer, default=0)
    # [{"row": 7, "error": "..."}]
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
