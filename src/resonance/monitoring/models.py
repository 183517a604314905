"""Reform projects: what an institution communicates about and measures."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resonance.organization.models import Unit
from resonance.storage.base import Base, TimestampMixin, UTCDateTime, utcnow


class Project(TimestampMixin, Base):
    """A reform, policy or campaign, owned by a unit, with its name in each UI language."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[str] = mapped_column(Text, default="")
    owner_unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    owner_unit: Mapped[Unit] = relationship()

    def name_in(self, locale: str) -> str:
        """The project's name in `locale`, falling back to English, then any name, then slug."""
        return (
            self.names.get(locale)
            or self.names.get("en")
            or next(iter(self.names.values()), self.slug)
        )


class MonitoringQuery(TimestampMixin, Base):
    """A named boolean query of a project, compiled once and percolated at ingest."""

    __tablename__ = "monitoring_queries"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class Mention(Base):
    """An item that matched at least one query of a project."""

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("project_id", "item_id"),
        Index("ix_mentions_project_published", "project_id", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    query_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lang: Mapped[str] = mapped_column(String(8))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    tone: Mapped[str | None] = mapped_column(String(16))
    tone_corrected: Mapped[str | None] = mapped_column(String(16))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MentionRollup(Base):
    """Mentions per hour × project × language × source × tone: what KPIs and charts read."""

    __tablename__ = "mention_rollups"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    tone: Mapped[str] = mapped_column(String(16), primary_key=True)
    mentions: Mapped[int] = mapped_column(Integer, default=0)
    reach: Mapped[int] = mapped_column(Integer, default=0)
