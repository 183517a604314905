"""Evaluating KPIs from real rollups on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy.orm import Session

from resonance.ingest import ingest_batch
from resonance.kpi import Kpi, Status, create_kpi, evaluate_kpi, evaluate_kpis
from resonance.monitoring.models import Project
from resonance.organization.services import update_unit
from resonance.sources.models import Source
from tests.factories import SYSTEM, Org, make_project
from tests.ingest.helpers import add_query, make_context, raw
from tests.kpi.conftest import add_rollups, add_runs

# Wednesday 20 March 2024, 12:30 in Kyiv (UTC+2 before the end-of-March DST change).
AS_OF = datetime(2024, 3, 20, 10, 30, tzinfo=UTC)
KYIV_MIDNIGHT = datetime(2024, 3, 19, 22, 0, tzinfo=UTC)  # 20 March 00:00 local
EN = np.array([[115, 19, 10], [33, 81, 30], [7, 31, 106]], dtype=float)


def _kpi(session: Session, org: Org, project: Project, **overrides: Any) -> Kpi:
    values: dict[str, Any] = {
        "name": "KPI",
        "project_id": project.id,
        "owner_unit_id": org.dept_a.id,
        "metric": "mention_count",
        "window": "day",
        "comparator": ">=",
        "target": 10,
        **overrides,
    }
    return create_kpi(session, SYSTEM, **values)


def _steady(session: Session, project: Project, sources: list[Source], days: int = 28) -> None:
    """Every local day: 4 uk positive + 1 uk negative per source at 09:00 and 15:00 UTC."""
    rows = []
    for d in range(1, days + 1):
        day = KYIV_MIDNIGHT - timedelta(days=d)
        for hour in (day + timedelta(hours=11), day + timedelta(hours=17)):
            for source in sources:
                rows += [(hour, "uk", source, "positive", 4), (hour, "uk", source, "negative", 1)]
    add_rollups(session, project, rows)
    for source in sources:
        add_runs(session, source, KYIV_MIDNIGHT - timedelta(days=days + 15), AS_OF)


def test_a_day_count_reports_yesterday_and_today_separately(
    session: Session, org: Org, project: Project, sources: list[Source]
) -> None:
    _steady(session, project, sources)
    today_hour = KYIV_MIDNIGHT + timedelta(hours=9)  # 09:00 UTC, 11:00 local: before as_of
    add_rollups(session, project, [(today_hour, "uk", sources[0], "neutral", 7)])
    evaluation = evaluate_kpi(session, _kpi(session, org, project), as_of=AS_OF, confusion={})
    current = evaluation.current
    assert current is not None
    assert not current.partial
    assert (current.first_day, current.value, current.n) == (date(2024, 3, 19), 20.0, 20)
    assert current.low == pytest.approx(12.217, abs=1e-3)
    assert current.high == pytest.approx(30.888, abs=1e-3)
    assert current.completeness == pytest.approx(1.0)
    assert evaluation.partial is not None
    assert evaluation.partial.partial
    assert evaluation.partial.value == 7.0
    assert evaluation.partial.elapsed == pytest.approx(12 / 24)
    reference = evaluation.reference
    assert reference is not None
    assert reference.value == 10.0
    assert (evaluation.state, evaluation.verdict, evaluation.status) == (
        "ok",
        "met",
        Status.ON_TRACK,
    )


def test_windows_follow_the_owner_unit_time_zone(
    session: Session, org: Org, project: Project, sources: list[Source]
) -> None:
    late = datetime(2024, 3, 18, 23, 0, tzinfo=UTC)  # 19 March in Kyiv, 18 March in New York
    add_rollups(session, project, [(late, "uk", sources[0], "neutral", 5)])
    kyiv = evaluate_kpi(session, _kpi(session, org, project), as_of=AS_OF, confusion={})
    assert kyiv.current is not None
    assert kyiv.current.value == 5.0
    update_unit(session, SYSTEM, org.dept_b.id, timezone="America/New_York")
    ny = evaluate_kpi(
        session,
        _kpi(session, org, project, owner_unit_id=org.dept_b.id),
        as_of=AS_OF,
        confusion={},
    )
    assert ny.timezone == "America/New_York"
    assert ny.current is not None
    assert ny.current.first_day == date(2024, 3, 19)
    assert ny.current.start == datetime(2024, 3, 19, 4, 0, tzinfo=UTC)  # EDT since 10 March
    assert ny.current.value == 0.0
    assert ny.state == "no_data"


def test_shares_have_a_wilson_interval_and_can_be_corrected_for_tone_confusion(
    session: Session, org: Org, project: Project, sources: list[Source]
) -> None:
    _steady(session, project, sources, days=7)
    kpi = _kpi(session, org, project, metric="positive_share", window="week", target=0.7)
    plain = evaluate_kpi(session, kpi, as_of=AS_OF, confusion={})
    assert plain.current is not None
    assert plain.current.first_day == date(2024, 3, 11)  # last complete ISO week
    assert plain.current.value == pytest.approx(0.8)
    assert plain.current.method == "wilson"
    assert plain.partial is not None
    assert plain.partial.first_day == date(2024, 3, 18)
    add_rollups(
        session, project, [(KYIV_MIDNIGHT - timedelta(days=1), "en", sources[0], "neutral", 20)]
    )
    fixed = evaluate_kpi(session, kpi, as_of=AS_OF, confusion={"en": EN})
    assert fixed.partial is not None
    assert fixed.partial.corrected
    assert "corrected for the tone model's confusion in en" in fixed.partial.note
    assert "uncorrected (no usable matrix): uk" in fixed.partial.note


def test_a_filter_that_matches_nothing_gives_a_no_data_state(
    session: Session, org: Org, project: Project, sources: list[Source]
) -> None:
    _steady(session, project, sources, days=3)
    kpis = [
        _kpi(session, org, project, filter={"languages": ["fr"]}),
        _kpi(
            session,
            org,
            project,
            metric="negative_share",
            target=0.1,
            comparator="<=",
            filter={"regions": ["Atlantis"]},
        ),
        _kpi(session, org, project, metric="net_tone", target=0.0, filter={"tags": ["none"]}),
    ]
    for evaluation in evaluate_kpis(session, kpis, as_of=AS_OF, confusion={}):
        assert evaluation.state == "no_data"
        assert evaluation.status is Status.NO_DATA
        assert evaluation.current is not None
        assert evaluation.current.n == 0
        assert evaluation.message.startswith("No data for 2024-03-19–2024-03-19")


def test_filters_by_language_source_and_region(
    session: Session, org: Org, project: Project, sources: list[Source]
) -> None:
    _steady(session, project, sources, days=2)
    lviv = _kpi(session, org, project, filter={"regions": ["lviv"]})
    one = _kpi(
        session, org, project, metric="unique_sources", filter={"source_ids": [sources[0].id]}
    )
    both = _kpi(session, org, project, metric="unique_sources", filter={"languages": ["uk"]})
    reach = _kpi(session, org, project, metric="reach", target=100)
    results = evaluate_kpis(session, [lviv, one, both, reach], as_of=AS_OF, confusion={})
    assert [r.current.value for r in results if r.current] == [10.0, 1.0, 2.0, 200.0]


def test_a_metric_without_a_data_source_says_so(
    session: Session, org: Org, project: Project
) -> None:
    evaluation = evaluate_kpi(
        session, _kpi(session, org, project, metric="time_to_rebuttal"), as_of=AS_OF
    )
    assert evaluation.state == "unavailable"
    assert evaluation.status is Status.UNAVAILABLE
    assert "No data source yet" in evaluation.message


def test_unhealthy_sources_lower_completeness_and_warn(
    session: Session, org: Org, project: Project, sources: list[Source]
) -> None:
    add_rollups(
        session, project, [(KYIV_MIDNIGHT - timedelta(hours=5), "uk", sources[0], "positive", 12)]
    )
    for source in sources:  # existed for a month, but never ran
        source.created_at = AS_OF - timedelta(days=30)
    session.flush()
    evaluation = evaluate_kpi(session, _kpi(session, org, project), as_of=AS_OF, confusion={})
    assert evaluation.current is not None
    assert evaluation.current.completeness == 0.0
    assert any("source-hours were healthy" in w for w in evaluation.warnings)


def test_share_of_voice_compares_two_projects(
    session: Session, org: Org, project: Project, sources: list[Source]
) -> None:
    other = make_project(session, owner=org.dept_a)
    hour = KYIV_MIDNIGHT - timedelta(hours=6)
    add_rollups(session, project, [(hour, "uk", sources[0], "neutral", 30)])
    add_rollups(session, other, [(hour, "uk", sources[0], "neutral", 10)])
    kpi = _kpi(
        session,
        org,
        project,
        metric="share_of_voice",
        target=0.5,
        filter={"versus_project_id": other.id},
    )
    evaluation = evaluate_kpi(session, kpi, as_of=AS_OF, confusion={})
    assert evaluation.current is not None
    assert evaluation.current.value == pytest.approx(0.75)
    assert evaluation.current.n == 40


def test_forecast_to_the_deadline_sets_the_status(
    session: Session, org: Org, project: Project, sources: list[Source]
) -> None:
    rows = []
    for d in range(56):
        day = KYIV_MIDNIGHT - timedelta(days=56 - d)
        per_day = int(50 * 1.03**d)  # growing 3 % a day
        rows.append((day + timedelta(hours=10), "uk", sources[0], "neutral", per_day))
    add_rollups(session, project, rows)
    deadline = date(2024, 4, 10)
    reachable = _kpi(
        session, org, project, target=400, deadline_on=deadline, baseline_on=date(2024, 3, 1)
    )
    hopeless = _kpi(
        session, org, project, target=100_000, deadline_on=deadline, baseline_on=date(2024, 1, 24)
    )
    met, missed = evaluate_kpis(session, [reachable, hopeless], as_of=AS_OF, confusion={})
    assert met.forecast is not None
    assert missed.forecast is not None
    assert met.forecast.probability > 0.7
    assert met.status is Status.ON_TRACK
    assert missed.forecast.probability < 0.05
    assert missed.status is Status.OFF_TRACK
    assert met.baseline_value == int(50 * 1.03**37)  # measured on 1 March
    assert missed.trajectory_value is not None
    assert missed.trajectory_value > 50_000


def test_mentions_ingested_through_the_pipeline_are_counted(
    session: Session, org: Org, project: Project, sources: list[Source]
) -> None:
    query_id = add_query(session, project, "реформа")
    at = datetime(2024, 3, 19, 9, 15, tzinfo=UTC)
    items = [
        raw("a", "Міністерство оголосило про реформу шкільного харчування.", published_at=at),
        raw("b", "Погано пояснили реформу харчування дітей.", published_at=at),
        raw("c", "Пропозиції до постанови приймаються до 31 березня.", published_at=at),
    ]
    ingest_batch(session, source=sources[0], items=items, context=make_context(clock=lambda: AS_OF))
    count = _kpi(session, org, project)
    negative = _kpi(session, org, project, metric="negative_share", comparator="<=", target=0.2)
    by_query = _kpi(session, org, project, filter={"query_ids": [query_id]})
    results = evaluate_kpis(session, [count, negative, by_query], as_of=AS_OF, confusion={})
    assert [r.current.value for r in results if r.current] == [2.0, 0.5, 2.0]
    assert results[1].verdict == "uncertain"


def test_batched_completeness_equals_the_source_health_rule(
    session: Session, sources: list[Source]
) -> None:
    from resonance.kpi._health import HealthIndex
    from resonance.sources.health import completeness

    start = AS_OF - timedelta(days=20)
    add_runs(session, sources[0], start, AS_OF - timedelta(days=3))  # went quiet 3 days ago
    add_runs(session, sources[1], start + timedelta(days=5), AS_OF)
    ids = [s.id for s in sources]
    index = HealthIndex(session, start - timedelta(days=5), AS_OF)
    for begin, end in [
        (AS_OF - timedelta(days=1), AS_OF),
        (AS_OF - timedelta(days=7), AS_OF - timedelta(days=2)),
        (start - timedelta(days=2), AS_OF - timedelta(hours=5)),
    ]:
        for chosen in (ids, ids[:1], ids[1:]):
            expected = completeness(session, source_ids=chosen, start=begin, end=end)
            assert index.completeness(chosen, begin, end) == pytest.approx(expected)
