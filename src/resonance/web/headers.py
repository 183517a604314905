"""Default response headers (security, caching, language variance) as one pure ASGI middleware.

Starlette's `@app.middleware("http")` wraps every request in a task and memory streams; on a
public form taking hundreds of posts a second that overhead shows, so headers are set here by
wrapping `send` instead.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)
UNCACHED_PREFIXES = ("/api/", "/static/")


def set_default_headers(headers: MutableHeaders, path: str) -> None:
    """Fill in the headers a response did not set itself."""
    headers.setdefault("X-Content-Type-Options", "nosniff")
    policy = headers.get("Content-Security-Policy", "frame-ancestors 'none'")
    if "frame-ancestors 'none'" in policy:  # an embeddable page sets its own ancestors
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Content-Security-Policy", DEFAULT_CSP)
    if not path.startswith(UNCACHED_PREFIXES):
        # Pages vary by the language cookie and Accept-Language; caches must know.
        headers.setdefault("Vary", "Accept-Language, Cookie")
        headers.setdefault("Cache-Control", "no-store")


class DefaultHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                set_default_headers(MutableHeaders(scope=message), path)
            await send(message)

        await self.app(scope, receive, send_with_headers)
