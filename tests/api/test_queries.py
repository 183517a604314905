"""The monitoring queries API: CRUD, 422 with the parse position, trials, unit scope."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.auth.services import create_token
from resonance.monitoring.models import Project
from resonance.organization.models import Role
from tests.api.conftest import Api, assert_problem
from tests.factories import Org, actor_of, make_project, make_user
from tests.monitoring.trial_data import store_items


def _project(session: Session, org: Org) -> Project:
    project = make_project(session, owner=org.dept_a)
    session.commit()
    return project


def test_an_analyst_manages_queries_through_the_api(api: Api, session: Session, org: Org) -> None:
    project = _project(session, org)
    base = f"/api/v1/projects/{project.id}/queries"

    created = api.post(base, as_="analyst", json={"name": "Schools", "text": "school OR школа"})
    assert created.status_code == 201, created.text
    query = created.json()
    assert created.headers["Location"] == f"{base}/{query['id']}"

    changed = api.patch(f"{base}/{query['id']}", as_="analyst", json={"enabled": False})
    assert changed.json()["enabled"] is False
    listed = api.get(base, as_="viewer").json()
    assert [q["name"] for q in listed["items"]] == ["Schools"]
    assert api.patch(f"{base}/{query['id']}", as_="viewer", json={"name": "x"}).status_code == 403
    assert api.delete(f"{base}/{query['id']}", as_="analyst").status_code == 204
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_type == "monitoring_query")
    ).all()
    assert sorted(actions) == ["create", "delete", "update"]


def test_a_bad_query_is_a_422_problem_with_position_and_expected(
    api: Api, session: Session, org: Org
) -> None:
    project = _project(session, org)
    base = f"/api/v1/projects/{project.id}/queries"
    response = api.post(base, as_="analyst", json={"name": "Q", "text": '"open phrase'})
    body = assert_problem(response, 422, "position 12")
    assert body["position"] == 12
    assert body["expected"] == "a closing '\"'"
    trial = api.post(f"{base}/try", as_="analyst", json={"text": "school AND"})
    assert assert_problem(trial, 422)["position"] == 10


def test_a_trial_returns_matches_with_highlight_ranges(
    api: Api, session: Session, org: Org
) -> None:
    project = _project(session, org)
    store_items(session, org.dept_a)
    response = api.post(
        f"/api/v1/projects/{project.id}/queries/try",
        as_="analyst",
        json={"text": "réforme OR reform", "days": 7},
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["total"] == 2
    assert result["complete"] is True
    texts = {m["snippet"]["text"]: m["snippet"]["highlights"] for m in result["matches"]}
    for text, ranges in texts.items():
        assert [text[a:b] for a, b in ranges] in (["réforme"], ["reform"])
    assert (
        api.post(
            f"/api/v1/projects/{project.id}/queries/try", as_="viewer", json={"text": "x"}
        ).status_code
        == 403
    )


def test_another_units_analyst_gets_404s(api: Api, session: Session, org: Org) -> None:
    project = _project(session, org)
    base = f"/api/v1/projects/{project.id}/queries"
    query_id = api.post(base, as_="analyst", json={"name": "Q", "text": "school"}).json()["id"]
    outsider = make_user(session, roles=[(org.dept_b, Role.ANALYST)])
    secret, _ = create_token(session, actor_of(session, outsider), user_id=outsider.id, name="b")
    session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    for method, url, body in (
        ("GET", base, None),
        ("GET", f"{base}/{query_id}", None),
        ("PATCH", f"{base}/{query_id}", {"name": "stolen"}),
        ("POST", f"{base}/try", {"text": "school"}),
    ):
        response = api.request(method, url, as_=None, headers=headers, json=body)
        assert_problem(response, 404)
