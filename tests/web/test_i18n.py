"""Language: the user's choice, then the switcher's cookie, then Accept-Language, then default."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from resonance.organization.models import User
from resonance.web.i18n import negotiate, parse_accept_language
from tests.factories import Org, make_user
from tests.web.conftest import csrf_of, login

SignIn = Callable[[str], TestClient]


def test_accept_language_picks_the_best_supported_language() -> None:
    assert parse_accept_language("de-DE, zh-CN;q=0.8, uk;q=0.9, en;q=0.1") == ["uk", "zh", "en"]
    assert parse_accept_language("q=broken;;,") == []


@pytest.mark.parametrize(
    ("user", "cookie", "accept", "expected"),
    [
        ("uk", "fr", "zh", "uk"),
        (None, "fr", "zh", "fr"),
        (None, None, "zh-Hans-CN,zh;q=0.9", "zh"),
        (None, "xx", "de", "en"),
    ],
)
def test_negotiation_order(
    user: str | None, cookie: str | None, accept: str, expected: str
) -> None:
    assert (
        negotiate(user_locale=user, cookie=cookie, accept_language=accept, default="en") == expected
    )


def test_anonymous_pages_follow_accept_language_then_the_cookie(client: TestClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "vi-VN,vi;q=0.9"})
    assert '<html lang="vi">' in page.text
    assert "Đăng nhập" in page.text
    client.cookies.set("lang", "zh")
    page = client.get("/login", headers={"Accept-Language": "vi"})
    assert '<html lang="zh-Hans">' in page.text
    assert "登录" in page.text


def test_the_users_choice_wins_over_cookie_and_browser(
    client: TestClient, session: Session, org: Org
) -> None:
    user = make_user(session, locale="uk")
    session.commit()
    login(client, user)
    client.cookies.set("lang", "fr")
    page = client.get("/", headers={"Accept-Language": "ru"})
    assert '<html lang="uk">' in page.text
    assert "Огляд" in page.text


def test_the_switcher_stores_the_choice_in_profile_and_cookie(
    signed_in: SignIn, org: Org, session: Session
) -> None:
    client = signed_in("viewer")
    token = csrf_of(client.get("/").text)
    response = client.post("/language", data={"lang": "fr", "next": "/units", "csrf_token": token})
    assert response.headers["location"] == "/units"
    assert client.cookies["lang"] == "fr"
    session.expire_all()
    assert session.get(User, org.users["viewer"].id).locale == "fr"  # type: ignore[union-attr]
    assert '<html lang="fr">' in client.get("/units").text


def test_anonymous_visitors_can_switch_language(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/language", data={"lang": "ru", "next": "https://evil.example", "csrf_token": token}
    )
    assert response.headers["location"] == "/"
    assert "Войти" in client.get("/login").text


def test_the_cookie_applies_when_the_profile_names_no_language(signed_in: SignIn) -> None:
    client = signed_in("administrator")
    client.cookies.set("lang", "fr")
    assert 'lang="fr"' in client.get("/users").text
