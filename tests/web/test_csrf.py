"""CSRF: browser writes need the session's token; bearer-token requests are exempt."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.auth.services import create_token
from resonance.organization.models import Unit
from tests.factories import PASSWORD, SYSTEM, Org
from tests.web.conftest import csrf_of

SignIn = Callable[[str], TestClient]


def _unit_named(session: Session, name: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.name == name))


def test_a_form_without_its_token_is_refused_and_changes_nothing(
    signed_in: SignIn, org: Org, session: Session
) -> None:
    client = signed_in("administrator")
    data = {"name": "Sneaky unit", "kind": "department", "parent_id": str(org.ministry.id)}
    response = client.post("/units", data=data)
    assert response.status_code == 403
    assert "security token is missing or wrong" in response.text
    assert client.post("/units", data={**data, "csrf_token": "forged"}).status_code == 403
    assert _unit_named(session, "Sneaky unit") is None


def test_a_form_with_its_token_is_accepted(signed_in: SignIn, org: Org, session: Session) -> None:
    client = signed_in("administrator")
    token = csrf_of(client.get("/units").text)
    data = {
        "name": "Honest unit",
        "kind": "office",
        "parent_id": str(org.ministry.id),
        "timezone": "Europe/Paris",
        "csrf_token": token,
    }
    assert client.post("/units", data=data).status_code == 303
    assert _unit_named(session, "Honest unit") is not None


def test_htmx_sends_the_token_in_a_header(signed_in: SignIn, org: Org) -> None:
    client = signed_in("administrator")
    token = csrf_of(client.get("/units").text)
    response = client.post(
        f"/units/{org.region_a.id}",
        data={"name": "Region A renamed", "kind": "province", "timezone": "Europe/Kyiv"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 200
    assert "Region A renamed" in response.text
    assert "<html" not in response.text


def test_the_login_form_needs_the_pre_session_cookie(client: TestClient, org: Org) -> None:
    token = csrf_of(client.get("/login").text)
    client.cookies.clear()
    data = {"email": org.users["viewer"].email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 403


def test_bearer_token_requests_are_exempt(client: TestClient, org: Org, session: Session) -> None:
    secret, _ = create_token(session, SYSTEM, user_id=org.users["viewer"].id, name="script")
    session.commit()
    response = client.post(
        "/settings/tokens",
        data={"name": "made by a script"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201
