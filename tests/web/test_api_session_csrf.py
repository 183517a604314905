"""A browser session may read the API, but writes through it need the CSRF header."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.organization.models import Unit
from tests.factories import Org
from tests.web.conftest import csrf_of


def test_a_cookie_session_cannot_write_to_the_api_without_the_csrf_header(
    signed_in: Callable[[str], TestClient], org: Org, session: Session
) -> None:
    client = signed_in("administrator")
    assert client.get("/api/v1/units").status_code == 200
    body = {"name": "Forged unit", "kind": "department", "parent_id": org.ministry.id}
    refused = client.post("/api/v1/units", json=body)
    assert refused.status_code == 403
    assert "X-CSRF-Token" in refused.json()["detail"]
    assert session.scalar(select(Unit).where(Unit.name == "Forged unit")) is None
    token = csrf_of(client.get("/").text)
    accepted = client.post("/api/v1/units", json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201, accepted.text
