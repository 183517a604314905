"""Web: the FastAPI app factory, server-rendered pages (Jinja2 + HTMX), auth middleware."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response


def setup_app(app: FastAPI) -> None:
    """Install the page machinery: templates, the HTML error renderer, language headers."""
    from resonance.web.i18n import compile_catalogues
    from resonance.web.templating import Templates, render_error

    compile_catalogues()
    app.state.templates = Templates()
    app.state.render_error = render_error

    @app.middleware("http")
    async def language_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Pages vary by the language cookie and Accept-Language; caches must know.
        response = await call_next(request)
        if not request.url.path.startswith(("/api/", "/static/")):
            response.headers.setdefault("Vary", "Accept-Language, Cookie")
            response.headers.setdefault("Cache-Control", "no-store")
        return response
