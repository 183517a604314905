"""KPIs and their versions: a goal object whose definition history is never overwritten."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resonance.monitoring.models import Project
from resonance.organization.models import Unit
from resonance.storage.base import Base, TimestampMixin, UTCDateTime, str_enum, utcnow


class WindowKind(enum.StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    ROLLING = "rolling"


class Comparator(enum.StrEnum):
    AT_LEAST = ">="
    AT_MOST = "<="
    BETWEEN = "between"


class Visibility(enum.StrEnum):
    """UNIT: people with a role on the owner unit's subtree; ORGANISATION: anyone with a role."""

    UNIT = "unit"
    ORGANISATION = "organisation"


class Kpi(TimestampMixin, Base):
    """A KPI: who owns it and who sees it; what it measures lives in its current version."""

    __tablename__ = "kpis"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    owner_unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.UNIT)
    version: Mapped[int] = mapped_column(Integer, default=1)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    project: Mapped[Project] = relationship()
    owner_unit: Mapped[Unit] = relationship()
    versions: Mapped[list[KpiVersion]] = relationship(
        back_populates="kpi", order_by="KpiVersion.version", cascade="all, delete-orphan"
    )

    @property
    def current(self) -> KpiVersion:
        """The version in force (the last one)."""
        return self.versions[-1]


class KpiVersion(Base):
    """One definition of a KPI: metric, filter, window, target and dates. Rows are never updated."""

    __tablename__ = "kpi_versions"
    __table_args__ = (UniqueConstraint("kpi_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(String(64))
    filter: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    window: Mapped[WindowKind] = mapped_column(str_enum(WindowKind))
    window_days: Mapped[int | None] = mapped_column(Integer)
    comparator: Mapped[Comparator] = mapped_column(str_enum(Comparator))
    target: Mapped[float] = mapped_column(Float)
    target_high: Mapped[float | None] = mapped_column(Float)
    baseline_on: Mapped[date | None] = mapped_column(Date)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    deadline_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    kpi: Mapped[Kpi] = relationship(back_populates="versions")
