"""The sources API: config validation, health, runs, fetch now, the signed webhook, scope."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.auth.services import create_token
from resonance.organization.models import Role
from resonance.sources.builtin.webhook import sign
from resonance.sources.models import Source, SourceRun
from resonance.sources.services import create_source
from resonance.storage.base import utcnow
from tests.api.conftest import Api, assert_problem
from tests.factories import SYSTEM, Org, actor_of, make_user
from tests.ingest.helpers import make_context

SECRET = "whsec_test_0123456789"
ITEMS = json.dumps(
    [
        {"id": "a", "text": "Citizens praise the new school meals reform.", "language": "en"},
        {
            "id": "b",
            "text": "Громадяни обговорюють реформу шкільного харчування.",
            "language": "uk",
        },
    ],
    ensure_ascii=False,
).encode()


@pytest.fixture
def hook(api: Api, app: FastAPI, session: Session, org: Org) -> Source:
    app.state.ingest_context = make_context(clock=utcnow)
    source = create_source(
        session,
        SYSTEM,
        name="Zalo bridge",
        connector="webhook",
        config={"secrets": [SECRET]},
        owner_unit_id=org.dept_a.id,
    )
    session.commit()
    return source


def _signed(body: bytes, *, secret: str = SECRET, at: float | None = None) -> dict[str, str]:
    stamp = int(time.time() if at is None else at)
    return {"X-Resonance-Signature": sign(body, secret, stamp), "Content-Type": "application/json"}


def test_a_good_delivery_is_ingested_once_and_counted_as_a_run(
    api: Api, session: Session, hook: Source
) -> None:
    first = api.post(
        f"/api/v1/sources/{hook.id}/webhook", as_=None, content=ITEMS, headers=_signed(ITEMS)
    )
    assert first.status_code == 202, first.text
    assert (first.json()["received"], first.json()["new"]) == (2, 2)
    again = api.post(
        f"/api/v1/sources/{hook.id}/webhook", as_=None, content=ITEMS, headers=_signed(ITEMS)
    )
    assert (again.json()["new"], again.json()["unchanged"]) == (0, 2)
    runs = api.get(f"/api/v1/sources/{hook.id}/runs", as_="viewer").json()
    assert runs["total"] == 2
    assert runs["items"][0]["ok"] is True
    source = api.get(f"/api/v1/sources/{hook.id}", as_="viewer").json()
    assert source["config"]["secrets"] == ["********"]
    assert source["health"]["last_success_at"] is not None


@pytest.mark.parametrize(
    ("case", "status"),
    [("no-signature", 401), ("wrong-secret", 401), ("replayed", 401), ("not-json", 422)],
)
def test_bad_deliveries_are_refused_and_store_nothing(
    api: Api, session: Session, hook: Source, case: str, status: int
) -> None:
    body, headers = ITEMS, _signed(ITEMS)
    if case == "no-signature":
        headers = {}
    elif case == "wrong-secret":
        headers = _signed(ITEMS, secret="guessed")
    elif case == "replayed":
        headers = _signed(ITEMS, at=time.time() - 3600)
    else:
        body = b"{not json"
        headers = _signed(body)
    response = api.post(
        f"/api/v1/sources/{hook.id}/webhook", as_=None, content=body, headers=headers
    )
    assert_problem(response, status)
    assert session.scalar(select(SourceRun.id).where(SourceRun.source_id == hook.id)) is None


def test_disabled_unknown_other_and_oversized_deliveries(
    api: Api, session: Session, org: Org, hook: Source
) -> None:
    url = f"/api/v1/sources/{hook.id}/webhook"
    huge = b"[" + b" " * 1_000_001 + b"]"
    assert_problem(api.post(url, as_=None, content=huge, headers=_signed(huge)), 413)
    assert_problem(
        api.post("/api/v1/sources/999999/webhook", as_=None, content=ITEMS, headers=_signed(ITEMS)),
        404,
    )
    rss = create_source(
        session,
        SYSTEM,
        name="Feed",
        connector="rss",
        config={"url": "https://example.org/feed"},
        owner_unit_id=org.dept_a.id,
    )
    session.commit()
    assert_problem(
        api.post(
            f"/api/v1/sources/{rss.id}/webhook", as_=None, content=ITEMS, headers=_signed(ITEMS)
        ),
        404,
    )
    assert api.post(f"/api/v1/sources/{hook.id}/disable", json={"reason": "rotating"}).is_success
    assert_problem(api.post(url, as_=None, content=ITEMS, headers=_signed(ITEMS)), 409)


def test_config_errors_name_the_field_and_secrets_never_leak(
    api: Api, session: Session, org: Org
) -> None:
    bad = api.post(
        "/api/v1/sources",
        as_="communication_lead",
        json={
            "name": "F",
            "connector": "rss",
            "config": {"url": "not a url"},
            "owner_unit_id": org.dept_a.id,
        },
    )
    assert "url" in assert_problem(bad, 422, "invalid rss connector config")["detail"]
    assert_problem(
        api.post(
            "/api/v1/sources",
            as_="communication_lead",
            json={
                "name": "F",
                "connector": "carrier-pigeon",
                "config": {},
                "owner_unit_id": org.dept_a.id,
            },
        ),
        422,
        "unknown connector",
    )
    made = api.post(
        "/api/v1/sources",
        as_="communication_lead",
        json={
            "name": "Hook",
            "connector": "webhook",
            "config": {"secrets": ["s3cret-value"]},
            "owner_unit_id": org.dept_a.id,
        },
    )
    assert made.status_code == 201, made.text
    source_id = made.json()["id"]
    kept = api.patch(
        f"/api/v1/sources/{source_id}",
        as_="communication_lead",
        json={"config": {"secrets": ["********"], "tolerance_seconds": 60}},
    )
    assert kept.status_code == 200, kept.text
    stored = session.get(Source, source_id)
    assert stored is not None
    session.refresh(stored)
    assert stored.config["secrets"] == ["s3cret-value"]
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "source")).all()
    assert entries
    assert all("s3cret-value" not in json.dumps(e.after) for e in entries)
    assert api.post("/api/v1/sources", as_="analyst", json={}).status_code == 403


def test_health_shows_a_silent_source(api: Api, session: Session, org: Org) -> None:
    source = create_source(
        session,
        SYSTEM,
        name="Quiet feed",
        connector="rss",
        config={"url": "https://example.org/quiet"},
        owner_unit_id=org.dept_a.id,
    )
    now = utcnow()
    source.created_at = now - timedelta(days=16)
    at = now - timedelta(days=16)
    while at < now:
        items = 2 if at < now - timedelta(hours=4) else 0
        session.add(
            SourceRun(
                source_id=source.id,
                started_at=at,
                finished_at=at,
                ok=True,
                items_fetched=items,
                items_new=items,
            )
        )
        at += timedelta(hours=1)
    session.commit()
    listed = api.get("/api/v1/sources", as_="viewer", params={"search": "quiet"}).json()
    health = listed["items"][0]["health"]
    assert (health["status"], health["silent"], health["baseline_per_day"]) == ("silent", True, 48)


def test_fetch_now_queues_one_task_per_minute(api: Api, session: Session, org: Org) -> None:
    source = create_source(
        session,
        SYSTEM,
        name="Feed",
        connector="rss",
        config={"url": "https://example.org/feed"},
        owner_unit_id=org.dept_a.id,
    )
    session.commit()
    first = api.post(f"/api/v1/sources/{source.id}/fetch", as_="communication_lead")
    assert first.status_code == 202, first.text
    again = api.post(f"/api/v1/sources/{source.id}/fetch", as_="communication_lead")
    assert again.json()["task_id"] == first.json()["task_id"]
    assert api.post(f"/api/v1/sources/{source.id}/fetch", as_="analyst").status_code == 403


def test_another_units_people_see_no_source(api: Api, session: Session, org: Org) -> None:
    source = create_source(
        session,
        SYSTEM,
        name="Feed",
        connector="rss",
        config={"url": "https://example.org/feed"},
        owner_unit_id=org.dept_a.id,
    )
    outsider = make_user(session, roles=[(org.dept_b, Role.COMMUNICATION_LEAD)])
    secret, _ = create_token(session, actor_of(session, outsider), user_id=outsider.id, name="b")
    session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    for method, path in (("GET", ""), ("GET", "/runs"), ("POST", "/fetch"), ("POST", "/enable")):
        url = f"/api/v1/sources/{source.id}{path}"
        assert_problem(api.request(method, url, as_=None, headers=headers), 404)
    listed = api.request("GET", "/api/v1/sources", as_=None, headers=headers).json()
    assert listed["total"] == 0
