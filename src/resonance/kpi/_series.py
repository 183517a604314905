"""A KPI's metric per local day, read from rollups grouped in the database (sparklines, charts)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from resonance.kpi._frame import region_sources
from resonance.kpi._window import midnight
from resonance.kpi.evaluation import Confusion
from resonance.kpi.intervals import FloatArray
from resonance.kpi.metrics import TONES, Metric, WindowData
from resonance.kpi.models import KpiVersion
from resonance.kpi.schemas import KpiFilter
from resonance.monitoring.models import MentionRollup

TONE_INDEX = {tone: i for i, tone in enumerate(TONES)}


@dataclass(frozen=True)
class DayValue:
    """The metric over one full local day; `value` None when the day has no data."""

    day: date
    value: float | None
    n: int
    start: datetime
    end: datetime


@dataclass
class _Day:
    mentions: int = 0
    reach: int = 0
    sources: set[int] | None = None
    tones: dict[str, FloatArray] | None = None


def day_edges(days: Sequence[date], tz: ZoneInfo) -> list[datetime]:
    """UTC instants of each day's start and of the end of the last day."""
    return [midnight(d, tz) for d in days] + [midnight(days[-1] + timedelta(days=1), tz)]


def _allowed(session: Session, flt: KpiFilter) -> set[int] | None:
    allowed: set[int] | None = set(flt.source_ids) if flt.source_ids else None
    if flt.regions:
        in_regions = region_sources(session, flt.regions)
        allowed = in_regions if allowed is None else allowed & in_regions
    return allowed


def _rows(
    session: Session,
    project_id: int,
    flt: KpiFilter,
    edges: list[datetime],
    by_source: bool,
) -> list[tuple[datetime, str, int, str, int, int]]:
    r = MentionRollup
    source = r.source_id if by_source else literal(0)
    stmt = (
        select(r.hour, r.lang, source, r.tone, func.sum(r.mentions), func.sum(r.reach))
        .where(r.project_id == project_id, r.hour >= edges[0], r.hour < edges[-1])
        .group_by(r.hour, r.lang, r.tone, *([r.source_id] if by_source else []))
    )
    if flt.languages:
        stmt = stmt.where(r.lang.in_(flt.languages))
    allowed = _allowed(session, flt)
    if allowed is not None:
        stmt = stmt.where(r.source_id.in_(sorted(allowed) or [-1]))
    return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]


def _fold(
    rows: list[tuple[datetime, str, int, str, int, int]], edges: list[datetime]
) -> list[_Day]:
    days = [_Day(sources=set(), tones={}) for _ in range(len(edges) - 1)]
    for hour, lang, source, tone, mentions, reach in rows:
        i = bisect.bisect_right(edges, hour) - 1
        if not 0 <= i < len(days):
            continue
        day = days[i]
        day.mentions += int(mentions or 0)
        day.reach += int(reach or 0)
        if day.sources is not None and mentions:
            day.sources.add(int(source or 0))
        if tone in TONE_INDEX and day.tones is not None:
            counts = day.tones.setdefault(lang, np.zeros(len(TONES)))
            counts[TONE_INDEX[tone]] += float(mentions or 0)
    return days


def kpi_daily_values(
    session: Session,
    project_id: int,
    version: KpiVersion,
    metric: Metric,
    days: Sequence[date],
    tz: ZoneInfo,
    confusion: Confusion,
) -> list[DayValue] | None:
    """The metric per full day; None when the filter needs mention-level data or no source."""
    flt = KpiFilter.model_validate(version.filter)
    if flt.needs_mentions or not metric.available or not days:
        return None
    edges = day_edges(days, tz)
    folded = _fold(_rows(session, project_id, flt, edges, metric.name == "unique_sources"), edges)
    versus: list[_Day] | None = None
    if metric.needs_versus and flt.versus_project_id is not None:
        versus = _fold(_rows(session, flt.versus_project_id, flt, edges, False), edges)
    out = []
    for i, d in enumerate(folded):
        data = WindowData(
            mentions=d.mentions,
            reach=d.reach,
            sources=len(d.sources or ()),
            tones=dict(d.tones or {}),
            versus=None if versus is None else versus[i].mentions,
            confusion=dict(confusion) if metric.uses_tone else None,
        )
        obs = metric.compute(data) if metric.compute else None
        value = obs.value if obs is not None and obs.n > 0 else None
        out.append(DayValue(days[i], value, obs.n if obs else 0, edges[i], edges[i + 1]))
    return out
