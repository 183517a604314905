"""Raw items (kept as delivered), normalised items, and the dead-letter table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from resonance.storage.base import Base, UTCDateTime, utcnow


class RawRecord(Base):
    """An item exactly as the source delivered it: compressed payload plus its content hash."""

    __tablename__ = "raw_items"
    __table_args__ = (UniqueConstraint("source_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(512))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed wire bytes
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Item(Base):
    """A normalised item: clean text, language, UTC date with its original zone, author key."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("source_id", "external_id"),
        Index("ix_items_published", "published_at"),
        Index("ix_items_text_hash", "text_hash"),
        Index("ix_items_source_published", "source_id", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    raw_id: Mapped[int] = mapped_column(ForeignKey("raw_items.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(512))
    url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    script: Mapped[str | None] = mapped_column(String(8))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_offset: Mapped[str | None] = mapped_column(String(16))
    author_key: Mapped[str | None] = mapped_column(String(64), index=True)
    author_display: Mapped[str | None] = mapped_column(String(200))
    engagement: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    reach: Mapped[int] = mapped_column(Integer, default=0)
    tone: Mapped[str | None] = mapped_column(String(16))
    tone_scores: Mapped[dict[str, float] | None] = mapped_column(JSON)
    tone_model: Mapped[str | None] = mapped_column(String(64))
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("items.id", ondelete="SET NULL"), index=True
    )
    cluster_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # What normalisation had to repair ("clock-skew", "date-missing", ...), for audits of data.
    notes: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DeadLetter(Base):
    """An item or batch a stage could not process: kept with the reason, replayable."""

    __tablename__ = "dead_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    raw_id: Mapped[int | None] = mapped_column(ForeignKey("raw_items.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    replayed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
