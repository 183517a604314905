"""Data of feedback themes: messages, themes found, the state analysts edit, assignments."""

from __future__ import annotations

from dataclasses import dataclass, field

from resonance.feedback._theme_labels import Quote
from resonance.feedback._theme_space import FloatArray

OTHER_ID = "other"
"""Id of the bucket that holds messages no theme took (outliers, one-off remarks)."""
OTHER_LABEL: dict[str, str] = {
    "en": "Other",
    "fr": "Autres",
    "uk": "Інше",
    "ru": "Другое",
    "vi": "Khác",
    "zh": "其他",
}
DEFAULT_DISTANCE = 0.9
"""Average-linkage cut, as cosine distance between language-centred vectors (1 - cosine)."""
DEFAULT_ASSIGN_THRESHOLD = 0.25
"""Least cosine (language-centred) between a new message and a theme centroid to join it.

On the test consultation a message's own theme scores 0.36 or more for 95 % of messages, while
the best wrong theme stays under 0.16.
"""


@dataclass(frozen=True, slots=True)
class Message:
    """One feedback message as the analysis sees it: id, text and detected language."""

    id: str
    text: str
    lang: str


@dataclass(frozen=True, slots=True, eq=False)
class Theme:
    """A theme found automatically: labels per language, members, centroid and quotes.

    Compared by identity (the centroid is an array); compare ``id`` and ``member_ids`` instead.
    """

    id: str
    label: dict[str, str]
    member_ids: list[str]
    centroid: FloatArray
    quotes: list[Quote]

    @property
    def is_other(self) -> bool:
        """True for the bucket of messages no theme took."""
        return self.id == OTHER_ID


@dataclass(frozen=True, slots=True, eq=False)
class ThemeState:
    """What is kept of a theme between runs, analyst edits included.

    ``locked_label`` is an analyst's name for the theme (it replaces ``label`` everywhere and
    is never recomputed); ``pinned_member_ids`` were assigned by hand and stay whatever the
    similarity; ``excluded_member_ids`` were taken out by hand and never come back.
    """

    id: str
    centroid: FloatArray
    locked_label: dict[str, str] | None = None
    pinned_member_ids: frozenset[str] = frozenset()
    excluded_member_ids: frozenset[str] = frozenset()
    member_ids: frozenset[str] = frozenset()
    label: dict[str, str] = field(default_factory=dict)

    @property
    def display_label(self) -> dict[str, str]:
        """The analyst's label where there is one, the automatic label otherwise."""
        return self.locked_label if self.locked_label is not None else self.label

    @property
    def all_member_ids(self) -> frozenset[str]:
        """Members found automatically or pinned by hand, less those taken out."""
        return (self.member_ids | self.pinned_member_ids) - self.excluded_member_ids


@dataclass(frozen=True, slots=True)
class Assignment:
    """Outcome of :func:`assign_new`: message id → theme id, and what is left over."""

    assigned: dict[str, str]
    scores: dict[str, float]
    candidates: list[Theme]
    unassigned: list[str]
