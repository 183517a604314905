"""Units (a tree), users, roles and memberships."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resonance.storage.base import Base, TimestampMixin, UTCDateTime, str_enum


class UnitKind(enum.StrEnum):
    MINISTRY = "ministry"
    AGENCY = "agency"
    DEPARTMENT = "department"
    PROVINCE = "province"
    DISTRICT = "district"
    OFFICE = "office"


class Role(enum.StrEnum):
    """Roles, from most to least powerful. A role held on a unit applies to its subtree."""

    ADMINISTRATOR = "administrator"
    COMMUNICATION_LEAD = "communication_lead"
    ANALYST = "analyst"
    FOCAL_POINT = "focal_point"
    VIEWER = "viewer"


class Unit(TimestampMixin, Base):
    """A node of the organisation tree: ministry → departments → provinces/districts."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    # Materialised path of ids, e.g. "/1/4/9/": subtree queries are one LIKE on an index.
    path: Mapped[str] = mapped_column(String(512), index=True, default="/")
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind))
    country: Mapped[str | None] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # People served, for the representativeness view of feedback (None: not configured).
    population: Mapped[int | None] = mapped_column(BigInteger)
    # Office hours for response deadlines: {"days": [0..6], "start": "09:00", "end": "18:00"};
    # None means the default office hours; public holidays come from `country`.
    business_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit, inclusive."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    @property
    def depth(self) -> int:
        return len(self.ancestor_ids) - 1


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    locale: Mapped[str | None] = mapped_column(String(8))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class Membership(TimestampMixin, Base):
    """A user holds a role on a unit (and so on its whole subtree)."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "unit_id", "role"),
        Index("ix_memberships_unit_role", "unit_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    role: Mapped[Role] = mapped_column(str_enum(Role))

    user: Mapped[User] = relationship(back_populates="memberships")
    unit: Mapped[Unit] = relationship()
