"""Units through the API: CRUD, pagination, filters, bad input that changes nothing, scoping."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.organization.models import Unit
from tests.api.conftest import Api, assert_problem
from tests.factories import Org, make_unit


def _audit(session: Session, entity_type: str, action: str) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(
        AuditEntry.entity_type == entity_type, AuditEntry.action == action
    )
    return list(session.scalars(stmt.order_by(AuditEntry.id)))


def _unit_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Unit)) or 0)


def test_an_administrator_creates_reads_changes_and_deletes_a_unit(
    api: Api, org: Org, session: Session
) -> None:
    created = api.post(
        "/api/v1/units",
        json={"name": "Press office", "kind": "office", "parent_id": org.dept_a.id},
    )
    assert created.status_code == 201, created.text
    unit = created.json()
    assert unit["path"] == f"{org.dept_a.path}{unit['id']}/"
    assert unit["country"] == "UA"  # inherited from the parent
    assert created.headers["location"] == f"/api/v1/units/{unit['id']}"

    assert api.get(created.headers["location"]).json()["name"] == "Press office"

    changed = api.patch(
        f"/api/v1/units/{unit['id']}",
        json={"name": "Press and media office", "timezone": "Europe/Paris", "country": None},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Press and media office"
    assert changed.json()["timezone"] == "Europe/Paris"
    assert changed.json()["country"] is None
    assert changed.json()["kind"] == "office"  # absent fields keep their value

    assert api.delete(f"/api/v1/units/{unit['id']}").status_code == 204
    assert_problem(api.get(f"/api/v1/units/{unit['id']}"), 404, f"no unit with id {unit['id']}")

    session.expire_all()
    assert [e.after["name"] for e in _audit(session, "unit", "create") if e.after][-1] == (
        "Press office"
    )
    update = _audit(session, "unit", "update")[-1]
    assert update.before is not None
    assert update.before["name"] == "Press office"
    assert update.after is not None
    assert update.after["name"] == "Press and media office"
    deletion = _audit(session, "unit", "delete")[-1]
    assert deletion.before is not None
    assert deletion.before["id"] == unit["id"]


def test_moving_a_unit_moves_its_subtree_and_is_audited(
    api: Api, org: Org, session: Session
) -> None:
    moved = api.post(f"/api/v1/units/{org.dept_a.id}/move", json={"parent_id": org.dept_b.id})
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent_id"] == org.dept_b.id
    region = api.get(f"/api/v1/units/{org.region_a.id}").json()
    assert region["path"] == f"{org.dept_b.path}{org.dept_a.id}/{org.region_a.id}/"
    entry = _audit(session, "unit", "move")[-1]
    assert entry.before is not None
    assert entry.before["parent_id"] == org.ministry.id
    assert entry.after is not None
    assert entry.after["parent_id"] == org.dept_b.id


def test_it_rejects_a_unit_moved_under_its_own_descendant_and_changes_nothing(
    api: Api, org: Org, session: Session
) -> None:
    response = api.post(f"/api/v1/units/{org.dept_a.id}/move", json={"parent_id": org.region_a.id})
    assert_problem(response, 422, "inside its own subtree")
    session.expire_all()
    assert session.get(Unit, org.dept_a.id).parent_id == org.ministry.id  # type: ignore[union-attr]
    assert session.get(Unit, org.region_a.id).path == org.region_a.path  # type: ignore[union-attr]
    assert _audit(session, "unit", "move") == []


def test_deleting_a_unit_with_children_is_a_conflict_that_changes_nothing(
    api: Api, org: Org, session: Session
) -> None:
    before = _unit_count(session)
    assert_problem(api.delete(f"/api/v1/units/{org.dept_a.id}"), 409, "has sub-units")
    session.expire_all()
    assert _unit_count(session) == before
    assert _audit(session, "unit", "delete") == []


def test_a_duplicate_sibling_name_is_a_conflict(api: Api, org: Org, session: Session) -> None:
    before = _unit_count(session)
    response = api.post(
        "/api/v1/units",
        json={"name": "Department B", "kind": "department", "parent_id": org.ministry.id},
    )
    assert_problem(response, 409, "'Department B' already exists")
    assert (
        api.patch(f"/api/v1/units/{org.dept_a.id}", json={"name": "Department B"}).status_code
        == 409
    )
    session.expire_all()
    assert _unit_count(session) == before
    assert session.get(Unit, org.dept_a.id).name == "Department A"  # type: ignore[union-attr]


def test_the_list_is_paginated_with_a_link_header(api: Api, org: Org, session: Session) -> None:
    for number in range(5):
        make_unit(session, parent=org.region_a, name=f"District {number}")
    session.commit()
    # Units list in tree (path) order; pages must be consecutive slices of the whole list.
    whole = api.get("/api/v1/units", params={"parent_id": org.region_a.id, "limit": 10})
    everyone = [u["name"] for u in whole.json()["items"]]
    assert sorted(everyone) == [f"District {n}" for n in range(5)]
    first = api.get("/api/v1/units", params={"parent_id": org.region_a.id, "limit": 2})
    assert first.status_code == 200
    body = first.json()
    assert (body["total"], body["limit"], body["offset"]) == (5, 2, 0)
    assert [u["name"] for u in body["items"]] == everyone[:2]
    assert 'rel="next"' in first.headers["link"]
    assert 'rel="prev"' not in first.headers["link"]
    next_url = first.headers["link"].split(">")[0].lstrip("<")
    query = parse_qs(urlsplit(next_url).query)
    assert query == {"parent_id": [str(org.region_a.id)], "limit": ["2"], "offset": ["2"]}

    middle = api.get(next_url)
    assert [u["name"] for u in middle.json()["items"]] == everyone[2:4]
    assert 'rel="next"' in middle.headers["link"]
    assert 'rel="prev"' in middle.headers["link"]

    last = api.get("/api/v1/units", params={"parent_id": org.region_a.id, "limit": 2, "offset": 4})
    assert [u["name"] for u in last.json()["items"]] == everyone[4:]
    assert 'rel="next"' not in last.headers["link"]
    assert "offset=2" in last.headers["link"]


def test_the_list_filters_by_search_parent_and_kind(api: Api, org: Org) -> None:
    def names(**params: object) -> set[str]:
        response = api.get("/api/v1/units", params=params)
        assert response.status_code == 200, response.text
        return {u["name"] for u in response.json()["items"]}

    assert names(search="department") == {"Department A", "Department B"}
    assert names(parent_id=org.dept_a.id) == {"Region A"}
    assert names(kind="province") == {"Region A"}
    assert names(kind="ministry", search="department") == set()


def test_invalid_query_parameters_are_named_in_the_problem(api: Api) -> None:
    body = assert_problem(api.get("/api/v1/units", params={"limit": 0}), 422, "query.limit")
    assert body["errors"][0]["field"] == "query.limit"
    assert_problem(api.get("/api/v1/units", params={"limit": 201}), 422, "query.limit")
    assert_problem(api.get("/api/v1/units", params={"offset": -1}), 422, "query.offset")
    assert_problem(api.get("/api/v1/units", params={"kind": "planet"}), 422, "query.kind")
    assert_problem(api.get("/api/v1/units", params={"parent_id": "x"}), 422, "query.parent_id")
    assert_problem(api.get("/api/v1/units/abc"), 422, "path.unit_id")


def test_bad_bodies_get_precise_problems_and_change_nothing(
    api: Api, org: Org, session: Session
) -> None:
    before = _unit_count(session)
    headers = {"content-type": "application/json"}
    malformed = api.post("/api/v1/units", content=b'{"name": "X",', headers=headers)
    assert_problem(malformed, 400, "not valid JSON")
    wrong_type = api.post("/api/v1/units", json={"name": ["X"], "kind": "office"})
    assert_problem(wrong_type, 422, "name: Input should be a valid string")
    unknown = api.post("/api/v1/units", json={"name": "X", "kind": "office", "colour": "red"})
    assert_problem(unknown, 422, "colour: Extra inputs are not permitted")
    missing = api.post("/api/v1/units", json={"name": "X"})
    assert_problem(missing, 422, "kind: Field required")
    bad_kind = api.post("/api/v1/units", json={"name": "X", "kind": "planet"})
    assert_problem(bad_kind, 422, "kind: Input should be")
    bad_zone = api.post(
        "/api/v1/units",
        json={"name": "X", "kind": "office", "parent_id": org.dept_a.id, "timezone": "Mars/Base"},
    )
    assert_problem(bad_zone, 422, "'Mars/Base' is not a known time zone")
    null_name = api.patch(f"/api/v1/units/{org.dept_a.id}", json={"name": None})
    assert_problem(null_name, 422, "'name' may not be null")
    session.expire_all()
    assert _unit_count(session) == before
    assert session.get(Unit, org.dept_a.id).name == "Department A"  # type: ignore[union-attr]


def test_oversize_bodies_are_refused_declared_or_streamed(
    api: Api, org: Org, session: Session
) -> None:
    before = _unit_count(session)
    limit = api.app.state.settings.max_body_bytes
    padding = "x" * (limit + 10)
    declared = api.post(
        "/api/v1/units", json={"name": padding, "kind": "office", "parent_id": org.dept_a.id}
    )
    assert_problem(declared, 413, f"limit of {limit} bytes")

    def chunks() -> object:
        yield b'{"name": "'
        for _ in range(limit // 1000 + 1):
            yield b"y" * 1000
        yield b'", "kind": "office"}'

    streamed = api.post(
        "/api/v1/units", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in streamed.request.headers
    assert_problem(streamed, 413, f"limit of {limit} bytes")
    session.expire_all()
    assert _unit_count(session) == before


def test_an_analyst_of_one_department_cannot_see_another(api: Api, org: Org) -> None:
    listed = api.get("/api/v1/units", as_="analyst").json()
    assert {u["name"] for u in listed["items"]} == {"Department A", "Region A"}
    assert listed["total"] == 2
    assert_problem(api.get(f"/api/v1/units/{org.dept_b.id}", as_="analyst"), 404)
    assert api.get(f"/api/v1/units/{org.region_a.id}", as_="analyst").status_code == 200


def test_roles_without_unit_management_are_refused(api: Api, org: Org, session: Session) -> None:
    body = {"name": "Shadow unit", "kind": "office", "parent_id": org.dept_a.id}
    for persona in ("viewer", "analyst", "communication_lead", "nobody"):
        assert_problem(api.post("/api/v1/units", json=body, as_=persona), 403, "manage_units")
    assert_problem(api.post("/api/v1/units", json=body, as_=None), 401)
    session.expire_all()
    assert session.scalar(select(Unit).where(Unit.name == "Shadow unit")) is None
