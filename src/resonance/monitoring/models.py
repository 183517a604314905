"""Reform projects: what an institution communicates about and measures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resonance.organization.models import Unit
from resonance.storage.base import Base, TimestampMixin


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
