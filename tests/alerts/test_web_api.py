"""Alert pages and API: list, detail with drivers, acknowledgement, subscriptions, scoping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from resonance.alerts.models import Alert
from resonance.alerts.services import raise_alert
from resonance.alerts.subscriptions import create_subscription
from resonance.monitoring.models import Project
from resonance.storage.runtime import Database
from resonance.web.app import create_app
from tests.alerts.conftest import NOW, occurrence, settings_for
from tests.api.conftest import Api, tokens  # noqa: F401 - the personas' API tokens fixture
from tests.factories import Org, actor_of, make_project
from tests.web.conftest import csrf_of, login


@pytest.fixture
def app(db: Database, tmp_path: Path) -> FastAPI:
    return create_app(settings_for(tmp_path), db=db)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def api(app: FastAPI, tokens: dict[str, str]) -> Api:  # noqa: F811
    return Api(app, tokens)


@pytest.fixture
def alert(session: Session, org: Org, project: Project) -> Alert:
    create_subscription(session, actor_of(session, org.users["analyst"]), channels=["inapp"])
    made = raise_alert(session, occurrence(org.dept_a, project), now=NOW).alert
    session.commit()
    return made


def test_the_list_detail_and_acknowledgement_pages(
    client: TestClient, org: Org, alert: Alert
) -> None:
    login(client, org.users["analyst"])
    assert client.get("/alerts/unread").text.strip().endswith("1</span>")
    listing = client.get("/alerts")
    assert listing.status_code == 200
    assert "Spike in mentions" in listing.text
    page = client.get(f"/alerts/{alert.id}")
    assert page.status_code == 200
    assert "Kyiv Daily" in page.text  # the drivers table
    assert "Observed 60 mentions where 10" in page.text
    assert client.get("/alerts/unread").text.strip() == ""  # opening it read it
    refused = client.post(f"/alerts/{alert.id}/acknowledge", data={"note": "x"})
    assert refused.status_code == 403  # no CSRF token
    done = client.post(
        f"/alerts/{alert.id}/acknowledge",
        data={"note": "Checked <b>with</b> the press office", "csrf_token": csrf_of(page.text)},
    )
    assert done.status_code == 303
    shown = client.get(done.headers["location"]).text
    assert "Checked &lt;b&gt;with&lt;/b&gt; the press office" in shown
    assert "acknowledged" in shown


def test_a_viewer_reads_but_cannot_acknowledge(client: TestClient, org: Org, alert: Alert) -> None:
    login(client, org.users["viewer"])
    page = client.get(f"/alerts/{alert.id}")
    assert page.status_code == 200
    assert f'action="/alerts/{alert.id}/acknowledge"' not in page.text
    refused = client.post(
        f"/alerts/{alert.id}/acknowledge", data={"csrf_token": csrf_of(page.text)}
    )
    assert refused.status_code == 403


def test_subscriptions_page_creates_and_removes(client: TestClient, org: Org) -> None:
    login(client, org.users["nobody"])
    page = client.get("/alerts/subscriptions")
    assert page.status_code == 200
    token = csrf_of(page.text)
    bad = client.post("/alerts/subscriptions", data={"csrf_token": token, "channels": "telegram"})
    assert bad.status_code == 422
    assert "chat id" in bad.text
    made = client.post(
        "/alerts/subscriptions",
        data={"csrf_token": token, "channels": ["inapp", "email"], "kinds": "volume_drop"},
    )
    assert made.status_code == 303
    listed = client.get("/alerts/subscriptions").text
    assert "Drop in mentions" in listed


def test_the_api_lists_reads_and_acknowledges_within_scope(
    api: Api, session: Session, org: Org, alert: Alert
) -> None:
    hidden = make_project(session, owner=org.dept_b)
    other = raise_alert(session, occurrence(org.dept_b, hidden), now=NOW).alert
    session.commit()
    listed = api.get("/api/v1/alerts", as_="viewer").json()
    assert [a["id"] for a in listed["items"]] == [alert.id]
    assert api.get(f"/api/v1/alerts/{other.id}", as_="viewer").status_code == 404
    every = api.get("/api/v1/alerts?status=open&kind=volume_spike", as_="administrator")
    assert every.json()["total"] == 2
    body = api.get(f"/api/v1/alerts/{alert.id}", as_="viewer").json()
    assert body["explanation"]["expected"] == 10.0
    denied = api.post(f"/api/v1/alerts/{alert.id}/acknowledge", as_="viewer", json={})
    assert denied.status_code == 403
    done = api.post(f"/api/v1/alerts/{alert.id}/acknowledge", as_="analyst", json={"note": "ok"})
    assert done.status_code == 200
    assert done.json()["status"] == "acknowledged"
    again = api.post(f"/api/v1/alerts/{alert.id}/acknowledge", as_="analyst", json={"note": "x"})
    assert again.status_code == 409
    extra = api.post(f"/api/v1/alerts/{alert.id}/acknowledge", as_="analyst", json={"x": 1})
    assert extra.status_code == 422


def test_the_api_manages_ones_own_subscriptions(api: Api, org: Org, project: Project) -> None:
    created = api.post(
        "/api/v1/alert-subscriptions",
        as_="viewer",
        json={"project_id": project.id, "channels": ["webhook"], "kinds": ["volume_spike"],
              "webhook_url": "https://hooks.example.org/r"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    sub = created.json()
    assert len(sub["webhook_secret"]) >= 32  # shown once
    listed = api.get("/api/v1/alert-subscriptions", as_="viewer").json()
    assert listed["items"][0]["webhook_secret"] == "********"
    assert api.get("/api/v1/alert-subscriptions", as_="analyst").json()["total"] == 0
    url = f"/api/v1/alert-subscriptions/{sub['id']}"
    assert api.get(url, as_="analyst").status_code == 404
    changed = api.patch(url, as_="viewer", json={"enabled": False, "kinds": []})
    assert changed.json()["enabled"] is False
    assert api.patch(url, as_="viewer", json={"channels": None}).status_code == 422
    assert api.delete(url, as_="viewer").status_code == 204
    assert api.get(url, as_="viewer").status_code == 404
    hidden = api.post("/api/v1/alert-subscriptions", as_="nobody", json={"project_id": project.id})
    assert hidden.status_code == 404
