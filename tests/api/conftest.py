"""Fixtures for API tests: the app over the test database, personas with API tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from resonance.auth.services import create_token
from resonance.config import Settings
from resonance.storage.runtime import Database
from resonance.web.app import create_app
from tests.factories import Org, actor_of, make_org

PERSONAS = ("viewer", "focal_point", "analyst", "communication_lead", "administrator", "nobody")


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


class Api:
    """A test client that sends each request as one of the personas (or anonymously)."""

    def __init__(self, app: FastAPI, tokens: dict[str, str]) -> None:
        self.app = app
        self.client = TestClient(app)
        self.tokens = tokens

    def request(self, method: str, url: str, *, as_: str | None, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if as_ is not None:
            headers.update(bearer(self.tokens[as_]))
        response: httpx.Response = self.client.request(method, url, headers=headers, **kwargs)
        return response

    def get(self, url: str, *, as_: str | None = "administrator", **kw: Any) -> httpx.Response:
        return self.request("GET", url, as_=as_, **kw)

    def post(self, url: str, *, as_: str | None = "administrator", **kw: Any) -> httpx.Response:
        return self.request("POST", url, as_=as_, **kw)

    def patch(self, url: str, *, as_: str | None = "administrator", **kw: Any) -> httpx.Response:
        return self.request("PATCH", url, as_=as_, **kw)

    def delete(self, url: str, *, as_: str | None = "administrator", **kw: Any) -> httpx.Response:
        return self.request("DELETE", url, as_=as_, **kw)


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(var_dir=tmp_path, secret_key="test-secret-key", **overrides)


@pytest.fixture
def org(session: Session) -> Org:
    """make_org's personas, committed (to the test SAVEPOINT) so the app's sessions see them."""
    organisation = make_org(session)
    session.commit()
    return organisation


@pytest.fixture
def tokens(session: Session, org: Org) -> dict[str, str]:
    """One API token per persona, created through the auth service."""
    secrets = {}
    for persona in PERSONAS:
        user = org.users[persona]
        secrets[persona], _ = create_token(
            session, actor_of(session, user), user_id=user.id, name=f"{persona} tests"
        )
    session.commit()
    return secrets


@pytest.fixture
def app(db: Database, tmp_path: Path) -> FastAPI:
    return create_app(make_settings(tmp_path), db=db)


@pytest.fixture
def api(app: FastAPI, tokens: dict[str, str]) -> Api:
    # No `with`: the lifespan (embedded worker) is not needed to answer requests.
    return Api(app, tokens)


def assert_problem(response: httpx.Response, status: int, *fragments: str) -> dict[str, Any]:
    """The response is an RFC 9457 document with this status whose detail names the fragments."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= body.keys()
    for fragment in fragments:
        assert fragment in body["detail"], body["detail"]
    return body
