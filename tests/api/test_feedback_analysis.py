"""Feedback analysis API: overview, themes and edits, campaigns, who answered, problems."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from resonance.feedback.analysis import analyse
from resonance.monitoring.models import Project
from tests.api.conftest import Api, assert_problem
from tests.factories import Org, make_form, make_project
from tests.feedback.analysis_data import fill

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def project(session: Session, org: Org) -> Project:
    made = make_project(session, owner=org.dept_a)
    fill(session, make_form(session, project=made), per_subject=2, signers=4)
    analyse(session, project_id=made.id, now=NOW)
    session.commit()
    return made


def test_the_overview_and_themes_read_the_stored_analysis(api: Api, project: Project) -> None:
    body = api.get(f"/api/v1/projects/{project.id}/feedback/analysis", as_="viewer").json()
    assert body["campaigns"] == 1
    assert body["campaign_messages"] == 4
    assert body["voices"] == body["total"] - 3
    assert set(body["languages"]) == {"en", "fr", "uk", "ru", "vi", "zh"}
    assert body["last_run"]["items_new"] == body["total"]
    themes = api.get(f"/api/v1/projects/{project.id}/feedback/themes", as_="viewer").json()
    assert themes[-1]["key"] == "other" or all(t["key"] != "other" for t in themes)
    assert sum(t["messages"] for t in themes) == body["total"]
    campaigns = api.get(f"/api/v1/projects/{project.id}/feedback/campaigns", as_="viewer").json()
    assert campaigns[0]["size"] == 4
    who = api.get(f"/api/v1/projects/{project.id}/feedback/representativeness", as_="viewer")
    assert who.json()["dominant_region"] is None or who.json()["total"] > 0


def test_an_analyst_renames_merges_and_moves(api: Api, project: Project) -> None:
    base = f"/api/v1/projects/{project.id}/feedback"
    themes = [t for t in api.get(f"{base}/themes", as_="analyst").json() if t["key"] != "other"]
    renamed = api.patch(
        f"{base}/themes/{themes[0]['id']}", as_="analyst", json={"labels": {"zh": "费用"}}
    )
    assert renamed.status_code == 200
    assert renamed.json()["labels"]["zh"] == "费用"
    assert renamed.json()["label_edited"] is True
    merged = api.post(
        f"{base}/themes/merge",
        as_="analyst",
        json={"theme_ids": [themes[1]["id"], themes[2]["id"]]},
    )
    assert merged.status_code == 200
    assert merged.json()["messages"] == themes[1]["messages"] + themes[2]["messages"]
    item_id = themes[0]["quote_ids"][0]
    moved = api.request(
        "PUT", f"{base}/{item_id}/theme", as_="analyst", json={"theme_id": themes[1]["id"]}
    )
    assert moved.status_code == 200
    assert moved.json()["pinned"] == 1


def test_edits_need_the_analyse_permission_and_valid_input(api: Api, project: Project) -> None:
    base = f"/api/v1/projects/{project.id}/feedback"
    theme = api.get(f"{base}/themes", as_="viewer").json()[0]
    denied = api.patch(f"{base}/themes/{theme['id']}", as_="viewer", json={"labels": {"en": "X"}})
    assert_problem(denied, 403)
    bad = api.patch(f"{base}/themes/{theme['id']}", as_="analyst", json={"labels": {"xx": "X"}})
    assert_problem(bad, 422, "not a language")
    one = api.post(f"{base}/themes/merge", as_="analyst", json={"theme_ids": [theme["id"]]})
    assert_problem(one, 422)
    assert_problem(api.get("/api/v1/projects/999999/feedback/themes", as_="viewer"), 404)
    queued = api.post(f"{base}/analysis/runs", as_="analyst")
    assert queued.status_code == 202
    assert queued.json()["task_id"]
