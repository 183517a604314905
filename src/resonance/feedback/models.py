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
    "FeedbackAttempt",
    "FeedbackChannel",
    "FeedbackContact",
    "FeedbackEvent",
    "FeedbackForm",
    "FeedbackItem",
    "FeedbackStatus",
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
