"""Mapping errors to RFC 9457 problem+json (API) or an HTML error page (browsers)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from resonance.errors import ResonanceError

PROBLEM_JSON = "application/problem+json"


def wants_json(request: Request) -> bool:
    """API paths and clients that ask for JSON get problem+json; browsers get a page."""
    if request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/metrics"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def problem(
    status: int, title: str, detail: str, *, code: str, request: Request, **extra: Any
) -> JSONResponse:
    body = {
        "type": f"https://resonance.example/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    headers = {"WWW-Authenticate": _challenge(request)} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _challenge(request: Request) -> str:
    """RFC 6750: say `invalid_token` when a token was sent, a bare challenge when none was."""
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return 'Bearer realm="resonance", error="invalid_token"'
    return 'Bearer realm="resonance"'


def _render_error_page(request: Request, status: int, title: str, detail: str) -> Response:
    renderer = getattr(request.app.state, "render_error", None)
    if renderer is not None:
        response: Response = renderer(request, status, title, detail)
        return response
    from html import escape

    body = f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1>"
    return HTMLResponse(body + f"<p>{escape(detail)}</p>", status_code=status)


def _respond(
    request: Request, status: int, title: str, detail: str, code: str, **extra: Any
) -> Response:
    if wants_json(request):
        return problem(status, title, detail, code=code, request=request, **extra)
    return _render_error_page(request, status, title, detail)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
            "message": err.get("msg", ""),
            "type": err.get("type", ""),
        }
        for err in exc.errors()
    ]


def _malformed_json(exc: RequestValidationError) -> str | None:
    """The parser's message when the body is not JSON at all (a 400, not a field error)."""
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            position = err.get("loc", ("body", "?"))[-1]
            reason = (err.get("ctx") or {}).get("error", "invalid syntax")
            return f"The request body is not valid JSON: {reason} at character {position}."
    return None


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(ResonanceError)
    async def _domain(request: Request, exc: ResonanceError) -> Response:
        extra = {k: v for k, v in exc.extra.items() if isinstance(v, str | int | float | bool)}
        return _respond(request, exc.status, exc.title, exc.detail, exc.code, **extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        malformed = _malformed_json(exc)
        if malformed is not None:
            return _respond(request, 400, "Malformed JSON", malformed, "malformed-json")
        errors = _field_errors(exc)
        detail = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
        return _respond(request, 422, "Invalid input", detail, "invalid", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "The request failed."
        titles = {404: "Not found", 405: "Method not allowed", 413: "Request too large"}
        return _respond(
            request,
            exc.status_code,
            titles.get(exc.status_code, "Error"),
            detail,
            "too-large" if exc.status_code == 413 else f"http-{exc.status_code}",
        )
