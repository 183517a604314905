"""KPI pages and dashboards: who sees what, CRUD with versions, field errors, drill-down links."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.kpi import Kpi, KpiVersion
from tests.factories import Org
from tests.web.conftest import csrf_of
from tests.web.kpi_data import Board, make_board

SignIn = Callable[[str], TestClient]


@pytest.fixture
def board(session: Session, org: Org) -> Board:
    return make_board(session, org.dept_a)


def _form(**overrides: str) -> dict[str, str]:
    values = {
        "name": "Positive share by summer",
        "owner_unit_id": "",
        "visibility": "unit",
        "metric": "positive_share",
        "window": "week",
        "comparator": ">=",
        "target": "0.7",
        "baseline_on": "2026-01-05",
        "deadline_on": "2026-06-30",
    }
    values.update(overrides)
    return values


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("persona", ["viewer", "analyst", "communication_lead", "administrator"])
def test_dashboard_and_kpi_pages_render_for_people_with_a_role(
    signed_in: SignIn, board: Board, persona: str
) -> None:
    client = signed_in(persona)
    pid, kid = board.project.id, board.off_track.id
    for path in (
        f"/projects/{pid}/dashboard",
        f"/projects/{pid}/kpis",
        f"/kpis/{kid}",
        f"/kpis/{kid}/versions",
        "/kpis",
    ):
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:500])
    dashboard = client.get(f"/projects/{pid}/dashboard").text
    assert 'data-status="off_track"' in dashboard
    assert "Off track" in dashboard
    assert "✗" in dashboard
    assert '<script type="application/json" id="series-data">' in dashboard
    assert "<table" in dashboard  # the charts' text alternative


def test_people_without_a_role_and_other_departments_are_refused(
    client: TestClient, signed_in: SignIn, session: Session, org: Org, board: Board
) -> None:
    anonymous = client.get(f"/projects/{board.project.id}/dashboard")
    assert anonymous.status_code == 303
    nobody = signed_in("nobody")
    assert nobody.get(f"/projects/{board.project.id}/dashboard").status_code == 403
    client.cookies.clear()
    other = make_board(session, org.dept_b, slug="roads-b")
    viewer = signed_in("viewer")  # a viewer of dept_a
    assert viewer.get(f"/projects/{other.project.id}/dashboard").status_code == 404
    assert viewer.get(f"/kpis/{other.off_track.id}").status_code == 404
    assert viewer.get(f"/kpis/{other.off_track.id}/versions").status_code == 404
    overview = viewer.get("/kpis").text
    assert other.off_track.name in overview or "roads-b" not in overview
    assert f'/kpis/{other.on_track.id}"' not in overview  # unit-only KPI of dept_b
    assert viewer.get(f"/projects/{board.project.id}/kpis/new").status_code == 403


def test_a_lead_creates_redefines_and_archives_a_kpi_with_versions(
    signed_in: SignIn, session: Session, org: Org, board: Board
) -> None:
    client = signed_in("communication_lead")
    pid = board.project.id
    page = client.get(f"/projects/{pid}/kpis/new")
    assert page.status_code == 200
    assert "Share of the window&#39;s mentions whose tone is positive" in page.text
    data = _form(owner_unit_id=str(org.dept_a.id), csrf_token=csrf_of(page.text))
    created = client.post(f"/projects/{pid}/kpis", data=data)
    assert created.status_code == 303, created.text[:2000]
    kid = int(re.search(r"/kpis/(\d+)", created.headers["location"]).group(1))  # type: ignore[union-attr]
    edit = client.get(f"/kpis/{kid}/edit")
    assert 'value="0.7"' in edit.text
    data.update(target="0.75", note="raised after the pilot", csrf_token=csrf_of(edit.text))
    assert client.post(f"/kpis/{kid}", data=data).status_code == 303
    versions = client.get(f"/kpis/{kid}/versions").text
    assert "Version 2" in versions
    assert "Version 1" in versions
    assert "raised after the pilot" in versions
    session.expire_all()
    assert session.get_one(Kpi, kid).version == 2
    detail = client.get(f"/kpis/{kid}")
    archived = client.post(f"/kpis/{kid}/archive", data={"csrf_token": csrf_of(detail.text)})
    assert archived.status_code == 303
    listed = client.get(f"/projects/{pid}/kpis").text
    assert "Positive share by summer" not in listed
    assert "Positive share by summer" in client.get(f"/projects/{pid}/kpis?archived=true").text


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"comparator": ">=", "target_high": "0.9"}, "target_high", "only goes with"),
        ({"comparator": "between", "target": "0.8", "target_high": "0.6"}, "target_high", "above"),
        ({"target": "7"}, "target", "impossible"),
        ({"deadline_on": "2025-12-01"}, "deadline_on", "must come after"),
        ({"metric": "no_such_metric"}, "metric", "Unknown metric"),
        ({"target": "lots"}, "target", "is not a number"),
    ],
)
def test_bad_input_shows_the_error_at_its_field_and_stores_nothing(
    signed_in: SignIn,
    session: Session,
    org: Org,
    board: Board,
    overrides: dict[str, str],
    field: str,
    fragment: str,
) -> None:
    client = signed_in("communication_lead")
    pid = board.project.id
    before = (_count(session, Kpi), _count(session, KpiVersion))
    page = client.get(f"/projects/{pid}/kpis/new")
    data = _form(owner_unit_id=str(org.dept_a.id), csrf_token=csrf_of(page.text), **overrides)
    answer = client.post(f"/projects/{pid}/kpis", data=data)
    assert answer.status_code == 422
    error = re.search(rf'<p class="error" id="{field}-error">([^<]+)</p>', answer.text)
    assert error, answer.text[:3000]
    assert fragment in html.unescape(error.group(1))
    assert (_count(session, Kpi), _count(session, KpiVersion)) == before


def test_a_bad_redefinition_keeps_the_version_in_force(
    signed_in: SignIn, session: Session, board: Board, org: Org
) -> None:
    client = signed_in("communication_lead")
    kid = board.share.id
    edit = client.get(f"/kpis/{kid}/edit")
    data = _form(
        name="Positive share",
        owner_unit_id=str(org.dept_a.id),
        window="day",
        target="1.5",
        csrf_token=csrf_of(edit.text),
    )
    assert client.post(f"/kpis/{kid}", data=data).status_code == 422
    session.expire_all()
    assert session.get_one(Kpi, kid).version == 1


def test_drill_down_links_carry_the_window_language_and_tone(
    signed_in: SignIn, board: Board
) -> None:
    client = signed_in("viewer")
    page = client.get(f"/projects/{board.project.id}/dashboard").text
    tile = re.search(
        r'data-status="off_track".*?class="kpi-drill" href="([^"]+)"', page, flags=re.S
    )
    assert tile
    link = html.unescape(tile.group(1))
    assert link.startswith(f"/projects/{board.project.id}/mentions?since=")
    assert "until=" in link
    assert "lang=en" in link
    assert "tone=negative" in link
    mentions = client.get(link)
    assert mentions.status_code == 200
    assert "Mentions found: 3" in mentions.text
    assert "lang=en&amp;tone=negative" in page  # tone by language
    assert f"source_id={board.source.id}" in page  # top sources


def test_the_kpis_item_in_the_navigation_is_enabled(signed_in: SignIn, board: Board) -> None:
    client = signed_in("viewer")
    assert 'href="/kpis"' in client.get("/").text
    overview = client.get(f"/kpis?unit={board.project.owner_unit_id}").text
    assert board.off_track.name in overview
