"""Source health on simulated run histories: error rate, baseline, silent feeds, completeness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from resonance.sources.health import completeness, source_health
from resonance.sources.models import Source, SourceRun
from tests.factories import make_unit
from tests.ingest.helpers import make_source

NOW = datetime(2024, 3, 20, 12, 0, tzinfo=UTC)
START = NOW - timedelta(days=16)


def _history(
    session: Session,
    source: Source,
    *,
    every: timedelta,
    items: int,
    until: datetime = NOW,
    ok: bool = True,
    start: datetime = START,
) -> None:
    at = start
    while at < until:
        session.add(SourceRun(source_id=source.id, started_at=at, finished_at=at, ok=ok,
                              items_fetched=items, items_new=items))  # fmt: skip
        at += every
    session.flush()


def _source(session: Session, *, interval: int = 900) -> Source:
    source = make_source(session, make_unit(session), interval_seconds=interval)
    source.created_at = START
    session.flush()
    return source


def test_a_steady_source_is_ok_with_its_baseline(session: Session) -> None:
    source = _source(session)
    _history(session, source, every=timedelta(hours=1), items=2)

    health = source_health(session, source.id, NOW)

    assert (health.status, health.silent, health.error_rate) == ("ok", False, 0.0)
    assert health.baseline_per_day == 48
    assert health.items_last_day == 48
    assert health.usual_gap == timedelta(hours=1)
    assert health.silence_after == timedelta(hours=3)


def test_a_feed_that_stops_delivering_is_flagged_silent(session: Session) -> None:
    source = _source(session)
    _history(session, source, every=timedelta(hours=1), items=2, until=NOW - timedelta(hours=4))
    _history(session, source, every=timedelta(minutes=15), items=0,
             start=NOW - timedelta(hours=4))  # fmt: skip

    health = source_health(session, source.id, NOW)

    assert health.silent
    assert health.status == "silent"
    assert health.last_delivery_at is not None
    assert not source_health(session, source.id, NOW - timedelta(hours=5)).silent


def test_a_slow_feed_is_not_silent_between_its_usual_posts(session: Session) -> None:
    source = _source(session)
    _history(session, source, every=timedelta(days=1), items=1, until=NOW - timedelta(days=2))
    health = source_health(session, source.id, NOW)
    assert health.usual_gap == timedelta(days=1)
    assert not health.silent
    assert source_health(session, source.id, NOW + timedelta(days=2)).silent


def test_far_below_the_baseline_counts_as_silent(session: Session) -> None:
    source = _source(session)
    _history(session, source, every=timedelta(hours=1), items=100, until=NOW - timedelta(hours=6))
    _history(session, source, every=timedelta(hours=1), items=1, start=NOW - timedelta(hours=6))
    assert source_health(session, source.id, NOW).silent


def test_failing_runs_give_the_error_rate(session: Session) -> None:
    source = _source(session)
    _history(session, source, every=timedelta(hours=1), items=1, until=NOW - timedelta(hours=5))
    _history(session, source, every=timedelta(hours=1), items=0, ok=False,
             start=NOW - timedelta(hours=5))  # fmt: skip
    health = source_health(session, source.id, NOW, recent_runs=10)
    assert health.status == "failing"
    assert health.error_rate == 0.5


def test_a_source_without_history_is_new_not_silent(session: Session) -> None:
    source = _source(session)
    health = source_health(session, source.id, NOW)
    assert (health.status, health.silent, health.baseline_per_day) == ("new", False, None)


def test_completeness_is_the_share_of_healthy_source_hours(session: Session) -> None:
    steady, broken = _source(session), _source(session)
    _history(session, steady, every=timedelta(minutes=15), items=1)
    _history(session, broken, every=timedelta(minutes=15), items=1, until=NOW - timedelta(hours=6))
    _history(session, broken, every=timedelta(minutes=15), items=0, ok=False,
             start=NOW - timedelta(hours=6))  # fmt: skip
    day_start = NOW - timedelta(hours=24)

    assert completeness(session, source_ids=[steady.id], start=day_start, end=NOW) == 1.0
    share = completeness(session, source_ids=[steady.id, broken.id], start=day_start, end=NOW)
    assert share == (24 + 18) / 48
    assert completeness(session, source_ids=[], start=day_start, end=NOW) == 1.0
