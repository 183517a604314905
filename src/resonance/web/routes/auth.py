"""Sign in and sign out: server-side sessions in an HttpOnly cookie."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.auth.services import LoginPolicy, authenticate, end_session, start_session
from resonance.config import Settings
from resonance.errors import RateLimited, Unauthenticated
from resonance.web.csrf import CSRF_COOKIE
from resonance.web.deps import SESSION_COOKIE, PublicActor, SessionDep, SettingsDep
from resonance.web.templating import gettext_for, page_router, render, safe_next, see_other

router = page_router()


def login_policy(settings: Settings) -> LoginPolicy:
    return LoginPolicy(
        max_failures=settings.login_max_failures,
        window=timedelta(minutes=settings.login_window_minutes),
        session_lifetime=timedelta(hours=settings.session_hours),
    )


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.get("/login")
def login_page(request: Request, actor: PublicActor, next: str | None = None) -> Response:
    if actor is not None:
        return see_other(safe_next(next))
    return render(request, "auth/login.html", {"next": safe_next(next), "email": "", "errors": {}})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: PublicActor,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    del actor  # a new login replaces whatever session the browser had
    policy = login_policy(settings)
    _ = gettext_for(request)
    try:
        user = authenticate(
            session, email=email, password=password, ip=_client_ip(request), policy=policy
        )
    except (Unauthenticated, RateLimited) as exc:
        if isinstance(exc, RateLimited):
            message = _(
                "Too many failed sign-in attempts. Wait %(minutes)s minutes and try again."
            ) % {"minutes": settings.login_window_minutes}
        else:
            message = _("The e-mail or the password is wrong, or the account is disabled.")
        context = {"next": safe_next(next), "email": email, "errors": {"form": message}}
        status = 429 if isinstance(exc, RateLimited) else 400
        return render(request, "auth/login.html", context, status=status)
    raw, _web_session = start_session(session, user, ip=_client_ip(request), policy=policy)
    response = see_other(safe_next(next))
    response.set_cookie(
        SESSION_COOKIE,
        raw,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep, actor: PublicActor) -> Response:
    del actor
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        end_session(session, raw)
    response = see_other("/login?notice=signed-out")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
