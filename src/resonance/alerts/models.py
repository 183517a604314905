"""Alerts, their per-user notifications and the subscriptions that decide who is told."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from resonance.storage.base import Base, TimestampMixin, UTCDateTime, str_enum, utcnow


class AlertKind(enum.StrEnum):
    VOLUME_SPIKE = "volume_spike"
    VOLUME_DROP = "volume_drop"
    NEGATIVE_SHARE = "negative_share"
    SOURCE_SILENT = "source_silent"
    KPI_STATUS = "kpi_status"
    FEEDBACK_DEADLINE = "feedback_deadline"


class AlertStatus(enum.StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


class Severity(enum.StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class Channel(enum.StrEnum):
    INAPP = "inapp"
    EMAIL = "email"
    WEBHOOK = "webhook"
    TELEGRAM = "telegram"


class Alert(TimestampMixin, Base):
    """One grouped alert: all occurrences of a kind on one subject while it stays open."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_project_status", "project_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AlertKind] = mapped_column(str_enum(AlertKind))
    status: Mapped[AlertStatus] = mapped_column(str_enum(AlertStatus), default=AlertStatus.OPEN)
    severity: Mapped[Severity] = mapped_column(str_enum(Severity), default=Severity.WARNING)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    # What the alert is about within the project: "" (the whole project), "lang:uk",
    # "source:7", "kpi:3". Grouping is per (unit, project, kind, subject).
    subject: Mapped[str] = mapped_column(String(128), default="")
    # The group key while the alert is open or acknowledged, NULL once closed: the unique
    # constraint makes "one open alert per group" hold even with concurrent detectors.
    open_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    occurrences: Mapped[int] = mapped_column(Integer, default=1)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    acknowledgement_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AlertSubscription(TimestampMixin, Base):
    """What one person wants to hear about: projects (or all visible), kinds, channels."""

    __tablename__ = "alert_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # NULL: every project (and unit-level alert) the person may see.
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every kind
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    webhook_url: Mapped[str | None] = mapped_column(String(2048))
    webhook_secret: Mapped[str | None] = mapped_column(String(200))
    telegram_chat_id: Mapped[str | None] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class AlertNotification(Base):
    """One alert told to one person on one channel: the outbox of deliveries and the inbox."""

    __tablename__ = "alert_notifications"
    __table_args__ = (
        Index("ix_alert_notifications_user_unread", "user_id", "channel", "read_at"),
        Index("ix_alert_notifications_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("alert_subscriptions.id", ondelete="SET NULL")
    )
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    # pending (waiting for a worker), sent, failed (given up; `error` says why)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    occurrence: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
