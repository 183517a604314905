"""Signing in and out: cookies, failures, lockout, expiry and safe redirects."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from resonance.auth.models import WebSession
from resonance.storage.base import utcnow
from resonance.web.templating import safe_next
from tests.factories import PASSWORD, Org
from tests.web.conftest import csrf_of, login


def _post_login(client: TestClient, email: str, password: str, next_url: str = "/") -> object:
    page = client.get("/login")
    return client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_of(page.text),
            "next": next_url,
        },
    )


def test_signing_in_sets_a_protected_session_cookie(client: TestClient, org: Org) -> None:
    response = _post_login(client, org.users["viewer"].email, PASSWORD, "/projects")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == "/projects"  # type: ignore[attr-defined]
    cookie = response.headers["set-cookie"].lower()  # type: ignore[attr-defined]
    assert "resonance_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/" in cookie
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_on_the_form(client: TestClient, org: Org) -> None:
    response = _post_login(client, org.users["viewer"].email, "not the password")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "The e-mail or the password is wrong" in response.text  # type: ignore[attr-defined]
    assert "resonance_session" not in client.cookies
    assert client.get("/").status_code == 303


def test_repeated_failures_lock_the_account(client: TestClient, org: Org) -> None:
    email = org.users["analyst"].email
    for _ in range(3):
        assert _post_login(client, email, "wrong password!").status_code == 400  # type: ignore[attr-defined]
    locked = _post_login(client, email, PASSWORD)
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert "Too many failed sign-in attempts" in locked.text  # type: ignore[attr-defined]
    assert "resonance_session" not in client.cookies


def test_signing_out_ends_the_server_session(client: TestClient, org: Org) -> None:
    login(client, org.users["viewer"])
    old_cookie = client.cookies["resonance_session"]
    page = client.get("/")
    response = client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 303
    client.cookies.set("resonance_session", old_cookie)
    assert client.get("/units").headers["location"] == "/login?next=%2Funits"


def test_an_expired_session_redirects_to_the_login_page(
    client: TestClient, org: Org, session: Session
) -> None:
    login(client, org.users["viewer"])
    session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(minutes=1)))
    session.commit()
    response = client.get("/projects?q=x")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fprojects%3Fq%3Dx"


def test_htmx_requests_without_a_session_are_told_to_redirect(client: TestClient) -> None:
    response = client.get("/units", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/login?next=")


def test_the_login_redirect_never_leaves_the_site(client: TestClient, org: Org) -> None:
    response = _post_login(client, org.users["viewer"].email, PASSWORD, "//evil.example/x")
    assert response.headers["location"] == "/"  # type: ignore[attr-defined]
    for target in ("https://evil.example", "/\\evil.example", "javascript:alert(1)", "", None):
        assert safe_next(target) == "/"
    assert safe_next("/units?q=a") == "/units?q=a"
