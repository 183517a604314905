"""Source health: last success, error rate, volume against its own history, the silent feed."""

from __future__ import annotations

import itertools
import statistics
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.sources.models import Source, SourceRun
from resonance.sources.queries import get_source

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
HISTORY_DAYS = 14
RECENT_RUNS = 20
# "Far below its baseline": less than this share of what the median day would deliver.
SILENT_SHARE = 0.10
GAP_FACTOR = 3
INTERVAL_FACTOR = 2
# A source "usually delivers" when it brought new items in at least this many runs of its history.
MIN_DELIVERIES = 3


@dataclass(frozen=True)
class _Run:
    started_at: datetime
    ok: bool
    items_new: int


@dataclass(frozen=True)
class Profile:
    """What a source's own history says is normal for it."""

    baseline_per_day: float | None
    usual_gap: timedelta | None
    usually_delivers: bool
    silence_after: timedelta


@dataclass(frozen=True)
class SourceHealth:
    """The health of one source at `at`; `status` is ok, failing, silent, disabled or new."""

    source_id: int
    at: datetime
    status: str
    enabled: bool
    last_success_at: datetime | None
    last_error: str | None
    runs_considered: int
    error_rate: float | None
    items_last_day: int
    baseline_per_day: float | None
    usual_gap: timedelta | None
    silence_after: timedelta
    last_delivery_at: datetime | None
    silent: bool


def _runs(
    session: Session, source_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, list[_Run]]:
    out: dict[int, list[_Run]] = {sid: [] for sid in source_ids}
    rows = session.execute(
        select(SourceRun.source_id, SourceRun.started_at, SourceRun.ok, SourceRun.items_new)
        .where(
            SourceRun.source_id.in_(list(source_ids)),
            SourceRun.started_at >= start,
            SourceRun.started_at < end,
        )
        .order_by(SourceRun.source_id, SourceRun.started_at)
    )
    for source_id, started_at, ok, items_new in rows:
        out[source_id].append(_Run(started_at, bool(ok), int(items_new or 0)))
    return out


def profile(source: Source, runs: Sequence[_Run], *, at: datetime) -> Profile:
    """Baseline (median items per day over the 14 full days before the last day), usual gap."""
    first = runs[0].started_at if runs else at
    daily = []
    for k in range(1, HISTORY_DAYS + 1):
        day_start, day_end = at - (k + 1) * DAY, at - k * DAY
        if day_start < first:
            break  # days before the source's first run are not zero days, they are unknown
        daily.append(sum(r.items_new for r in runs if day_start <= r.started_at < day_end))
    baseline = statistics.median(daily) if daily else None
    deliveries = [r.started_at for r in runs if r.items_new > 0 and r.started_at < at]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(deliveries)]
    usual_gap = timedelta(seconds=statistics.median(gaps)) if gaps else None
    interval = timedelta(seconds=source.interval_seconds)
    silence_after = max(GAP_FACTOR * (usual_gap or timedelta(0)), INTERVAL_FACTOR * interval)
    usually = bool(baseline) and len(deliveries) >= MIN_DELIVERIES
    return Profile(baseline, usual_gap, usually, silence_after)


def is_silent(profile: Profile, runs: Sequence[_Run], *, at: datetime) -> bool:
    """Silent: usually delivers, but over `silence_after` brought nothing or < 10 % of normal."""
    if not profile.usually_delivers or profile.baseline_per_day is None:
        return False
    since = at - profile.silence_after
    delivered = sum(r.items_new for r in runs if since <= r.started_at < at)
    expected = profile.baseline_per_day * (profile.silence_after / DAY)
    return delivered == 0 or delivered < SILENT_SHARE * expected


def source_health(
    session: Session, source_id: int, now: datetime, *, recent_runs: int = RECENT_RUNS
) -> SourceHealth:
    """Health of a source at `now`, from its runs of the last 15 days."""
    source = get_source(session, source_id)
    runs = _runs(session, [source_id], now - (HISTORY_DAYS + 1) * DAY, now)[source_id]
    prof = profile(source, runs, at=now)
    recent = runs[-recent_runs:]
    error_rate = sum(not r.ok for r in recent) / len(recent) if recent else None
    silent = is_silent(prof, runs, at=now)
    deliveries = [r.started_at for r in runs if r.items_new > 0]
    status = _status(source, recent, silent)
    return SourceHealth(
        source_id=source.id,
        at=now,
        status=status,
        enabled=source.enabled,
        last_success_at=source.last_success_at,
        last_error=source.last_error,
        runs_considered=len(recent),
        error_rate=error_rate,
        items_last_day=sum(r.items_new for r in runs if r.started_at >= now - DAY),
        baseline_per_day=prof.baseline_per_day,
        usual_gap=prof.usual_gap,
        silence_after=prof.silence_after,
        last_delivery_at=deliveries[-1] if deliveries else None,
        silent=silent,
    )


def _status(source: Source, recent: Sequence[_Run], silent: bool) -> str:
    if not source.enabled:
        return "disabled"
    if not recent:
        return "new"
    if not recent[-1].ok:
        return "failing"
    return "silent" if silent else "ok"


def completeness(
    session: Session, *, source_ids: Sequence[int], start: datetime, end: datetime
) -> float:
    """Share of expected source-hours in [start, end) that were healthy (1.0 if none expected).

    An hour is expected once the source exists. It is healthy when a successful run started within
    max(2 × interval, 1 h) before the hour's end and, for a source that usually delivers, new
    items arrived within its silence threshold (so a silent feed's hours do not count as healthy).
    """
    ids = sorted(set(source_ids))
    if not ids or end <= start:
        return 1.0
    sources = session.scalars(select(Source).where(Source.id.in_(ids))).all()
    runs = _runs(session, ids, start - (HISTORY_DAYS + 1) * DAY, end)
    expected = healthy = 0
    for source in sources:
        source_runs = runs.get(source.id, [])
        prof = profile(source, source_runs, at=end)
        fresh = max(INTERVAL_FACTOR * timedelta(seconds=source.interval_seconds), HOUR)
        ok_starts = [r.started_at for r in source_runs if r.ok]
        delivery_starts = [r.started_at for r in source_runs if r.items_new > 0]
        hour = max(start, source.created_at.replace(minute=0, second=0, microsecond=0))
        while hour < end:
            hour_end = hour + HOUR
            expected += 1
            fine = _any_between(ok_starts, hour_end - fresh, hour_end)
            if fine and prof.usually_delivers:
                fine = _any_between(delivery_starts, hour_end - prof.silence_after, hour_end)
            healthy += fine
            hour = hour_end
    return healthy / expected if expected else 1.0


def _any_between(starts: Sequence[datetime], low: datetime, high: datetime) -> bool:
    i = bisect_left(starts, low)
    return i < len(starts) and starts[i] < high
