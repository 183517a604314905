"""Own settings: language switcher, profile, password and API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.auth.services import create_token, list_tokens, revoke_token
from resonance.errors import Invalid, ResonanceError
from resonance.organization.services import change_password, update_user
from resonance.web.deps import PublicActor, SessionDep, SettingsDep, SignedIn
from resonance.web.i18n import LANG_COOKIE, supported
from resonance.web.templating import (
    form_errors,
    gettext_for,
    page_router,
    render,
    safe_next,
    see_other,
)

router = page_router()
ONE_YEAR = 365 * 24 * 3600


@router.post("/language")
def switch_language(
    session: SessionDep,
    settings: SettingsDep,
    actor: PublicActor,
    lang: Annotated[str, Form(max_length=16)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Remember the language in a cookie, and in the profile of a signed-in user."""
    locale = supported(lang) or settings.default_locale
    if actor is not None and actor.user_id is not None:
        update_user(session, actor, actor.user_id, locale=locale)
    response = see_other(safe_next(next))
    response.set_cookie(
        LANG_COOKIE,
        locale,
        max_age=ONE_YEAR,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )
    return response


def _settings_page(
    request: Request, session: SessionDep, actor: SignedIn, status: int = 200, **extra: Any
) -> Response:
    context: dict[str, Any] = {
        "tokens": list_tokens(session, actor.user_id or 0),
        "profile_errors": {},
        "password_errors": {},
        "token_errors": {},
        "new_secret": None,
        **extra,
    }
    return render(request, "settings/index.html", context, status=status)


@router.get("/settings")
def settings_page(request: Request, session: SessionDep, actor: SignedIn) -> Response:
    return _settings_page(request, session, actor)


@router.post("/settings/profile")
def save_profile(
    request: Request,
    session: SessionDep,
    actor: SignedIn,
    display_name: Annotated[str, Form(max_length=400)] = "",
    locale: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    try:
        update_user(session, actor, actor.user_id or 0, display_name=display_name, locale=locale)
    except ResonanceError as exc:
        session.rollback()
        errors = form_errors(exc)
        return _settings_page(request, session, actor, exc.status, profile_errors=errors)
    response = see_other("/settings?notice=saved")
    if locale:
        response.set_cookie(LANG_COOKIE, locale, max_age=ONE_YEAR, samesite="lax", path="/")
    return response


@router.post("/settings/password")
def save_password(
    request: Request,
    session: SessionDep,
    actor: SignedIn,
    current_password: Annotated[str, Form(max_length=1024)] = "",
    new_password: Annotated[str, Form(max_length=1024)] = "",
    new_password_confirm: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    _ = gettext_for(request)
    try:
        if new_password != new_password_confirm:
            raise Invalid(
                _("The two new passwords differ; type the same one twice."),
                field="new_password_confirm",
            )
        change_password(
            session,
            actor,
            actor.user_id or 0,
            new_password=new_password,
            current_password=current_password,
        )
    except ResonanceError as exc:
        session.rollback()
        errors = form_errors(exc, default="new_password")
        return _settings_page(request, session, actor, exc.status, password_errors=errors)
    return see_other("/settings?notice=password")


@router.post("/settings/tokens")
def add_token(
    request: Request,
    session: SessionDep,
    actor: SignedIn,
    name: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """Create a token and show its secret in this response only: it is never stored."""
    try:
        secret, token = create_token(session, actor, user_id=actor.user_id or 0, name=name)
    except ResonanceError as exc:
        session.rollback()
        return _settings_page(request, session, actor, exc.status, token_errors=form_errors(exc))
    return _settings_page(request, session, actor, 201, new_secret=secret, new_token=token)


@router.post("/settings/tokens/{token_id}/revoke")
def remove_token(request: Request, session: SessionDep, actor: SignedIn, token_id: int) -> Response:
    del request
    revoke_token(session, actor, token_id)
    return see_other("/settings?notice=token-revoked")
