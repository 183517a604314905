"""Source pages: health badges, the connector's config form with precise errors, actions, scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from resonance.organization.models import Role
from resonance.sources.models import Source, SourceRun
from resonance.sources.services import create_source
from resonance.storage.base import utcnow
from tests.factories import SYSTEM, Org, make_user
from tests.web.conftest import csrf_of, login

SignIn = Callable[[str], TestClient]


def _feed(session: Session, org: Org, name: str = "Kyiv news") -> Source:
    source = create_source(
        session,
        SYSTEM,
        name=name,
        connector="rss",
        config={"url": "https://example.org/rss"},
        owner_unit_id=org.dept_a.id,
    )
    session.commit()
    return source


def _silence(session: Session, source: Source) -> None:
    """Hourly deliveries for two weeks, then four hours of nothing."""
    now = utcnow()
    source.created_at = at = now - timedelta(days=16)
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


def test_the_list_shows_health_and_a_silent_badge(
    signed_in: SignIn, session: Session, org: Org
) -> None:
    _silence(session, _feed(session, org, "Quiet feed"))
    _feed(session, org, "Fresh feed")
    html = signed_in("viewer").get("/sources").text
    assert 'data-status="silent"' in html
    assert ">SILENT</span>" in html
    assert 'data-status="new"' in html
    assert 'href="/sources"' in html


def test_the_config_form_follows_the_connector_and_errors_sit_by_their_field(
    signed_in: SignIn, org: Org
) -> None:
    client = signed_in("communication_lead")
    form = client.get("/sources/new?connector=webhook").text
    assert 'name="config.secrets"' in form
    assert 'name="config.tolerance_seconds"' in form
    token = csrf_of(form)
    base = {
        "name": "Feed",
        "owner_unit_id": str(org.dept_a.id),
        "interval_seconds": "900",
        "jitter_seconds": "60",
        "csrf_token": token,
    }

    bad = client.post("/sources", data={**base, "connector": "rss", "config.url": "nope"})
    assert bad.status_code == 422
    assert 'id="config.url-error"' in bad.text
    not_number = client.post(
        "/sources",
        data={
            **base,
            "connector": "rss",
            "config.url": "https://e.org/f",
            "config.max_items": "many",
        },
    )
    assert not_number.status_code == 422
    assert 'id="config.max_items-error"' in not_number.text
    slow = client.post(
        "/sources",
        data={**base, "connector": "rss", "config.url": "https://e.org/f", "interval_seconds": "5"},
    )
    assert 'id="interval_seconds-error"' in slow.text

    made = client.post(
        "/sources",
        data={**base, "connector": "webhook", "config.secrets": "first-secret\nsecond-secret"},
    )
    assert made.status_code == 303, made.text
    detail = client.get(made.headers["location"]).text
    assert "first-secret" not in detail
    assert "/api/v1/sources/" in detail


def test_editing_keeps_hidden_secrets_and_actions_work(
    signed_in: SignIn, session: Session, org: Org
) -> None:
    hook = create_source(
        session,
        SYSTEM,
        name="Hook",
        connector="webhook",
        config={"secrets": ["keep-me"]},
        owner_unit_id=org.dept_a.id,
    )
    feed = _feed(session, org)
    client = signed_in("communication_lead")
    edit = client.get(f"/sources/{hook.id}/edit").text
    assert "keep-me" not in edit
    token = csrf_of(edit)
    saved = client.post(
        f"/sources/{hook.id}",
        data={
            "name": "Hook renamed",
            "owner_unit_id": str(org.dept_a.id),
            "interval_seconds": "900",
            "jitter_seconds": "60",
            "config.secrets": "",
            "config.tolerance_seconds": "120",
            "csrf_token": token,
        },
    )
    assert saved.status_code == 303, saved.text
    session.expire_all()
    stored = session.get(Source, hook.id)
    assert stored is not None
    assert (stored.name, stored.config["secrets"]) == ("Hook renamed", ["keep-me"])

    fetched = client.post(f"/sources/{feed.id}/fetch", data={"csrf_token": token})
    assert fetched.headers["location"].endswith("?done=fetch-queued")
    assert "A fetch was queued" in client.get(fetched.headers["location"]).text
    disabled = client.post(
        f"/sources/{feed.id}/disable", data={"reason": "moved", "csrf_token": token}
    )
    assert disabled.status_code == 303
    assert "Disabled by" in client.get(f"/sources/{feed.id}").text


def test_people_of_another_unit_do_not_see_the_source(
    client: TestClient, session: Session, org: Org
) -> None:
    feed = _feed(session, org)
    outsider = make_user(session, roles=[(org.dept_b, Role.COMMUNICATION_LEAD)])
    session.commit()
    login(client, outsider)
    assert client.get(f"/sources/{feed.id}").status_code == 404
    assert client.get(f"/sources/{feed.id}/edit").status_code == 404
    assert "Kyiv news" not in client.get("/sources").text
