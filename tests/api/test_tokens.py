"""Bearer tokens: created (secret once) → used → revoked → 401; every 401 says why."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.auth.models import ApiToken
from resonance.organization.models import User
from resonance.storage.base import utcnow
from tests.api.conftest import Api, assert_problem, bearer
from tests.factories import Org


def test_a_token_is_created_used_listed_and_revoked(api: Api, org: Org, session: Session) -> None:
    created = api.post("/api/v1/tokens", json={"name": "reporting script"}, as_="viewer")
    assert created.status_code == 201, created.text
    token = created.json()
    secret = token["secret"]
    assert secret.startswith("rsn_")
    assert token["prefix"] == secret[:12]

    me = api.client.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200
    assert me.json()["user"]["id"] == org.users["viewer"].id
    listed = api.client.get("/api/v1/tokens", headers=bearer(secret)).json()
    assert [t["name"] for t in listed["items"]] == ["viewer tests", "reporting script"]
    assert "secret" not in listed["items"][1]
    assert listed["items"][1]["last_used_at"] is not None

    revoked = api.client.delete(f"/api/v1/tokens/{token['id']}", headers=bearer(secret))
    assert revoked.status_code == 204
    after = api.client.get("/api/v1/me", headers=bearer(secret))
    assert_problem(after, 401, "was revoked")
    assert after.headers["www-authenticate"] == 'Bearer realm="resonance", error="invalid_token"'
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "api_token").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries][-2:] == ["create", "revoke"]
    assert entries[-1].entity_id == str(token["id"])


def test_each_authentication_failure_is_a_401_naming_the_reason(
    api: Api, org: Org, session: Session, tokens: dict[str, str]
) -> None:
    missing = api.get("/api/v1/units", as_=None)
    assert_problem(missing, 401, "Sign in first")
    assert missing.headers["www-authenticate"] == 'Bearer realm="resonance"'
    unknown = api.client.get("/api/v1/units", headers=bearer("rsn_" + "x" * 43))
    assert_problem(unknown, 401, "not known")
    malformed = api.client.get("/api/v1/units", headers=bearer("hunter2"))
    assert_problem(malformed, 401, "malformed")

    stored = session.scalars(select(ApiToken).where(ApiToken.name == "analyst tests")).one()
    stored.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    assert_problem(api.get("/api/v1/units", as_="analyst"), 401, "has expired")

    viewer = session.get(User, org.users["viewer"].id)
    assert viewer is not None
    viewer.is_active = False
    session.commit()
    assert_problem(api.get("/api/v1/units", as_="viewer"), 401, "disabled")


def test_a_wrong_role_is_a_403(api: Api) -> None:
    body = assert_problem(api.get("/api/v1/audit", as_="analyst"), 403, "view_audit")
    assert body["title"] == "Permission denied"


def test_token_input_is_checked(api: Api, org: Org) -> None:
    past = (utcnow() - timedelta(days=1)).isoformat()
    assert_problem(
        api.post("/api/v1/tokens", json={"name": "old", "expires_at": past}, as_="viewer"),
        422,
        "must be in the future",
    )
    naive = api.post(
        "/api/v1/tokens", json={"name": "naive", "expires_at": "2030-01-01T00:00:00"}, as_="viewer"
    )
    assert_problem(naive, 422, "expires_at")
    for_someone_else = api.post(
        "/api/v1/tokens", json={"name": "x", "user_id": org.users["analyst"].id}, as_="viewer"
    )
    assert_problem(for_someone_else, 404)


def test_nobody_revokes_another_persons_token(
    api: Api, org: Org, session: Session, tokens: dict[str, str]
) -> None:
    analyst_token = session.scalars(select(ApiToken).where(ApiToken.name == "analyst tests")).one()
    assert_problem(api.delete(f"/api/v1/tokens/{analyst_token.id}", as_="viewer"), 404)
    assert api.get("/api/v1/me", as_="analyst").status_code == 200
