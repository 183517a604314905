"""KPI API: CRUD with versions, problem+json field errors, scope, evaluation and dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.kpi import Kpi, KpiVersion
from tests.api.conftest import Api, assert_problem
from tests.factories import Org
from tests.web.kpi_data import Board, make_board


@pytest.fixture
def board(session: Session, org: Org) -> Board:
    return make_board(session, org.dept_a)


def _body(board: Board, org: Org, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Mentions per week",
        "project_id": board.project.id,
        "owner_unit_id": org.dept_a.id,
        "metric": "mention_count",
        "filter": {"languages": ["uk"]},
        "window": "week",
        "comparator": ">=",
        "target": 100,
        "baseline_on": "2026-01-05",
        "deadline_on": "2026-06-29",
    }
    body.update(overrides)
    return body


def _counts(session: Session) -> tuple[int, int]:
    kpis = session.scalar(select(func.count()).select_from(Kpi)) or 0
    versions = session.scalar(select(func.count()).select_from(KpiVersion)) or 0
    return int(kpis), int(versions)


def test_create_redefine_and_archive_keep_every_version(api: Api, board: Board, org: Org) -> None:
    created = api.post("/api/v1/kpis", json=_body(board, org), as_="communication_lead")
    assert created.status_code == 201, created.text
    kid = created.json()["id"]
    assert created.headers["location"] == f"/api/v1/kpis/{kid}"
    changed = api.patch(
        f"/api/v1/kpis/{kid}",
        json={"target": 150, "note": "doubled the budget", "name": "Weekly mentions"},
        as_="communication_lead",
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2
    assert changed.json()["name"] == "Weekly mentions"
    versions = api.get(f"/api/v1/kpis/{kid}/versions", as_="viewer").json()
    assert [(v["version"], v["target"]) for v in versions] == [(1, 100), (2, 150)]
    assert versions[1]["note"] == "doubled the budget"
    assert versions[1]["created_by"]
    archived = api.post(f"/api/v1/kpis/{kid}/archive", as_="communication_lead")
    assert archived.json()["archived_at"] is not None
    listed = api.get("/api/v1/kpis", params={"project_id": board.project.id}, as_="viewer").json()
    assert kid not in [k["id"] for k in listed["items"]]


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"comparator": "<=", "target_high": 200}, "target_high", "only goes with"),
        ({"metric": "positive_share", "target": 70}, "target", "impossible"),
        ({"deadline_on": "2025-01-01"}, "deadline_on", "must come after"),
        ({"metric": "applause"}, "metric", "Unknown metric"),
    ],
)
def test_bad_definitions_are_problems_naming_the_field_and_store_nothing(
    api: Api,
    session: Session,
    board: Board,
    org: Org,
    overrides: dict[str, Any],
    field: str,
    fragment: str,
) -> None:
    before = _counts(session)
    answer = api.post("/api/v1/kpis", json=_body(board, org, **overrides))
    problem = assert_problem(answer, 422, fragment)
    assert problem["field"] == field
    assert _counts(session) == before


def test_unknown_fields_and_refused_people(api: Api, board: Board, org: Org) -> None:
    assert_problem(api.post("/api/v1/kpis", json=_body(board, org, colour="red")), 422)
    assert api.post("/api/v1/kpis", json=_body(board, org), as_="analyst").status_code == 403
    assert api.get("/api/v1/kpis", as_=None).status_code == 401


def test_other_departments_kpis_are_not_found(
    api: Api, session: Session, org: Org, board: Board
) -> None:
    other = make_board(session, org.dept_b, slug="roads-b")
    assert_problem(api.get(f"/api/v1/kpis/{other.on_track.id}", as_="viewer"), 404)
    assert_problem(api.get(f"/api/v1/projects/{other.project.id}/dashboard", as_="viewer"), 404)
    shared = api.get(f"/api/v1/kpis/{other.share.id}", as_="viewer")
    assert shared.status_code == 200  # visibility "organisation"
    ids = [k["id"] for k in api.get("/api/v1/kpis", as_="viewer").json()["items"]]
    assert other.on_track.id not in ids
    assert board.on_track.id in ids


def test_evaluation_and_dashboard_report_honest_numbers(api: Api, board: Board) -> None:
    tile = api.get(f"/api/v1/kpis/{board.off_track.id}/evaluation", as_="viewer").json()
    evaluation = tile["evaluation"]
    assert evaluation["status"] == "off_track"
    assert evaluation["current"]["n"] > 0
    assert evaluation["current"]["low"] is not None
    assert 0 <= evaluation["current"]["completeness"] <= 1
    assert len(tile["days"]) == 28
    board_json = api.get(f"/api/v1/projects/{board.project.id}/dashboard", as_="viewer").json()
    statuses = {t["kpi"]["name"]: t["evaluation"]["status"] for t in board_json["tiles"]}
    assert statuses["Negative share stays low"] == "off_track"
    assert statuses["Mentions every day"] == "on_track"
    assert {x["key"] for x in board_json["languages"]} >= {"uk", "en"}
    metrics = api.get("/api/v1/metrics", as_="viewer").json()
    assert {"mention_count", "positive_share"} <= {m["name"] for m in metrics}
