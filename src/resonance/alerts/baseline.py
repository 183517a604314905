"""Reading baselines from the rollups: windows, holidays, per-project detection with drivers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from resonance.alerts.detection import Driver, Rules
from resonance.alerts.models import AlertKind, Severity
from resonance.ingest.models import Item
from resonance.monitoring.models import Mention, MentionRollup, MonitoringQuery
from resonance.sources.models import Source

HOUR = timedelta(hours=1)
NEGATIVE = "negative"
NO_TONE = "none"
TOP_DRIVERS = 3


@dataclass(frozen=True)
class DetectionConfig:
    """How detection reads the data: window length, baseline depth and the rules."""

    window_hours: int = 3
    baseline_weeks: int = 8
    rules: Rules = field(default_factory=Rules)


@dataclass(frozen=True)
class Occurrence:
    """One detection of an anomaly, ready to be grouped into an alert."""

    kind: AlertKind
    severity: Severity
    unit_id: int
    project_id: int | None
    subject: str
    at: datetime
    explanation: dict[str, Any]


Cell = tuple[str, str, str]  # (lang, source id, tone)


def tally(
    cells: Counter[Cell],
    dimension: int | None = None,
    *,
    lang: str | None = None,
    tone: str | None = None,
) -> Counter[str]:
    """Mentions of one window by a dimension (0 lang, 1 source; None: the total under "")."""
    out: Counter[str] = Counter()
    for cell, n in cells.items():
        if (lang is None or cell[0] == lang) and (tone is None or cell[2] == tone):
            out["" if dimension is None else cell[dimension]] += n
    return out


@lru_cache(maxsize=64)
def _calendar(country: str) -> holidays.HolidayBase | None:
    try:
        return holidays.country_holidays(country.upper())
    except NotImplementedError:
        return None


def holiday_checker(country: str | None) -> Callable[[date], bool]:
    """Whether a date is a public holiday of the country (never, for an unknown country)."""
    calendar = _calendar(country) if country else None
    if calendar is None:
        return lambda _day: False
    return lambda day: day in calendar


def zone_of(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _in_windows(column: Any, windows: Sequence[tuple[datetime, datetime]]) -> Any:
    return or_(*(and_(column >= start, column < end) for start, end in windows))


def _index(moment: datetime, windows: Sequence[tuple[datetime, datetime]]) -> int | None:
    for i, (start, end) in enumerate(windows):
        if start <= moment < end:
            return i
    return None


def load_window_counts(
    session: Session, project_id: int, windows: Sequence[tuple[datetime, datetime]]
) -> list[Counter[Cell]]:
    """Mentions per window by (lang, source, tone) from the rollups, in one query."""
    r = MentionRollup
    rows = session.execute(
        select(r.hour, r.lang, r.source_id, r.tone, func.sum(r.mentions))
        .where(r.project_id == project_id, _in_windows(r.hour, windows))
        .group_by(r.hour, r.lang, r.source_id, r.tone)
    )
    out: list[Counter[Cell]] = [Counter() for _ in windows]
    for hour, lang, source_id, tone, mentions in rows:
        i = _index(hour, windows)
        if i is not None:
            out[i][(lang, str(source_id), tone)] += int(mentions or 0)
    return out


def load_window_mentions(
    session: Session,
    project_id: int,
    windows: Sequence[tuple[datetime, datetime]],
    *,
    lang: str | None = None,
    negative_only: bool = False,
) -> tuple[list[Counter[str]], list[Counter[str]]]:
    """Mentions per window by cluster and by query (for drivers the rollups do not hold)."""
    tone = func.coalesce(Mention.tone_corrected, Mention.tone, NO_TONE)
    stmt = (
        select(Mention.published_at, Mention.query_ids, Item.cluster_key)
        .join(Item, Item.id == Mention.item_id)
        .where(Mention.project_id == project_id, _in_windows(Mention.published_at, windows))
    )
    if lang is not None:
        stmt = stmt.where(Mention.lang == lang)
    if negative_only:
        stmt = stmt.where(tone == NEGATIVE)
    clusters: list[Counter[str]] = [Counter() for _ in windows]
    queries: list[Counter[str]] = [Counter() for _ in windows]
    for published_at, query_ids, cluster_key in session.execute(stmt):
        i = _index(published_at, windows)
        if i is None:
            continue
        if cluster_key:
            clusters[i][cluster_key] += 1
        for query_id in query_ids or []:
            queries[i][str(query_id)] += 1
    return clusters, queries


def _labels(session: Session, dimension: str, keys: list[str]) -> dict[str, str]:
    if not keys:
        return {}
    if dimension == "sources":
        rows = session.execute(
            select(Source.id, Source.name).where(Source.id.in_([int(k) for k in keys]))
        )
        return {str(i): name for i, name in rows}
    if dimension == "queries":
        rows = session.execute(
            select(MonitoringQuery.id, MonitoringQuery.name).where(
                MonitoringQuery.id.in_([int(k) for k in keys])
            )
        )
        return {str(i): name for i, name in rows}
    if dimension == "clusters":
        rows = session.execute(
            select(
                Item.cluster_key,
                func.min(func.coalesce(Item.title, func.substr(Item.text, 1, 120))),
            )
            .where(Item.cluster_key.in_(keys))
            .group_by(Item.cluster_key)
        )
        return {str(k): (title or "")[:120] for k, title in rows}
    return {k: k for k in keys}


def driver_rows(
    session: Session,
    dimension: str,
    found: list[Driver],
) -> list[dict[str, Any]]:
    """Drivers as JSON rows, each with a readable label (source or query name, a title)."""
    labels = _labels(session, dimension, [d.key for d in found])
    return [
        {
            "key": d.key,
            "label": labels.get(d.key, d.key),
            "observed": d.observed,
            "expected": d.expected,
            "difference": d.difference,
            "share": round(d.share, 3),
        }
        for d in found
    ]
