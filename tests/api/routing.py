"""Walking the routes an app really serves, across FastAPI versions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI


def effective_routes(app: FastAPI) -> Iterator[Any]:
    """Every route with its full path (and, for API routes, the dependant with all policies).

    FastAPI >= 0.130 keeps included routers lazily (`app.routes` holds the routers themselves);
    `iter_route_contexts` resolves them. Older versions flatten them into `app.routes`.
    """
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:
        yield from app.routes
        return
    yield from iter_route_contexts(app.routes)
