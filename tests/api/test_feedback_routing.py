"""The routing API: rules and settings, assignment, the queue, with problem+json errors."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from resonance.feedback.models import FeedbackItem
from resonance.monitoring.models import Project
from tests.api.conftest import Api, assert_problem
from tests.factories import Org, make_form, make_item, make_project


@pytest.fixture
def project(session: Session, org: Org) -> Project:
    made = make_project(session, owner=org.dept_a)
    session.commit()
    return made


def _item(session: Session, project: Project, text: str = "Pothole on the road") -> FeedbackItem:
    item = make_item(session, form=make_form(session, project=project), text=text)
    session.commit()
    return item


def test_rules_crud(api: Api, session: Session, org: Org, project: Project) -> None:
    url = f"/api/v1/projects/{project.id}/routing/rules"
    body = {"name": "Roads", "keywords": ["pothole", "修路"], "unit_id": org.dept_b.id}
    created = api.post(url, json=body, as_="communication_lead")
    assert created.status_code == 201, created.text
    rule = created.json()
    assert rule["priority"] == 100
    assert rule["keywords"] == ["pothole", "修路"]
    assert [r["id"] for r in api.get(url, as_="viewer").json()] == [rule["id"]]
    changed = api.request(
        "PUT", f"{url}/{rule['id']}", as_="communication_lead", json={**body, "priority": 3}
    )
    assert changed.status_code == 200
    assert changed.json()["priority"] == 3
    assert_problem(api.post(url, json=body, as_="focal_point"), 403)
    outsider = {**body, "unit_id": 999_999}
    assert_problem(api.post(url, json=outsider, as_="communication_lead"), 422, "organisation")
    assert api.delete(f"{url}/{rule['id']}", as_="communication_lead").status_code == 204
    assert_problem(api.get(f"{url}/{rule['id']}"), 404)


def test_settings_round_trip(api: Api, project: Project) -> None:
    url = f"/api/v1/projects/{project.id}/routing/settings"
    assert api.get(url, as_="viewer").json()["auto_apply_threshold"] is None
    body = {"auto_apply_threshold": 0.75, "escalation": [{"after_hours": 4, "level": 1}]}
    saved = api.request("PUT", url, as_="communication_lead", json=body)
    assert saved.status_code == 200
    assert saved.json()["auto_apply_threshold"] == 0.75
    bad = api.request("PUT", url, as_="communication_lead", json={"auto_apply_threshold": 3})
    assert bad.status_code == 422


def test_assign_and_the_queue(api: Api, session: Session, org: Org, project: Project) -> None:
    item = _item(session, project)
    url = f"/api/v1/projects/{project.id}/feedback/{item.id}/assign"
    assert (
        api.get("/api/v1/feedback/queue?waiting=true", as_="focal_point").json()["items"][0]["id"]
        == item.id
    )
    done = api.post(url, json={"unit_id": org.region_a.id}, as_="focal_point")
    assert done.status_code == 200, done.text
    out = done.json()
    assert (out["unit_id"], out["status"], out["routing_method"]) == (
        org.region_a.id,
        "assigned",
        "manual",
    )
    assert out["due_at"] is not None
    assert "text" not in out
    queue = api.get("/api/v1/feedback/queue", as_="focal_point").json()
    assert [i["id"] for i in queue["items"]] == [item.id]
    assert_problem(api.post(url, json={"unit_id": org.dept_b.id}, as_="viewer"), 403)
    other = make_project(session, owner=org.dept_b)
    session.commit()
    wrong = f"/api/v1/projects/{other.id}/feedback/{item.id}/assign"
    assert_problem(api.post(wrong, json={"unit_id": org.dept_b.id}), 404)
    accept = f"/api/v1/projects/{project.id}/feedback/{item.id}/accept-suggestion"
    assert_problem(api.post(accept, as_="focal_point"), 409, "no suggested unit")
