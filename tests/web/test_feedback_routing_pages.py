"""Routing pages through HTTP: rules and settings, the queue, the item's routing block."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.feedback.models import FeedbackItem, RoutingRule
from resonance.feedback.routing import assign_item
from resonance.monitoring.models import Project
from resonance.organization.models import Role
from resonance.storage.base import utcnow
from tests.factories import SYSTEM, Org, make_form, make_item, make_user
from tests.web.conftest import csrf_of, login


def _item(session: Session, project: Project, text: str = "Broken road") -> FeedbackItem:
    item = make_item(session, form=make_form(session, project=project), text=text)
    session.commit()
    return item


def test_a_lead_writes_a_rule_and_new_messages_follow_it(
    signed_in: Callable[[str], TestClient],
    session: Session,
    org: Org,
    projects: dict[str, Project],
) -> None:
    client = signed_in("communication_lead")
    url = f"/projects/{projects['a'].id}/routing"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "csrf_token": csrf_of(page.text),
        "name": "Roads <to> region",
        "priority": "5",
        "keywords": "pothole\nремонт дороги",
        "unit_id": str(org.region_a.id),
        "deadline_hours": "24",
        "enabled": "on",
    }
    assert client.post(f"{url}/rules", data=data).status_code == 303
    listed = client.get(url).text
    assert "Roads &lt;to&gt; region" in listed
    assert "ремонт дороги" in listed
    item = _item(session, projects["a"], "Коли буде ремонт дороги?")
    assert item.unit_id == org.region_a.id
    bad = client.post(f"{url}/rules", data={**data, "deadline_hours": "-1"})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.text
    stored = session.scalar(select(func.count(RoutingRule.id)))
    assert stored == 1  # the failed post stored nothing


def test_settings_errors_keep_the_form_and_change_nothing(
    signed_in: Callable[[str], TestClient], projects: dict[str, Project]
) -> None:
    client = signed_in("communication_lead")
    url = f"/projects/{projects['a'].id}/routing"
    token = csrf_of(client.get(url).text)
    bad = client.post(f"{url}/settings", data={"csrf_token": token, "auto_apply_threshold": "2"})
    assert bad.status_code == 422
    steps = {"csrf_token": token, "auto_apply_threshold": "0.9", "escalation": "0 1\n8 2"}
    assert client.post(f"{url}/settings", data=steps).status_code == 303
    assert 'value="0.9"' in client.get(url).text


def test_people_without_project_management_cannot_open_the_rules(
    signed_in: Callable[[str], TestClient], projects: dict[str, Project]
) -> None:
    client = signed_in("focal_point")
    assert client.get(f"/projects/{projects['a'].id}/routing").status_code == 403


def test_the_queue_sorts_by_deadline_and_says_what_is_overdue(
    signed_in: Callable[[str], TestClient],
    session: Session,
    org: Org,
    projects: dict[str, Project],
) -> None:
    late = _item(session, projects["a"], "late one")
    soon = _item(session, projects["a"], "soon one")
    waiting = _item(session, projects["a"], "nobody yet")
    for item in (late, soon):
        assign_item(session, SYSTEM, item.id, org.dept_a.id)
    late.due_at = utcnow() - timedelta(hours=1)
    soon.due_at, soon.warned_at = utcnow() + timedelta(hours=2), utcnow()
    waiting.suggested_unit_id, waiting.suggestion_confidence = org.region_a.id, 0.61
    session.commit()
    client = signed_in("focal_point")
    page = client.get("/feedback/queue")
    assert page.status_code == 200
    html = page.text
    assert html.index(late.reference) < html.index(soon.reference)
    assert "Overdue" in html
    assert "Due soon" in html
    assert "Region A" in html
    assert "61 %" in html
    accepted = client.post(
        f"/feedback/items/{waiting.id}/accept",
        data={"csrf_token": csrf_of(html), "back": "queue"},
    )
    assert accepted.status_code == 303
    assert accepted.headers["location"].startswith("/feedback/queue")
    session.refresh(waiting)
    assert waiting.unit_id == org.region_a.id
    assert waiting.routing_method == "accepted"
    only_late = client.get("/feedback/queue?overdue=yes").text
    assert late.reference in only_late
    assert soon.reference not in only_late.split("<h2>")[0]


def test_reassignment_on_the_item_page(
    signed_in: Callable[[str], TestClient],
    session: Session,
    org: Org,
    projects: dict[str, Project],
) -> None:
    item = _item(session, projects["a"])
    client = signed_in("focal_point")
    detail = client.get(f"/feedback/items/{item.id}")
    assert f"/feedback/items/{item.id}/routing" in detail.text
    block = client.get(f"/feedback/items/{item.id}/routing", headers={"HX-Request": "true"})
    assert block.status_code == 200
    assert "<html" not in block.text
    assert "Department B" in block.text
    token = csrf_of(detail.text)
    missing = client.post(f"/feedback/items/{item.id}/assign", data={"csrf_token": token})
    assert missing.status_code == 422
    moved = client.post(
        f"/feedback/items/{item.id}/assign",
        data={"csrf_token": token, "unit_id": str(org.dept_b.id), "note": "Roads are B's"},
    )
    assert moved.status_code == 303
    session.refresh(item)
    assert item.unit_id == org.dept_b.id


def test_a_focal_point_of_the_assigned_unit_opens_only_its_items(
    client: TestClient, session: Session, org: Org, projects: dict[str, Project]
) -> None:
    mine, other = _item(session, projects["a"], "mine"), _item(session, projects["a"], "other")
    assign_item(session, SYSTEM, mine.id, org.dept_b.id)
    focal_b = make_user(session, roles=[(org.dept_b, Role.FOCAL_POINT)])
    session.commit()
    login(client, focal_b)
    assert client.get(f"/feedback/items/{mine.id}").status_code == 200
    assert client.get(f"/feedback/items/{other.id}").status_code == 404
    inbox = client.get("/feedback").text
    assert mine.reference in inbox
    assert other.reference not in inbox
    assert mine.reference in client.get("/feedback/queue").text


def test_an_administrator_sets_population_and_office_hours_of_a_unit(
    signed_in: Callable[[str], TestClient], session: Session, org: Org
) -> None:
    client = signed_in("administrator")
    page = client.get(f"/units/{org.dept_b.id}/edit")
    assert page.status_code == 200
    assert 'name="work_days"' in page.text
    base = {
        "csrf_token": csrf_of(page.text),
        "name": "Department B",
        "kind": "department",
        "country": "UA",
        "timezone": "Europe/Kyiv",
        "office": "1",
    }
    bad = client.post(
        f"/units/{org.dept_b.id}",
        data={
            **base,
            "population": "12000",
            "work_days": ["0"],
            "work_start": "18:00",
            "work_end": "09:00",
        },
    )
    assert bad.status_code == 422
    assert "must end after it starts" in bad.text
    session.refresh(org.dept_b)
    assert org.dept_b.population is None
    assert org.dept_b.business_hours is None
    good = client.post(
        f"/units/{org.dept_b.id}",
        data={
            **base,
            "population": "12000",
            "work_days": ["0", "1", "2", "3", "5"],
            "work_start": "8:00",
            "work_end": "16:30",
        },
    )
    assert good.status_code == 303, good.text
    session.refresh(org.dept_b)
    assert org.dept_b.population == 12000
    assert org.dept_b.business_hours == {"days": [0, 1, 2, 3, 5], "start": "08:00", "end": "16:30"}
    cleared = client.post(f"/units/{org.dept_b.id}", data=base)
    assert cleared.status_code == 303
    session.refresh(org.dept_b)
    assert org.dept_b.population is None
    assert org.dept_b.business_hours is None
