"""Rendering pages: one Jinja2 environment per UI language, the HTMX helper and error pages."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from resonance.config import SUPPORTED_LOCALES, Settings
from resonance.errors import NotFound, ResonanceError
from resonance.organization.access import Actor, Permission
from resonance.organization.queries import get_unit
from resonance.web.csrf import CSRF_FIELD, csrf_protect, csrf_token_for, set_csrf_cookie
from resonance.web.deps import SESSION_COOKIE, OptionalActor, SessionDep
from resonance.web.i18n import (
    LANG_COOKIE,
    LANGUAGE_NAMES,
    N_,
    babel_locale,
    html_lang,
    negotiate,
    translations,
)
from resonance.web.labels import KIND_LABELS, NOTICES, ROLE_LABELS

TEMPLATE_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    href: str | None  # None: a capability that is not built yet, shown as "coming"
    permission: Permission | None = None


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("overview", N_("Overview"), "/"),
    NavItem("monitoring", N_("Monitoring"), "/monitoring", Permission.VIEW),
    NavItem("kpis", N_("KPIs"), "/kpis", Permission.VIEW),
    NavItem("feedback", N_("Feedback"), "/feedback", Permission.VIEW),
    NavItem("consultations", N_("Consultations"), "/consultations", Permission.VIEW),
    NavItem("narratives", N_("Narratives"), None),
    NavItem("plans", N_("Plans"), None),
    NavItem("content", N_("Content"), None),
    NavItem("reports", N_("Reports"), None),
    NavItem("projects", N_("Projects"), "/projects", Permission.VIEW),
    NavItem("queries", N_("Queries"), "/queries", Permission.VIEW),
    NavItem("sources", N_("Sources"), "/sources", Permission.VIEW),
    NavItem("units", N_("Units"), "/units", Permission.VIEW),
    NavItem("users", N_("Users"), "/users", Permission.MANAGE_USERS),
    NavItem("audit", N_("Audit log"), "/audit", Permission.VIEW_AUDIT),
    NavItem("settings", N_("Settings"), "/settings"),
)

ERROR_TITLES: dict[int, str] = {
    400: N_("Bad request"),
    403: N_("Permission denied"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Request too large"),
    422: N_("Invalid input"),
    429: N_("Too many requests"),
    500: N_("Something went wrong"),
    503: N_("Service unavailable"),
}
MISSING_PAGE = N_("There is no page at this address, or you may not see it.")


def _filters(locale: str) -> dict[str, Callable[..., str]]:
    babel = babel_locale(locale)

    @pass_context
    def datetime_filter(context: Context, value: datetime | None, fmt: str = "medium") -> str:
        if value is None:
            return ""
        zone = ZoneInfo(str(context.get("timezone") or "UTC"))
        return format_datetime(value, fmt, tzinfo=zone, locale=babel)

    def date_filter(value: date | None, fmt: str = "medium") -> str:
        return "" if value is None else format_date(value, fmt, locale=babel)

    def number_filter(value: float | None) -> str:
        return "" if value is None else format_decimal(value, locale=babel)

    return {"datetime": datetime_filter, "date": date_filter, "number": number_filter}


class Templates:
    """Jinja2 environments, one per locale, sharing one loader; autoescape always on."""

    def __init__(self, directory: Path = TEMPLATE_DIR) -> None:
        self._loader = FileSystemLoader(directory)
        self._envs: dict[str, Environment] = {}

    def env(self, locale: str) -> Environment:
        if locale not in self._envs:
            env = Environment(
                loader=self._loader,
                autoescape=select_autoescape(default=True, default_for_string=True),
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
            )
            env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
            env.filters.update(_filters(locale))
            env.globals.update(
                locale=locale,
                html_lang=html_lang(locale),
                languages=LANGUAGE_NAMES,
                supported_locales=SUPPORTED_LOCALES,
                csrf_field=CSRF_FIELD,
                role_labels=ROLE_LABELS,
                kind_labels=KIND_LABELS,
            )
            self._envs[locale] = env
        return self._envs[locale]


def request_locale(request: Request) -> str:
    """The language of this response (the user's choice > cookie > Accept-Language > default)."""
    actor: Actor | None = getattr(request.state, "actor", None)
    settings: Settings = request.app.state.settings
    return negotiate(
        user_locale=actor.locale if actor else None,
        cookie=request.cookies.get(LANG_COOKIE),
        accept_language=request.headers.get("accept-language"),
        default=settings.default_locale,
    )


def gettext_for(request: Request) -> Callable[[str], str]:
    return translations(request_locale(request)).gettext


def _navigation(actor: Actor | None, path: str) -> list[dict[str, Any]]:
    if actor is None:
        return []
    items = []
    for item in NAVIGATION:
        if item.permission is not None and not actor.can_anywhere(item.permission):
            continue
        active = item.href is not None and (
            path == item.href if item.href == "/" else path.startswith(item.href)
        )
        items.append({"key": item.key, "label": item.label, "href": item.href, "active": active})
    return items


def _base_context(request: Request) -> dict[str, Any]:
    actor: Actor | None = getattr(request.state, "actor", None)
    return {
        "request": request,
        "actor": actor,
        "user": getattr(request.state, "viewer", None) if actor else None,
        "nav": _navigation(actor, request.url.path),
        "csrf_token": csrf_token_for(request),
        "timezone": getattr(request.state, "timezone", "UTC"),
        "current_url": _path_with_query(request),
        "notice": _notice(request),
    }


def _notice(request: Request) -> str | None:
    key = request.query_params.get("notice")
    if key not in NOTICES:
        return None
    return gettext_for(request)(NOTICES[key])


def _path_with_query(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> HTMLResponse:
    """Render a template in the request's language, with the layout's shared context."""
    locale = request_locale(request)
    templates: Templates = request.app.state.templates
    html = (
        templates.env(locale)
        .get_template(template)
        .render({**_base_context(request), **(context or {})})
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Content-Language"] = locale
    response.headers["Vary"] = "Accept-Language, Cookie, HX-Request"
    set_csrf_cookie(request, response)
    return response


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_page(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The HTMX helper: the fragment for an HTMX request, the full page otherwise."""
    if fragment is not None and is_htmx(request):
        return render(request, fragment, context, status=status)
    return render(request, template, context, status=status)


def form_errors(exc: ResonanceError, *, default: str = "form") -> dict[str, str]:
    """Errors keyed by the form field they belong to (`default` when the error names none)."""
    field = exc.extra.get("field")
    return {str(field) if field else default: exc.detail}


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go to after login; anything pointing off-site falls back to `default`."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ch in target for ch in "\r\n\t\\"):
        return default
    return target


def render_error(request: Request, status: int, title: str, detail: str) -> Response:
    """Error page in the user's language; a page that needs a login redirects to it instead."""
    if status == 401:
        target = "/login?next=" + quote(_path_with_query(request), safe="")
        if is_htmx(request):
            response: Response = Response(status_code=200, headers={"HX-Redirect": target})
        else:
            response = see_other(target)
        if request.cookies.get(SESSION_COOKIE):
            response.delete_cookie(SESSION_COOKIE, path="/")
        return response
    gettext = gettext_for(request)
    shown_title = gettext(ERROR_TITLES.get(status, title))
    if status == 404 and detail == "Not Found":
        detail = MISSING_PAGE
    context = {"status": status, "title": shown_title, "detail": gettext(detail)}
    return render(request, "error.html", context, status=status)


@dataclass(frozen=True)
class ViewerInfo:
    """What the layout shows of the signed-in user, copied so error pages render after rollback."""

    display_name: str
    email: str
    locale: str | None


def remember_viewer(request: Request, session: SessionDep, actor: OptionalActor) -> None:
    """Keep the viewer's name, CSRF token and time zone (of their first unit) for rendering."""
    request.state.timezone = "UTC"
    user = getattr(request.state, "user", None)
    if actor is None or user is None:
        return
    request.state.viewer = ViewerInfo(user.display_name, user.email, user.locale)
    web_session = getattr(request.state, "web_session", None)
    if web_session is not None:
        request.state.csrf_token = web_session.csrf_token
    if actor.grants:
        with contextlib.suppress(NotFound):
            request.state.timezone = get_unit(session, actor.grants[0].unit_id).timezone


def page_router() -> APIRouter:
    """A router for pages: HTML responses, CSRF checks on writes, the viewer's time zone."""
    return APIRouter(
        default_response_class=HTMLResponse,
        dependencies=[Depends(remember_viewer), Depends(csrf_protect)],
        include_in_schema=False,
    )
