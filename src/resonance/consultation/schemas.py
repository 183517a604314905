"""Pydantic shapes of consultations at the API edge."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from resonance.consultation.models import Stage

Disposition = Literal["accepted", "partly", "rejected", "out_of_scope"]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ConsultationCreate(BaseModel):
    """A new consultation of a project; its comment form is created with it."""

    model_config = ConfigDict(extra="forbid")

    project_id: int
    slug: str = Field(max_length=56, description="Public address: /c/{slug}.")
    titles: dict[str, str] = Field(description="Title per UI language; at least one.")
    summaries: dict[str, str] = Field(default_factory=dict)
    language: str = Field(max_length=8, description="Language of the draft text.")
    published: bool = False


class ConsultationUpdate(BaseModel):
    """Fields to change; those left out keep their value."""

    model_config = ConfigDict(extra="forbid")

    slug: str | None = Field(default=None, max_length=56)
    titles: dict[str, str] | None = None
    summaries: dict[str, str] | None = None
    language: str | None = Field(default=None, max_length=8)
    published: bool | None = None


class StageOut(_Out):
    stage: Stage
    starts_on: date | None
    ends_on: date | None
    entered_at: datetime | None
    entered_by_id: int | None
    decisions: dict[str, str]


class VersionSummary(_Out):
    id: int
    number: int
    title: str
    source_name: str
    source_format: str
    note: str
    imported_at: datetime


class ConsultationOut(_Out):
    id: int
    project_id: int
    form_id: int
    slug: str
    titles: dict[str, str]
    summaries: dict[str, str]
    language: str
    stage: Stage
    published: bool
    stages: list[StageOut]
    versions: list[VersionSummary]


class SectionOut(_Out):
    key: str = Field(description="Stable across versions; comments refer to it.")
    number: str
    heading: str
    body: str
    position: int


class ChangeOut(BaseModel):
    id: int
    section_key: str
    kind: Literal["added", "removed", "changed", "moved"]
    reason: str
    item_references: list[str]
    theme_ids: list[int]


class VersionOut(VersionSummary):
    sections: list[SectionOut]
    changes: list[ChangeOut] = Field(description="Changes from the previous version.")


class StagePlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_on: date | None = None
    ends_on: date | None = None


class StageAdvance(BaseModel):
    """Move to the next stage (only the next one), with what was decided per language."""

    model_config = ConfigDict(extra="forbid")

    to: Stage
    decisions: dict[str, str] = Field(min_length=1)


class ChangeReason(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=5_000)


class ChangeLinkIn(BaseModel):
    """The feedback that caused a change: one item (id or reference) or one theme."""

    model_config = ConfigDict(extra="forbid")

    item_id: int | None = None
    item_reference: str | None = Field(default=None, max_length=16)
    theme_id: int | None = None


class ChangeLinkOut(_Out):
    id: int
    change_id: int
    item_id: int | None
    theme_id: int | None


class AnchorOut(_Out):
    """A comment with a suggested (or confirmed) section; text masked unless you manage it."""

    id: int
    reference: str
    text: str
    section_key: str | None
    anchor_state: str | None
    anchor_score: float | None
    received_at: datetime


class AnchorConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section_key: str | None = Field(
        default=None, max_length=64, description="Another section than the suggested one."
    )


class SuggestOut(BaseModel):
    suggested: int


class DispositionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    disposition: Disposition
    reason: str = Field(min_length=1, max_length=5_000)


class ChangeRefOut(_Out):
    id: int
    version: int
    section_key: str
    number: str
    kind: str
    reason: str


class YouSaidOut(_Out):
    """A row of the public "you said, we did" table."""

    theme_id: int
    label: str
    count: int = Field(description="Comments on the theme; a campaign counts once.")
    disposition: str | None
    reason: str
    changes: list[ChangeRefOut]


class HeatmapRowOut(_Out):
    key: str = Field(description='Section key, or "whole" for comments on the whole draft.')
    number: str
    heading: str
    total: int
    tones: dict[str, int] = Field(description='Per tone; "not_analysed" for no tone yet.')
