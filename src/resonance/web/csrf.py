"""CSRF protection: the session token when signed in, a signed double-submit cookie before."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from resonance.config import Settings
from resonance.errors import PermissionDenied
from resonance.web.deps import OptionalActor
from resonance.web.i18n import N_

CSRF_COOKIE = "resonance_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FAILED = N_(
    "The form could not be accepted: its security token is missing or wrong, so nothing was "
    "changed. Reload the page and send the form again."
)


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.resolved_secret_key, salt="resonance.csrf")


def _presession_token(request: Request) -> str | None:
    raw = request.cookies.get(CSRF_COOKIE)
    if not raw:
        return None
    try:
        value = _serializer(request.app.state.settings).loads(raw)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def csrf_token_for(request: Request) -> str:
    """The token forms of this request carry; issues a pre-session cookie when none exists."""
    session_token = _session_token(request)
    if session_token is not None:
        return session_token
    existing = getattr(request.state, "new_csrf_token", None) or _presession_token(request)
    if existing:
        return str(existing)
    token = secrets.token_urlsafe(32)
    request.state.new_csrf_token = token
    return token


def set_csrf_cookie(request: Request, response: Response) -> None:
    """Send the pre-session cookie when this request issued a new token."""
    token = getattr(request.state, "new_csrf_token", None)
    if token is None:
        return
    settings: Settings = request.app.state.settings
    response.set_cookie(
        CSRF_COOKIE,
        _serializer(settings).dumps(token),
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def _session_token(request: Request) -> str | None:
    """The signed-in session's token (copied to request.state, so it survives a rollback)."""
    cached = getattr(request.state, "csrf_token", None)
    if cached is not None:
        return str(cached)
    web_session = getattr(request.state, "web_session", None)
    if web_session is None:
        return None
    token = str(web_session.csrf_token)
    request.state.csrf_token = token
    return token


EMBED_SALT = "resonance.embed-form"
EMBED_TOKEN_MAX_AGE = 2 * 3600


def _embed_serializer(request: Request) -> URLSafeTimedSerializer:
    settings: Settings = request.app.state.settings
    return URLSafeTimedSerializer(settings.resolved_secret_key, salt=EMBED_SALT)


def _embed_slug(path: str) -> str | None:
    """The form slug of an embedded-widget path `/f/<slug>/embed`, else None."""
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) == 3 and parts[0] == "f" and parts[2] == "embed" else None


def embed_token_for(request: Request, form_slug: str) -> str:
    """A signed, form-bound, time-limited token for the embeddable widget.

    A widget lives in a third-party iframe, where browsers do not send our SameSite=Lax cookies,
    so the double-submit cookie cannot work there; this token needs no cookie. It only lets an
    anonymous visitor post to that one public form, which is what the widget is for.
    """
    return str(_embed_serializer(request).dumps(form_slug))


def _valid_embed_token(request: Request, submitted: str) -> bool:
    slug = _embed_slug(request.url.path)
    if slug is None:
        return False
    try:
        value = _embed_serializer(request).loads(submitted, max_age=EMBED_TOKEN_MAX_AGE)
    except BadSignature:
        return False
    return bool(value == slug)


def _expected(request: Request) -> str | None:
    return _session_token(request) or _presession_token(request)


async def csrf_protect(request: Request, actor: OptionalActor) -> None:
    """Refuse a state-changing browser request whose token does not match (bearer auth exempt)."""
    del actor  # resolved first so that the session (and its token) is known
    if request.method not in UNSAFE_METHODS:
        return
    if getattr(request.state, "auth_method", None) == "token":
        return
    submitted = request.headers.get(CSRF_HEADER)
    if not submitted:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            submitted = value if isinstance(value, str) else None
    if submitted and _valid_embed_token(request, submitted):
        return
    expected = _expected(request)
    if not submitted or not expected or not hmac.compare_digest(submitted, expected):
        raise PermissionDenied(CSRF_FAILED, field=CSRF_FIELD)
