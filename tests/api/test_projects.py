"""Projects through the API: CRUD, filters by search, owner and date, scoping by unit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.monitoring.models import Project
from resonance.monitoring.services import update_project
from tests.api.conftest import Api, assert_problem
from tests.factories import SYSTEM, Org, make_project


def _audit(session: Session, action: str) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(
        AuditEntry.entity_type == "project", AuditEntry.action == action
    )
    return list(session.scalars(stmt.order_by(AuditEntry.id)))


def test_a_communication_lead_runs_a_project_through_its_life(
    api: Api, org: Org, session: Session
) -> None:
    body = {
        "slug": "school-meals",
        "names": {"en": "School meals", "uk": "Шкільне харчування"},
        "owner_unit_id": org.dept_a.id,
        "starts_on": "2026-01-01",
    }
    created = api.post("/api/v1/projects", json=body, as_="communication_lead")
    assert created.status_code == 201, created.text
    project = created.json()
    assert project["names"]["uk"] == "Шкільне харчування"
    assert api.get(created.headers["location"], as_="viewer").json()["slug"] == "school-meals"

    changed = api.patch(
        f"/api/v1/projects/{project['id']}",
        json={"description": "Free lunches", "ends_on": "2026-12-31", "starts_on": None},
        as_="communication_lead",
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["starts_on"] is None
    assert changed.json()["ends_on"] == "2026-12-31"
    assert changed.json()["names"] == body["names"]

    deleted = api.delete(f"/api/v1/projects/{project['id']}", as_="communication_lead")
    assert deleted.status_code == 204
    assert_problem(api.get(f"/api/v1/projects/{project['id']}", as_="viewer"), 404)

    assert _audit(session, "create")[-1].after["slug"] == "school-meals"  # type: ignore[index]
    update = _audit(session, "update")[-1]
    assert update.before["starts_on"] == "2026-01-01"  # type: ignore[index]
    assert update.after["description"] == "Free lunches"  # type: ignore[index]
    assert _audit(session, "delete")[-1].before["id"] == project["id"]  # type: ignore[index]


def test_project_conflicts_and_invalid_dates_change_nothing(
    api: Api, org: Org, session: Session
) -> None:
    existing = make_project(session, owner=org.dept_a, slug="roads")
    session.commit()
    duplicate = {"slug": "roads", "names": {"en": "Roads"}, "owner_unit_id": org.dept_a.id}
    assert_problem(api.post("/api/v1/projects", json=duplicate), 409, "slug 'roads'")
    backwards = api.patch(
        f"/api/v1/projects/{existing.id}", json={"starts_on": "2026-05-01", "ends_on": "2026-04-01"}
    )
    assert_problem(backwards, 422, "ends (2026-04-01) before it starts (2026-05-01)")
    bad_date = api.patch(f"/api/v1/projects/{existing.id}", json={"ends_on": "31/12/2026"})
    assert_problem(bad_date, 422, "ends_on")
    bad_language = api.patch(f"/api/v1/projects/{existing.id}", json={"names": {"xx": "Roads"}})
    assert_problem(bad_language, 422, "unsupported languages: xx")
    session.expire_all()
    stored = session.get(Project, existing.id)
    assert stored is not None
    assert stored.starts_on is None
    assert stored.names == existing.names
    assert _audit(session, "update") == []


def test_the_list_filters_by_search_owner_and_active_day(
    api: Api, org: Org, session: Session
) -> None:
    water = make_project(session, owner=org.dept_a, slug="clean-water", names={"en": "Water"})
    make_project(session, owner=org.region_a, slug="rural-roads", names={"en": "Roads"})
    make_project(session, owner=org.dept_b, slug="tax-reform", names={"en": "Taxes"})
    update_project(session, SYSTEM, water.id, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30))
    session.commit()

    def slugs(as_: str = "administrator", **params: object) -> list[str]:
        response = api.get("/api/v1/projects", params=params, as_=as_)
        assert response.status_code == 200, response.text
        return [p["slug"] for p in response.json()["items"]]

    assert slugs() == ["clean-water", "rural-roads", "tax-reform"]
    assert slugs(search="ROADS") == ["rural-roads"]
    assert slugs(owner_unit_id=org.region_a.id) == ["rural-roads"]
    assert slugs(active_on="2026-07-01") == ["rural-roads", "tax-reform"]
    assert slugs(active_on="2026-03-01") == ["clean-water", "rural-roads", "tax-reform"]
    assert_problem(api.get("/api/v1/projects", params={"active_on": "soon"}), 422, "active_on")
    # An analyst of department A sees A's and its region's projects, never B's.
    assert slugs(as_="analyst") == ["clean-water", "rural-roads"]


def test_an_analyst_cannot_reach_another_departments_project(
    api: Api, org: Org, session: Session
) -> None:
    other = make_project(session, owner=org.dept_b, slug="elsewhere")
    session.commit()
    assert_problem(api.get(f"/api/v1/projects/{other.id}", as_="analyst"), 404, "no project")
    assert_problem(api.delete(f"/api/v1/projects/{other.id}", as_="analyst"), 403)
    lead = api.delete(f"/api/v1/projects/{other.id}", as_="communication_lead")
    assert_problem(lead, 404, f"no project with id {other.id}")
    moved = api.patch(
        f"/api/v1/projects/{make_project(session, owner=org.dept_a).id}",
        json={"owner_unit_id": org.dept_b.id},
        as_="communication_lead",
    )
    assert_problem(moved, 404, f"no unit with id {org.dept_b.id}")
    session.expire_all()
    assert session.get(Project, other.id) is not None
