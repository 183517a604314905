"""Refusing request bodies over the limit, whether declared by Content-Length or streamed."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resonance.web.problems import problem


class BodyTooLarge(HTTPException):
    """Raised while a chunked body is read; FastAPI re-raises HTTP errors, so it becomes a 413."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"The request body is larger than the limit of {max_bytes} bytes.")


class BodyLimitMiddleware:
    """413 for a declared Content-Length over the limit, and for a stream that grows past it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and not declared.isdigit():
            detail = f"The Content-Length header {declared!r} is not a number of bytes."
            await problem(400, "Bad request", detail, code="bad-request", request=Request(scope))(
                scope, receive, send
            )
            return
        if declared is not None and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        await self._guard_stream(scope, receive, send)

    async def _guard_stream(self, scope: Scope, receive: Receive, send: Send) -> None:
        received, started = 0, False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            # Reached only when the body was read outside a route (the routes answer it themselves).
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = BodyTooLarge(self.max_bytes).detail
        response = problem(
            413, "Request too large", detail, code="too-large", request=Request(scope)
        )
        await response(scope, receive, send)
