"""Pydantic shapes of KPIs: the filter stored with each version, and outputs for the edges."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from resonance.kpi.models import Comparator, Visibility, WindowKind

_LANG = r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"


class KpiFilter(BaseModel):
    """Which mentions of the project count. Empty lists mean "no restriction"; all parts AND."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    languages: list[str] = Field(default_factory=list, max_length=50)
    source_ids: list[int] = Field(default_factory=list, max_length=1000)
    regions: list[str] = Field(default_factory=list, max_length=200)
    query_ids: list[int] = Field(default_factory=list, max_length=200)
    tags: list[str] = Field(default_factory=list, max_length=200)
    versus_project_id: int | None = None

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        import re

        bad = [v for v in value if not re.match(_LANG, v)]
        if bad:
            raise ValueError(f"not language codes: {', '.join(bad)}")
        return sorted(set(value))

    @field_validator("regions", "tags")
    @classmethod
    def _strings(cls, value: list[str]) -> list[str]:
        cleaned = sorted({v.strip() for v in value if v.strip()})
        if any(len(v) > 100 for v in cleaned):
            raise ValueError("values must have at most 100 characters")
        return cleaned

    @field_validator("source_ids", "query_ids")
    @classmethod
    def _ids(cls, value: list[int]) -> list[int]:
        return sorted(set(value))

    @property
    def needs_mentions(self) -> bool:
        """Queries and tags are on mentions, not rollups: such filters read the mentions table."""
        return bool(self.query_ids or self.tags)

    def stored(self) -> dict[str, Any]:
        return self.model_dump(exclude_defaults=True)


class KpiDefinition(BaseModel):
    """What a version holds; changing any of it creates a new version."""

    model_config = ConfigDict(extra="forbid")

    metric: str
    filter: KpiFilter = Field(default_factory=KpiFilter)
    window: WindowKind
    window_days: int | None = None
    comparator: Comparator
    target: float
    target_high: float | None = None
    baseline_on: date | None = None
    baseline_value: float | None = None
    deadline_on: date | None = None


class KpiOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    project_id: int
    owner_unit_id: int
    visibility: Visibility
    version: int
    archived_at: datetime | None


class KpiVersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    metric: str
    filter: dict[str, Any]
    window: WindowKind
    window_days: int | None
    comparator: Comparator
    target: float
    target_high: float | None
    baseline_on: date | None
    baseline_value: float | None
    deadline_on: date | None
    note: str
    created_by: str
    created_at: datetime
