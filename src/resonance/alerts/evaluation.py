"""Running the detectors on one project's rollups and explaining each finding."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from resonance.alerts.baseline import (
    HOUR,
    NEGATIVE,
    TOP_DRIVERS,
    Cell,
    DetectionConfig,
    Occurrence,
    driver_rows,
    holiday_checker,
    load_window_counts,
    load_window_mentions,
    tally,
    zone_of,
)
from resonance.alerts.detection import (
    MIN_BASELINE_WEEKS,
    ShareFinding,
    VolumeFinding,
    baseline_starts,
    check_negative_share,
    check_volume,
    drivers,
)
from resonance.alerts.models import AlertKind, Severity
from resonance.monitoring.models import Project

Window = tuple[datetime, datetime]


@dataclass(frozen=True)
class _Frame:
    """The evaluated window, its baseline windows and their counts."""

    project: Project
    windows: list[Window]
    cells: list[Counter[Cell]]
    holiday: bool

    @property
    def target(self) -> Window:
        return self.windows[0]

    def observed(self, **kw: Any) -> int:
        return tally(self.cells[0], **kw)[""]

    def history(self, **kw: Any) -> list[int]:
        return [tally(c, **kw)[""] for c in self.cells[1:]]


def _frame(
    session: Session, project: Project, at: datetime, config: DetectionConfig
) -> _Frame | None:
    end = at.replace(minute=0, second=0, microsecond=0)
    start = end - config.window_hours * HOUR
    unit = project.owner_unit
    zone, is_holiday = zone_of(unit.timezone), holiday_checker(unit.country)
    starts = baseline_starts(start, zone, weeks=config.baseline_weeks, is_holiday=is_holiday)
    if len(starts) < MIN_BASELINE_WEEKS:
        return None
    windows = [(start, end)] + [(s, s + config.window_hours * HOUR) for s in starts]
    cells = load_window_counts(session, project.id, windows)
    holiday = is_holiday(start.astimezone(zone).date())
    return _Frame(project, windows, cells, holiday)


def _context(frame: _Frame) -> dict[str, Any]:
    return {
        "window_start": frame.target[0].isoformat(),
        "window_end": frame.target[1].isoformat(),
        "holiday": frame.holiday,
        "baseline_windows": [w[0].isoformat() for w in frame.windows[1:]],
    }


def _drivers(
    session: Session,
    frame: _Frame,
    *,
    direction: int,
    lang: str | None = None,
    tone: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for name, dimension in (("sources", 1), ("languages", 0)):
        if name == "languages" and lang is not None:
            continue
        observed = tally(frame.cells[0], dimension, lang=lang, tone=tone)
        history = [tally(c, dimension, lang=lang, tone=tone) for c in frame.cells[1:]]
        found = drivers(observed, history, direction=direction, top=TOP_DRIVERS)
        out[name] = driver_rows(session, name, found)
    clusters, queries = load_window_mentions(
        session, frame.project.id, frame.windows, lang=lang, negative_only=tone == NEGATIVE
    )
    for name, series in (("clusters", clusters), ("queries", queries)):
        found = drivers(series[0], series[1:], direction=direction, top=TOP_DRIVERS)
        out[name] = driver_rows(session, name, found)
    return out


def _volume(
    session: Session, frame: _Frame, finding: VolumeFinding, lang: str | None
) -> Occurrence:
    exp = finding.expectation
    spike = finding.kind == AlertKind.VOLUME_SPIKE
    ratio = finding.observed / max(exp.expected, 1.0)
    severe = ratio >= 3 if spike else ratio <= 1 / 3
    explanation = {
        **_context(frame),
        "rule": "volume",
        "lang": lang,
        "observed": finding.observed,
        "expected": exp.expected,
        "low": exp.low,
        "high": exp.high,
        "method": exp.method,
        "baseline": list(exp.samples),
        "drivers": _drivers(session, frame, direction=1 if spike else -1, lang=lang),
    }
    return Occurrence(
        kind=AlertKind(finding.kind),
        severity=Severity.CRITICAL if severe else Severity.WARNING,
        unit_id=frame.project.owner_unit_id,
        project_id=frame.project.id,
        subject=f"lang:{lang}" if lang else "",
        at=frame.target[1],
        explanation=explanation,
    )


def _share(session: Session, frame: _Frame, finding: ShareFinding) -> Occurrence:
    jump = finding.observed_share - finding.baseline_share
    explanation = {
        **_context(frame),
        "rule": "negative_share",
        "observed": finding.negatives,
        "n": finding.n,
        "observed_share": finding.observed_share,
        "low": finding.observed_low,
        "high": finding.observed_high,
        "baseline_share": finding.baseline_share,
        "baseline_n": finding.baseline_n,
        "z": round(finding.z, 2),
        "drivers": _drivers(session, frame, direction=1, tone=NEGATIVE),
    }
    return Occurrence(
        kind=AlertKind.NEGATIVE_SHARE,
        severity=Severity.CRITICAL if jump >= 0.25 else Severity.WARNING,
        unit_id=frame.project.owner_unit_id,
        project_id=frame.project.id,
        subject="",
        at=frame.target[1],
        explanation=explanation,
    )


def _languages(frame: _Frame) -> Sequence[str]:
    langs: set[str] = set()
    for cells in frame.cells:
        langs.update(cell[0] for cell in cells)
    return sorted(langs)


def detect_project(
    session: Session, project: Project, *, at: datetime, config: DetectionConfig
) -> list[Occurrence]:
    """Findings for the window of `config.window_hours` complete hours before `at`."""
    frame = _frame(session, project, at, config)
    if frame is None:
        return []
    rules = config.rules
    found: list[Occurrence] = []
    overall = check_volume(frame.observed(), frame.history(), rules)
    if overall is not None:
        found.append(_volume(session, frame, overall, None))
    for lang in _languages(frame):
        finding = check_volume(frame.observed(lang=lang), frame.history(lang=lang), rules)
        # A language that moves with the whole project is a driver of that alert, not another.
        if finding is not None and (overall is None or overall.kind != finding.kind):
            found.append(_volume(session, frame, finding, lang))
    negatives = frame.history(tone=NEGATIVE)
    share = check_negative_share(
        frame.observed(tone=NEGATIVE), frame.observed(), sum(negatives), sum(frame.history()), rules
    )
    if share is not None:
        found.append(_share(session, frame, share))
    return found
