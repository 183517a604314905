"""Detection on the stored rollups: volume, language, negative share, holidays, silent sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from resonance.alerts.baseline import DetectionConfig
from resonance.alerts.evaluation import detect_project
from resonance.alerts.models import Alert, AlertKind
from resonance.alerts.runs import run_detection, silent_source_occurrences
from resonance.monitoring.models import MonitoringQuery, Project
from resonance.sources.models import Source, SourceRun
from tests.alerts.conftest import HOUR, NOW, add_mentions, seed, weeks_before
from tests.factories import Org, make_project, make_unit

CONFIG = DetectionConfig()
WINDOW = NOW - 3 * HOUR


def test_a_spike_is_explained_by_its_sources_languages_clusters_and_queries(
    session: Session, project: Project, source: Source, other_source: Source
) -> None:
    seed(session, project, source, weeks_before(WINDOW), 10)
    seed(session, project, source, [WINDOW], 10)
    seed(session, project, other_source, [WINDOW], 20, lang="en")
    query = MonitoringQuery(project_id=project.id, name="Tariff reform", text="tariff")
    session.add(query)
    session.flush()
    add_mentions(session, project, other_source, WINDOW + HOUR, 12, cluster="c-price",
                 title="Prices up by a third", query_ids=[query.id], lang="en")  # fmt: skip
    found = detect_project(session, project, at=NOW, config=CONFIG)
    assert [(o.kind, o.subject) for o in found] == [(AlertKind.VOLUME_SPIKE, "")]
    e = found[0].explanation
    assert e["observed"] == 90
    assert e["expected"] == 30
    assert e["low"] < 30 < e["high"] < 90
    assert len(e["baseline"]) == 8
    assert e["holiday"] is False
    drivers = e["drivers"]
    assert drivers["sources"][0]["label"] == "Regional Wire"
    assert drivers["sources"][0]["difference"] == 60
    assert drivers["languages"][0]["key"] == "en"
    assert drivers["clusters"][0]["label"] == "Prices up by a third"
    assert drivers["clusters"][0]["observed"] == 12
    assert drivers["queries"][0]["label"] == "Tariff reform"


def test_a_language_that_moves_alone_gets_its_own_alert(
    session: Session, project: Project, source: Source
) -> None:
    seed(session, project, source, weeks_before(WINDOW), 30)
    seed(session, project, source, weeks_before(WINDOW), 4, lang="fr")
    seed(session, project, source, [WINDOW], 30)
    seed(session, project, source, [WINDOW], 15, lang="fr")
    found = detect_project(session, project, at=NOW, config=CONFIG)
    assert [(o.kind, o.subject) for o in found] == [(AlertKind.VOLUME_SPIKE, "lang:fr")]
    assert found[0].explanation["lang"] == "fr"


def test_a_drop_with_too_few_mentions_to_judge_their_tone(
    session: Session, project: Project, source: Source
) -> None:
    seed(session, project, source, weeks_before(WINDOW), 16)
    seed(session, project, source, weeks_before(WINDOW), 4, tone="negative")
    seed(session, project, source, [WINDOW], 5)
    seed(session, project, source, [WINDOW], 4, tone="negative")
    kinds = {o.kind for o in detect_project(session, project, at=NOW, config=CONFIG)}
    assert kinds == {AlertKind.VOLUME_DROP}  # 4 of 9 negative, but n < 30: no share alert


def test_a_rise_in_negative_share_alerts_with_its_interval(
    session: Session, project: Project, source: Source
) -> None:
    seed(session, project, source, weeks_before(WINDOW), 16)
    seed(session, project, source, weeks_before(WINDOW), 4, tone="negative")
    seed(session, project, source, [WINDOW], 10)
    seed(session, project, source, [WINDOW], 10, tone="negative")
    found = detect_project(session, project, at=NOW, config=CONFIG)
    assert [o.kind for o in found] == [AlertKind.NEGATIVE_SHARE]
    e = found[0].explanation
    assert e["observed_share"] == 0.5
    assert e["baseline_share"] == 0.2
    assert e["low"] < 0.5 < e["high"]
    assert e["n"] == 60
    assert e["drivers"]["sources"][0]["key"] == str(source.id)


def test_a_holiday_is_read_as_a_sunday(session: Session, org: Org, source: Source) -> None:
    french = make_unit(session, parent=org.ministry, country="FR", timezone="Europe/Paris")
    project = make_project(session, owner=french)
    at = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)  # 1 May, a Wednesday, Fête du Travail
    window = at - 3 * HOUR
    seed(session, project, source, weeks_before(window), 30)  # Wednesdays
    sundays = [window - timedelta(days=3 + 7 * k) for k in range(8)]
    seed(session, project, source, sundays, 6)
    seed(session, project, source, [window], 6)
    found = detect_project(session, project, at=at, config=CONFIG)
    assert found == []
    no_calendar = make_unit(session, parent=org.ministry, country=None, timezone="Europe/Paris")
    project.owner_unit_id = no_calendar.id
    session.flush()
    session.expire(project, ["owner_unit"])
    assert [o.kind for o in detect_project(session, project, at=at, config=CONFIG)] == [
        AlertKind.VOLUME_DROP
    ]


def test_a_silent_source_alerts_the_projects_it_fed(
    session: Session, project: Project, source: Source
) -> None:
    source.interval_seconds = 3600
    runs = [
        {"source_id": source.id, "started_at": NOW - timedelta(hours=h), "ok": True,
         "items_fetched": 3 if h > 12 else 0, "items_new": 3 if h > 12 else 0}
        for h in range(1, 15 * 24)
    ]  # fmt: skip
    session.execute(insert(SourceRun), runs)
    seed(session, project, source, [NOW - timedelta(days=2)], 3)
    found = silent_source_occurrences(session, now=NOW)
    assert [(o.kind, o.project_id, o.subject) for o in found] == [
        (AlertKind.SOURCE_SILENT, project.id, f"source:{source.id}")
    ]
    assert found[0].explanation["source_name"] == "Kyiv Daily"


def test_a_detection_run_is_idempotent_per_window(
    session: Session, project: Project, source: Source
) -> None:
    seed(session, project, source, weeks_before(WINDOW), 10)
    seed(session, project, source, [WINDOW], 60)
    first = run_detection(session, now=NOW, project_ids=[project.id])
    again = run_detection(session, now=NOW + timedelta(minutes=20), project_ids=[project.id])
    assert (first.created, again.created) == (1, 0)
    alerts = session.query(Alert).filter(Alert.project_id == project.id).all()
    assert len(alerts) == 1
    assert alerts[0].occurrences == 1
