"""Honest KPI evaluation: value, n, interval, completeness, partial windows, forecast, status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy.orm import Session

from resonance.errors import Invalid
from resonance.kpi._frame import BoolArray, Frame, load_mentions, load_rollups, source_constraint
from resonance.kpi._health import HealthIndex
from resonance.kpi._window import DAY, Span, days_of, floor_hour, full_span, midnight, windows_at
from resonance.kpi._window import zone as parse_zone
from resonance.kpi.forecast import (
    Forecast,
    Series,
    Status,
    decide_status,
    forecast_window,
    trajectory,
    verdict,
)
from resonance.kpi.intervals import FloatArray
from resonance.kpi.metrics import (
    Metric,
    MetricKind,
    MetricRegistry,
    Observation,
    WindowData,
    default_registry,
)
from resonance.kpi.models import Kpi, KpiVersion
from resonance.kpi.schemas import KpiFilter

HISTORY_DAYS = 56
LOW_COMPLETENESS = 0.9
MAX_BASELINE_DAYS = 400
Confusion = Mapping[str, FloatArray]


@dataclass(frozen=True)
class WindowValue:
    """A metric over one window. `partial` windows are never presented as full ones."""

    start: datetime
    end: datetime
    first_day: date
    last_day: date
    partial: bool
    elapsed: float
    value: float | None
    n: int
    low: float | None
    high: float | None
    method: str
    note: str
    corrected: bool
    completeness: float

    @property
    def has_data(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Evaluation:
    """Everything a dashboard shows for a KPI at `as_of`; `state` is ok, no_data or unavailable."""

    kpi_id: int
    version: int
    metric: str
    title: str
    definition: str
    unit: str
    kind: str
    as_of: datetime
    timezone: str
    state: str
    message: str
    comparator: str
    target: float
    target_high: float | None
    status: Status
    current: WindowValue | None = None
    partial: WindowValue | None = None
    reference: WindowValue | None = None
    verdict: str | None = None
    baseline_value: float | None = None
    trajectory_value: float | None = None
    forecast: Forecast | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


@lru_cache(maxsize=1)
def default_confusion() -> dict[str, FloatArray]:
    """The shipped tone model's per-language validation matrices ({} when no model is present)."""
    try:
        from resonance.text.tone import load_confusion

        return {lang: np.asarray(m, dtype=float) for lang, m in load_confusion().items()}
    except Exception:  # no model file: evaluate uncorrected, the observation's note says so
        return {}


class _Batch:
    """Caches shared by the KPIs of one evaluation run: frames, source sets, completeness."""

    def __init__(
        self, session: Session, as_of: datetime, registry: MetricRegistry, confusion: Confusion
    ) -> None:
        self.session = session
        self.as_of = as_of
        self.cut = floor_hour(as_of)
        self.registry = registry
        self.confusion = dict(confusion)
        self.ranges: dict[int, datetime] = {}
        self.frames: dict[object, Frame] = {}
        self.sources: dict[tuple[tuple[int, ...], tuple[str, ...]], set[int] | None] = {}
        self.index: HealthIndex | None = None
        # many KPIs share sources and windows (same project, same time zone)
        self.healthy: dict[tuple[tuple[int, ...], datetime, datetime], float] = {}

    def frame(self, project_id: int, flt: KpiFilter | None) -> Frame:
        start = self.ranges.get(project_id, self.cut - timedelta(days=HISTORY_DAYS + 40))
        key: object = project_id
        if flt is not None and flt.needs_mentions:
            key = (project_id, tuple(flt.query_ids), tuple(flt.tags))
        if key not in self.frames:
            if flt is not None and flt.needs_mentions:
                frame = load_mentions(self.session, project_id, start, self.cut, flt)
            else:
                frame = load_rollups(self.session, project_id, start, self.cut)
            self.frames[key] = frame
        return self.frames[key]

    def allowed(self, flt: KpiFilter) -> set[int] | None:
        key = (tuple(flt.source_ids), tuple(flt.regions))
        if key not in self.sources:
            self.sources[key] = source_constraint(self.session, flt)
        return self.sources[key]

    def completeness(self, sources: Sequence[int], span: Span) -> float:
        key = (tuple(sources), span.start, span.end)
        if key not in self.healthy:
            if self.index is None:
                earliest = min(self.ranges.values(), default=span.start)
                self.index = HealthIndex(self.session, min(earliest, span.start), self.cut)
            self.healthy[key] = self.index.completeness(sources, span.start, span.end)
        return self.healthy[key]


@dataclass
class _Kpi:
    """One KPI being evaluated, with what the batch resolved for it."""

    kpi: Kpi
    version: KpiVersion
    metric: Metric
    tz: ZoneInfo
    flt: KpiFilter
    frame: Frame
    keep: BoolArray
    versus: tuple[Frame, BoolArray] | None
    sources: list[int]
    warnings: list[str]

    def data(self, batch: _Batch, start: datetime, end: datetime) -> WindowData:
        data = self.frame.aggregate(self.keep, start, end)
        versus = None
        if self.versus is not None:
            versus = self.versus[0].aggregate(self.versus[1], start, end).mentions
        confusion = batch.confusion if self.metric.uses_tone else None
        extra = None
        if self.metric.load is not None:
            extra = self.metric.load(batch.session, self.kpi.project_id, start, end)
        return replace(data, versus=versus, confusion=confusion, extra=extra)


def evaluate_kpi(
    session: Session,
    kpi: Kpi,
    *,
    as_of: datetime,
    registry: MetricRegistry | None = None,
    confusion: Confusion | None = None,
) -> Evaluation:
    """Evaluate one KPI at `as_of` (timezone-aware). Never raises for missing or empty data."""
    return evaluate_kpis(session, [kpi], as_of=as_of, registry=registry, confusion=confusion)[0]


def evaluate_kpis(
    session: Session,
    kpis: Sequence[Kpi],
    *,
    as_of: datetime,
    registry: MetricRegistry | None = None,
    confusion: Confusion | None = None,
) -> list[Evaluation]:
    """Evaluate many KPIs, reading each project's rollups once.

    `confusion` maps a language to the tone model's validation confusion matrix (rows gold,
    columns predicted); None uses the shipped model's, {} disables the correction.
    """
    if as_of.tzinfo is None:
        raise Invalid("as_of must be timezone-aware.", field="as_of")
    batch = _Batch(
        session,
        as_of,
        registry or default_registry(),
        default_confusion() if confusion is None else confusion,
    )
    _plan_ranges(batch, kpis)
    return [_evaluate(batch, kpi) for kpi in kpis]


def _tz(kpi: Kpi) -> tuple[ZoneInfo, list[str]]:
    try:
        return parse_zone(kpi.owner_unit.timezone), []
    except Invalid:
        note = f"unknown time zone {kpi.owner_unit.timezone!r} of the owner unit; using UTC"
        return ZoneInfo("UTC"), [note]


def _plan_ranges(batch: _Batch, kpis: Sequence[Kpi]) -> None:
    """The earliest instant each project's frame must cover (history, windows, baselines)."""
    for kpi in kpis:
        version = kpi.current
        tz, _ = _tz(kpi)
        wins = windows_at(version.window, version.window_days, batch.as_of, tz)
        starts = [
            midnight(wins.today - timedelta(days=HISTORY_DAYS), tz),
            wins.complete.start,
            wins.reference.start if wins.reference else wins.complete.start,
        ]
        if version.deadline_on is not None:
            first, _last = days_of(version.window, version.window_days, version.deadline_on)
            starts.append(midnight(min(first, wins.today), tz))
        if version.baseline_on is not None and version.baseline_value is None:
            baseline = max(version.baseline_on, wins.today - timedelta(days=MAX_BASELINE_DAYS))
            starts.append(full_span(version.window, version.window_days, baseline, tz).start)
        projects = [
            kpi.project_id,
            *(
                [version.filter["versus_project_id"]]
                if version.filter.get("versus_project_id")
                else []
            ),
        ]
        for project_id in projects:
            known = batch.ranges.get(project_id)
            batch.ranges[project_id] = min(starts) if known is None else min(known, *starts)


def _base(kpi: Kpi, version: KpiVersion, metric: Metric | None, batch: _Batch) -> Evaluation:
    return Evaluation(
        kpi_id=kpi.id,
        version=version.version,
        metric=version.metric,
        title=metric.title if metric else version.metric,
        definition=metric.definition if metric else "",
        unit=metric.unit if metric else "",
        kind=str(metric.kind) if metric else "",
        as_of=batch.as_of,
        timezone=kpi.owner_unit.timezone,
        state="unavailable",
        message="",
        comparator=str(version.comparator),
        target=version.target,
        target_high=version.target_high,
        status=Status.UNAVAILABLE,
    )


def _evaluate(batch: _Batch, kpi: Kpi) -> Evaluation:
    version = kpi.current
    if version.metric not in batch.registry:
        base = _base(kpi, version, None, batch)
        return replace(base, message=f"The metric {version.metric!r} is no longer registered.")
    metric = batch.registry.get(version.metric)
    base = _base(kpi, version, metric, batch)
    if not metric.available:
        return replace(base, message=metric.unavailable)
    item = _resolve(batch, kpi, version, metric)
    wins = windows_at(version.window, version.window_days, batch.as_of, item.tz)
    current = _window_value(batch, item, wins.complete)
    partial = _window_value(batch, item, wins.partial) if wins.partial else None
    reference = _window_value(batch, item, wins.reference) if wins.reference else None
    if not current.has_data or current.n == 0:
        return replace(
            base,
            state="no_data",
            status=Status.NO_DATA,
            message=_no_data_message(current),
            current=current,
            partial=partial,
            reference=reference,
            warnings=tuple(item.warnings),
        )
    return _judge(batch, item, base, current, partial, reference, wins.today)


def _no_data_message(current: WindowValue) -> str:
    why = current.note or "no mention matches the filter in the window"
    return f"No data for {current.first_day}–{current.last_day}: {why}."


def _resolve(batch: _Batch, kpi: Kpi, version: KpiVersion, metric: Metric) -> _Kpi:
    tz, warnings = _tz(kpi)
    flt = KpiFilter.model_validate(version.filter)
    allowed = batch.allowed(flt)
    frame = batch.frame(kpi.project_id, flt)
    keep = frame.mask(flt.languages, allowed)
    versus = None
    if metric.needs_versus and flt.versus_project_id is not None:
        other = batch.frame(flt.versus_project_id, None)
        versus = (other, other.mask(flt.languages, allowed))
    sources = sorted(allowed) if allowed is not None else frame.sources_seen(keep)
    return _Kpi(kpi, version, metric, tz, flt, frame, keep, versus, sources, warnings)


def _window_value(batch: _Batch, item: _Kpi, span: Span) -> WindowValue:
    obs: Observation = item.metric.compute(item.data(batch, span.start, span.end))  # type: ignore[misc]
    return WindowValue(
        start=span.start,
        end=span.end,
        first_day=span.first_day,
        last_day=span.last_day,
        partial=span.partial,
        elapsed=span.elapsed,
        value=obs.value,
        n=obs.n,
        low=obs.low,
        high=obs.high,
        method=obs.method,
        note=obs.note,
        corrected=obs.corrected,
        completeness=batch.completeness(item.sources, span),
    )


def _judge(
    batch: _Batch,
    item: _Kpi,
    base: Evaluation,
    current: WindowValue,
    partial: WindowValue | None,
    reference: WindowValue | None,
    today: date,
) -> Evaluation:
    v = item.version
    value = current.value if current.value is not None else 0.0
    baseline = v.baseline_value if v.baseline_value is not None else _baseline(batch, item, today)
    progress = None
    if v.baseline_on and v.deadline_on and v.deadline_on > v.baseline_on:
        progress = (current.last_day - v.baseline_on).days / (v.deadline_on - v.baseline_on).days
    expected = trajectory(baseline, v.target, progress, v.comparator)
    deadline_open = v.deadline_on is not None and v.deadline_on >= today
    forecast = _forecast(batch, item, current, today) if deadline_open else None
    now = verdict(current.low, value, current.high, v.comparator, v.target, v.target_high)
    on_line = None
    if expected is not None:
        on_line = verdict(current.low, value, current.high, v.comparator, expected, None)
    status = decide_status(
        forecast=forecast,
        current_verdict=now,
        trajectory_verdict=on_line,
        deadline_open=deadline_open,
    )
    return replace(
        base,
        state="ok",
        message="",
        status=status,
        current=current,
        partial=partial,
        reference=reference,
        verdict=now,
        baseline_value=baseline,
        trajectory_value=expected,
        forecast=forecast,
        warnings=tuple(_warnings(item, current, deadline_open, forecast)),
    )


def _warnings(
    item: _Kpi, current: WindowValue, deadline_open: bool, forecast: Forecast | None
) -> list[str]:
    out = list(item.warnings)
    if current.completeness < LOW_COMPLETENESS:
        out.append(
            f"Only {current.completeness:.0%} of the expected source-hours were healthy in the "
            "window: the value may be understated."
        )
    if deadline_open and forecast is None and item.metric.parts is not None:
        out.append("Not enough full days of history for a forecast (at least 7 are needed).")
    if current.note:
        out.append(current.note[0].upper() + current.note[1:] + ".")
    return out


def _baseline(batch: _Batch, item: _Kpi, today: date) -> float | None:
    """The metric over the window containing the baseline date, if that window is complete."""
    v = item.version
    if v.baseline_on is None or v.baseline_on < today - timedelta(days=MAX_BASELINE_DAYS):
        return None
    span = full_span(v.window, v.window_days, v.baseline_on, item.tz)
    if span.end > batch.cut:
        return None
    return item.metric.compute(item.data(batch, span.start, span.end)).value  # type: ignore[misc]


def _forecast(batch: _Batch, item: _Kpi, current: WindowValue, today: date) -> Forecast | None:
    v, metric = item.version, item.metric
    if metric.parts is None or v.deadline_on is None:
        return None
    series = _history(item, today)
    first, last = days_of(v.window, v.window_days, v.deadline_on)
    observed = (0.0, 0.0)
    if first < today:
        parts = metric.parts(item.data(batch, midnight(first, item.tz), midnight(today, item.tz)))
        observed = (parts.num, parts.den or 0.0)
    future = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    future = [d for d in future if d >= today]
    horizon = np.asarray([(d - today).days + 1 for d in future], dtype=float)
    weekday = np.asarray([d.weekday() for d in future], dtype=float)
    scale = (-1.0, 2.0) if metric.name == "net_tone" else (0.0, 1.0)
    shift = 0.0
    if current.corrected and current.value is not None:
        raw = metric.parts(item.data(batch, current.start, current.end))
        if raw.den:
            shift = current.value - (scale[0] + scale[1] * raw.num / raw.den)
    return forecast_window(
        series,
        future_weekday=weekday,
        future_horizon=horizon,
        observed=observed,
        comparator=v.comparator,
        target=v.target,
        target_high=v.target_high,
        shift=shift,
        scale=scale,
    )


def _history(item: _Kpi, today: date) -> Series:
    """Full local days before today (at most HISTORY_DAYS), from the first day with data."""
    days = [today - timedelta(days=HISTORY_DAYS - i) for i in range(HISTORY_DAYS)]
    edges = [midnight(d, item.tz) for d in [*days, today]]
    mentions, reach, tones = item.frame.daily(item.keep, edges)
    versus = None
    if item.versus is not None:
        versus = item.versus[0].daily(item.versus[1], edges)[0]
    num, den = np.zeros(len(days)), np.zeros(len(days))
    parts_of = item.metric.parts
    if parts_of is None:  # pragma: no cover - _forecast checked it
        raise TypeError(f"{item.metric.name} has no daily parts")
    for i in range(len(days)):
        data = WindowData(
            mentions=int(mentions[i]),
            reach=int(reach[i]),
            tones={"*": tones[i]},
            versus=None if versus is None else int(versus[i]),
        )
        parts = parts_of(data)
        num[i], den[i] = parts.num, parts.den or 0.0
    ratio = item.metric.kind is MetricKind.SHARE or item.metric.uses_tone
    active = np.flatnonzero((den if ratio else num) > 0)
    start = int(active[0]) if active.size else len(days)
    weekday = np.asarray([d.weekday() for d in days], dtype=float)
    return Series(num[start:], den[start:] if ratio else None, weekday[start:])


__all__ = ["DAY", "Evaluation", "WindowValue", "default_confusion", "evaluate_kpi", "evaluate_kpis"]
