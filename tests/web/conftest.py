"""Fixtures for page tests: the real app over the per-test database, signed-in clients."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.monitoring.models import Project
from resonance.organization.models import User
from resonance.storage.runtime import Database
from resonance.web.app import create_app
from tests.factories import PASSWORD, Org, make_org, make_project

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF_INPUT.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(var_dir=tmp_path, secret_key="test", login_max_failures=3)


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, db=db)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def org(session: Session) -> Org:
    built = make_org(session)
    session.commit()
    return built


@pytest.fixture
def projects(session: Session, org: Org) -> dict[str, Project]:
    made = {
        "a": make_project(
            session,
            owner=org.dept_a,
            slug="digital-a",
            names={"en": "Digital schools", "uk": "Цифрові школи"},
        ),
        "b": make_project(
            session, owner=org.dept_b, slug="roads-b", names={"en": "Secret roads of B"}
        ),
    }
    session.commit()
    return made


def login(client: TestClient, user: User | str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a browser does."""
    email = user if isinstance(user, str) else user.email
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(page.text), "next": "/"},
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def signed_in(client: TestClient, org: Org) -> Callable[[str], TestClient]:
    """Sign the client in as one of the personas of make_org."""

    def _sign_in(persona: str) -> TestClient:
        login(client, org.users[persona])
        return client

    return _sign_in
