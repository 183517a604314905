"""The audit log through the API: administrators only, filters, pagination."""

from __future__ import annotations

from tests.api.conftest import Api, assert_problem
from tests.factories import Org


def test_administrators_read_and_filter_the_audit_log(api: Api, org: Org) -> None:
    created = api.post(
        "/api/v1/units", json={"name": "Hotline", "kind": "office", "parent_id": org.dept_b.id}
    ).json()
    api.patch(f"/api/v1/units/{created['id']}", json={"name": "Citizen hotline"})

    entries = api.get(
        "/api/v1/audit", params={"entity_type": "unit", "entity_id": str(created["id"])}
    ).json()
    assert [e["action"] for e in entries["items"]] == ["update", "create"]  # newest first
    update = entries["items"][0]
    assert update["before"]["name"] == "Hotline"
    assert update["after"]["name"] == "Citizen hotline"
    assert update["actor_user_id"] == org.users["administrator"].id
    assert update["actor_label"] == org.users["administrator"].email

    by_action = api.get("/api/v1/audit", params={"action": "grant_role", "limit": 2})
    body = by_action.json()
    assert body["total"] >= 5
    assert len(body["items"]) == 2
    assert 'rel="next"' in by_action.headers["link"]
    assert all(e["entity_type"] == "membership" for e in body["items"])

    mine = api.get("/api/v1/audit", params={"actor_user_id": org.users["administrator"].id}).json()
    assert {e["action"] for e in mine["items"]} == {"create", "update"}


def test_only_administrators_read_the_audit_log(api: Api) -> None:
    for persona in ("viewer", "focal_point", "analyst", "communication_lead", "nobody"):
        assert_problem(api.get("/api/v1/audit", as_=persona), 403, "view_audit")
    assert_problem(api.get("/api/v1/audit", as_=None), 401)
    assert_problem(api.get("/api/v1/audit", params={"actor_user_id": "me"}), 422, "actor_user_id")
