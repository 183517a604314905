"""The metric catalogue: registered functions with a definition, a unit and a kind."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from resonance.errors import Invalid
from resonance.hookspecs import hookimpl
from resonance.kpi import intervals
from resonance.kpi.intervals import FloatArray

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TONES = ("negative", "neutral", "positive")


class MetricKind(enum.StrEnum):
    COUNT = "count"
    SHARE = "share"
    DURATION = "duration"
    INDEX = "index"


@dataclass(frozen=True)
class WindowData:
    """What the engine aggregated for one window; metrics read only this (never the database).

    `tones` maps a language to its (negative, neutral, positive) mention counts; mentions
    without a tone label are counted in `mentions` only. `versus` is the compared project's
    mention count for share of voice (None when the KPI has no compared project).
    """

    mentions: int = 0
    reach: int = 0
    sources: int = 0
    tones: dict[str, FloatArray] = field(default_factory=dict)
    versus: int | None = None
    confusion: dict[str, FloatArray] | None = None
    durations: FloatArray | None = None
    # What a metric's own `load` read for the window (e.g. feedback items); None otherwise.
    extra: Any = None

    def tone_totals(self) -> FloatArray:
        total = np.zeros(len(TONES))
        for counts in self.tones.values():
            total += counts
        return total


@dataclass(frozen=True)
class Observation:
    """A metric's value over a window: n, the interval and how it was computed."""

    value: float | None
    n: int
    low: float | None = None
    high: float | None = None
    method: str = "none"
    note: str = ""
    corrected: bool = False

    @property
    def has_data(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Parts:
    """Numerator and denominator of a metric for one day (denominator None for counts)."""

    num: float
    den: float | None


Compute = Callable[[WindowData], Observation]
Split = Callable[[WindowData], Parts]
# Reads a metric's own data source for (session, project id, window start, window end).
Load = Callable[["Session", int, datetime, datetime], Any]


@dataclass(frozen=True)
class Metric:
    """A registered metric. `compute` is None for hooks whose data source does not exist yet."""

    name: str
    title: str
    definition: str
    unit: str
    kind: MetricKind
    compute: Compute | None = None
    parts: Split | None = None
    unavailable: str = ""
    needs_versus: bool = False
    uses_tone: bool = False
    load: Load | None = None

    @property
    def available(self) -> bool:
        return self.compute is not None

    @property
    def bounds(self) -> tuple[float, float | None]:
        """The values a target of this metric may take."""
        if self.kind is MetricKind.SHARE:
            return 0.0, 1.0
        if self.kind is MetricKind.INDEX and self.uses_tone:
            return -1.0, 1.0
        return 0.0, None


class MetricRegistry:
    """Name → metric; plugins add theirs through the `register_metrics` hook."""

    def __init__(self) -> None:
        self._metrics: dict[str, Metric] = {}
        self.origins: dict[str, str] = {}

    def register(self, metric: Metric, *, origin: str = "builtin", replace: bool = False) -> None:
        known = self._metrics.get(metric.name)
        if known is not None and not replace and known is not metric:
            raise ValueError(
                f"metric {metric.name!r} is already registered by {self.origins[metric.name]}"
            )
        self._metrics[metric.name] = metric
        self.origins[metric.name] = origin

    def register_all(self, metrics: Iterable[Metric], *, origin: str = "builtin") -> None:
        for metric in metrics:
            self.register(metric, origin=origin)

    def get(self, name: str) -> Metric:
        try:
            return self._metrics[name]
        except KeyError:
            known = ", ".join(self.names())
            raise Invalid(
                f"Unknown metric {name!r}; known metrics: {known}.", field="metric"
            ) from None

    def names(self) -> list[str]:
        return sorted(self._metrics)

    def all(self) -> list[Metric]:
        return [self._metrics[name] for name in self.names()]

    def __contains__(self, name: object) -> bool:
        return name in self._metrics


# Built-in metrics -----------------------------------------------------------------------------


def _count(value: int, n: int, note: str = "") -> Observation:
    low, high = intervals.garwood(value)
    return Observation(float(value), n, low, high, "garwood", note)


def _mention_count(data: WindowData) -> Observation:
    return _count(data.mentions, data.mentions)


def _unique_sources(data: WindowData) -> Observation:
    note = "a census of the sources seen, not a sample: no interval"
    return Observation(float(data.sources), data.mentions, None, None, "none", note)


def _reach(data: WindowData) -> Observation:
    note = "reach as reported by the platforms; not a sampled quantity, no interval"
    return Observation(float(data.reach), data.mentions, None, None, "none", note)


def _tone_share(index: int) -> Compute:
    def compute(data: WindowData) -> Observation:
        counts = data.tone_totals()
        n = int(counts.sum())
        if n == 0:
            return Observation(None, 0, note="no mention with a tone label in the window")
        if data.confusion:
            fixed = intervals.corrected_shares(data.tones, data.confusion)
            if fixed.corrected_langs:
                note = _correction_note(fixed)
                return Observation(
                    float(fixed.shares[index]),
                    n,
                    float(fixed.low[index]),
                    float(fixed.high[index]),
                    "confusion-corrected bootstrap",
                    note,
                    corrected=True,
                )
        low, high = intervals.wilson(float(counts[index]), n)
        return Observation(float(counts[index] / n), n, low, high, "wilson")

    return compute


def _tone_parts(index: int) -> Split:
    def parts(data: WindowData) -> Parts:
        counts = data.tone_totals()
        return Parts(float(counts[index]), float(counts.sum()))

    return parts


def _correction_note(fixed: intervals.CorrectedShares) -> str:
    note = "corrected for the tone model's confusion in " + ", ".join(fixed.corrected_langs)
    if fixed.uncorrected_langs:
        note += "; uncorrected (no usable matrix): " + ", ".join(fixed.uncorrected_langs)
    return note


def _net_tone(data: WindowData) -> Observation:
    counts = data.tone_totals()
    n = int(counts.sum())
    if n == 0:
        return Observation(None, 0, note="no mention with a tone label in the window")
    if data.confusion:
        fixed = intervals.corrected_shares(data.tones, data.confusion)
        if fixed.corrected_langs:
            value = float(fixed.shares[-1] - fixed.shares[0])
            method = "confusion-corrected bootstrap"
            return Observation(
                value, n, fixed.net_low, fixed.net_high, method, _correction_note(fixed), True
            )
    low, high = intervals.multinomial_difference(counts)
    value = float((counts[-1] - counts[0]) / n)
    return Observation(value, n, low, high, "dirichlet (jeffreys)")


def _net_parts(data: WindowData) -> Parts:
    # (pos − neg)/n mapped to [0, 1]: (pos + neu/2)/n, so it is forecast like a share.
    counts = data.tone_totals()
    return Parts(float(counts[2] + counts[1] / 2), float(counts.sum()))


def _share_of_voice(data: WindowData) -> Observation:
    if data.versus is None:
        return Observation(None, 0, note="no compared project")
    n = data.mentions + data.versus
    if n == 0:
        return Observation(None, 0, note="neither project has a mention in the window")
    low, high = intervals.wilson(data.mentions, n)
    return Observation(data.mentions / n, n, low, high, "wilson")


def _sov_parts(data: WindowData) -> Parts:
    return Parts(float(data.mentions), float(data.mentions + (data.versus or 0)))


def builtin_metrics() -> list[Metric]:
    """The metrics Resonance ships, including hooks that later issues give a data source."""
    tone_note = (
        " Among mentions with a tone label; corrected for the tone model's measured per-language "
        "confusion where a validation matrix exists."
    )
    ready = [
        Metric(
            "mention_count",
            "Mentions",
            "Number of mentions of the project (items matching its queries) published in the "
            "window, after the filter.",
            "mentions",
            MetricKind.COUNT,
            _mention_count,
            lambda d: Parts(float(d.mentions), None),
        ),
        Metric(
            "unique_sources",
            "Unique sources",
            "Number of distinct sources with at least one mention in the window.",
            "sources",
            MetricKind.COUNT,
            _unique_sources,
        ),
        Metric(
            "reach",
            "Reach",
            "Sum of the reach (followers, views or audience as reported by each platform) of the "
            "window's mentions.",
            "people",
            MetricKind.COUNT,
            _reach,
            lambda d: Parts(float(d.reach), None),
        ),
        *(
            Metric(
                f"{tone}_share",
                f"{tone.capitalize()} share",
                f"Share of the window's mentions whose tone is {tone}." + tone_note,
                "share",
                MetricKind.SHARE,
                _tone_share(i),
                _tone_parts(i),
                uses_tone=True,
            )
            for i, tone in enumerate(TONES)
        ),
        Metric(
            "net_tone",
            "Net tone",
            "Positive share minus negative share (from −1 to +1)." + tone_note,
            "index",
            MetricKind.INDEX,
            _net_tone,
            _net_parts,
            uses_tone=True,
        ),
        Metric(
            "share_of_voice",
            "Share of voice",
            "Mentions of the project divided by mentions of the project and the compared "
            "project together, in the window and with the same language, source and region "
            "filter.",
            "share",
            MetricKind.SHARE,
            _share_of_voice,
            _sov_parts,
            needs_versus=True,
        ),
    ]
    return ready + _hooks()


def _hook(name: str, title: str, definition: str, unit: str, kind: MetricKind, area: str) -> Metric:
    reason = f"No data source yet: {title.lower()} is measured once {area} is in Resonance."
    return Metric(name, title, definition, unit, kind, unavailable=reason)


def _hooks() -> list[Metric]:
    plans, content = "organisation plans", "the content registry"
    d = MetricKind.DURATION
    return [
        _hook(
            "focal_point_coverage",
            "Units with a focal point",
            "Share of units with at least one focal point.",
            "share",
            MetricKind.SHARE,
            plans,
        ),
        _hook(
            "policies_communicated",
            "Policies communicated per stage",
            "Share of policies with communication registered at their current stage.",
            "share",
            MetricKind.SHARE,
            plans,
        ),
        _hook(
            "content_turnaround",
            "Content turnaround",
            "Median time from a content request to publication.",
            "hours",
            d,
            content,
        ),
        _hook(
            "time_to_rebuttal",
            "Time to rebuttal",
            "Median time from the first mention of a false claim to the published rebuttal.",
            "hours",
            d,
            "the claim registry",
        ),
        _hook(
            "account_activity_index",
            "Account activity index",
            "Activity of the official "
            "accounts (posts per account against their target cadence, 0–100).",
            "index",
            MetricKind.INDEX,
            "the account matrix",
        ),
    ]


@hookimpl
def register_metrics() -> list[Metric]:
    """The built-in plugin's implementation of the `register_metrics` hook."""
    return builtin_metrics()


def default_registry() -> MetricRegistry:
    """Every metric offered through the `register_metrics` hook: built-ins, then plugins."""
    from resonance.plugins import collect

    registry = MetricRegistry()
    registry.register_all(collect("register_metrics"))
    return registry
