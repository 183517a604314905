"""Source completeness for many windows at once, with the rules of sources.health.completeness."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.sources.health import HISTORY_DAYS, HOUR, INTERVAL_FACTOR, _Run, profile
from resonance.sources.models import Source, SourceRun

DAY = timedelta(days=1)
RunArrays = tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.int64]]


class HealthIndex:
    """Healthy and expected source-hours per (source, span), from one read of the runs.

    `completeness` of a set of sources over a span equals sources.health.completeness for the
    same arguments (a test holds them together); it only avoids re-reading the runs and looping
    in Python per hour, which matters when a thousand KPIs are evaluated together.
    """

    def __init__(self, session: Session, start: datetime, end: datetime) -> None:
        self.session, self.start, self.end = session, start, end
        self.sources: dict[int, Source | None] = {}
        self.runs: dict[int, list[_Run]] = {}
        # per source, aligned with runs: start epoch seconds, ok, items_new (sorted by start)
        self.stamps: dict[int, RunArrays] = {}
        self._cache: dict[tuple[int, datetime, datetime], tuple[int, int]] = {}

    def _load(self, ids: Sequence[int]) -> None:
        missing = sorted(set(ids) - set(self.sources))
        if not missing:
            return
        found = self.session.scalars(select(Source).where(Source.id.in_(missing)))
        self.sources.update(dict.fromkeys(missing))
        self.sources.update({s.id: s for s in found})
        self.runs.update({sid: [] for sid in missing})
        rows = self.session.execute(
            select(SourceRun.source_id, SourceRun.started_at, SourceRun.ok, SourceRun.items_new)
            .where(
                SourceRun.source_id.in_(missing),
                SourceRun.started_at >= self.start - (HISTORY_DAYS + 1) * DAY,
                SourceRun.started_at < self.end,
            )
            .order_by(SourceRun.source_id, SourceRun.started_at)
        )
        for sid, started_at, ok, items_new in rows:
            self.runs[sid].append(_Run(started_at, bool(ok), int(items_new or 0)))
        for sid in missing:
            runs = self.runs[sid]
            self.stamps[sid] = (
                np.asarray([r.started_at.timestamp() for r in runs], dtype=float),
                np.asarray([r.ok for r in runs], dtype=bool),
                np.asarray([r.items_new for r in runs], dtype=np.int64),
            )

    def _hours(self, source_id: int, start: datetime, end: datetime) -> tuple[int, int]:
        key = (source_id, start, end)
        if key in self._cache:
            return self._cache[key]
        source = self.sources.get(source_id)
        if source is None:
            return 0, 0
        since = start - (HISTORY_DAYS + 1) * DAY  # the runs health.completeness would read
        stamps, ok, items_new = self.stamps[source_id]
        lo, hi = np.searchsorted(stamps, [since.timestamp(), end.timestamp()], side="left")
        runs = self.runs[source_id][lo:hi]
        stamps, ok, items_new = stamps[lo:hi], ok[lo:hi], items_new[lo:hi]
        prof = profile(source, runs, at=end)
        first = max(start, source.created_at.replace(minute=0, second=0, microsecond=0))
        count = max(0, -int(-(end - first).total_seconds() // 3600)) if first < end else 0
        if count == 0:
            return self._cache.setdefault(key, (0, 0))
        hour_ends = np.asarray(first.timestamp() + 3600.0 * (np.arange(count) + 1), dtype=float)
        fresh = max(INTERVAL_FACTOR * timedelta(seconds=source.interval_seconds), HOUR)
        fine = _any_between(stamps[ok], hour_ends, fresh)
        if prof.usually_delivers:
            fine &= _any_between(stamps[items_new > 0], hour_ends, prof.silence_after)
        return self._cache.setdefault(key, (int(fine.sum()), count))

    def completeness(self, source_ids: Sequence[int], start: datetime, end: datetime) -> float:
        """Share of expected source-hours in [start, end) that were healthy (1.0 if none)."""
        self._load(source_ids)
        healthy = expected = 0
        for sid in sorted(set(source_ids)):
            h, e = self._hours(sid, start, end)
            healthy, expected = healthy + h, expected + e
        return healthy / expected if expected else 1.0


def _any_between(
    stamps: NDArray[np.float64], hour_ends: NDArray[np.float64], width: timedelta
) -> NDArray[np.bool_]:
    """For each hour end E: is there a start (sorted epoch seconds) in [E − width, E)?"""
    if stamps.size == 0:
        return np.zeros(hour_ends.size, dtype=bool)
    i = np.searchsorted(stamps, hour_ends - width.total_seconds(), side="left")
    found = np.zeros(hour_ends.size, dtype=bool)
    inside = i < stamps.size
    found[inside] = stamps[i[inside]] < hour_ends[inside]
    return found
