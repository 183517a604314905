"""Offset pagination of list endpoints: parameters, the envelope and the RFC 8288 Link header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.orm import Session

from resonance.organization.queries import count

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

ItemT = TypeVar("ItemT", bound=BaseModel)


class Page(BaseModel, Generic[ItemT]):
    """One page of a list: `total` counts every item matching the filters."""

    items: list[ItemT]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


def link_header(request: Request, page: PageParams, total: int) -> str | None:
    """`<url>; rel="next", <url>; rel="prev"` keeping the request's other parameters."""
    links = []
    if page.offset + page.limit < total:
        url = request.url.include_query_params(limit=page.limit, offset=page.offset + page.limit)
        links.append(f'<{url}>; rel="next"')
    if page.offset > 0:
        previous = max(0, min(page.offset, total) - page.limit)
        url = request.url.include_query_params(limit=page.limit, offset=previous)
        links.append(f'<{url}>; rel="prev"')
    return ", ".join(links) or None


def _envelope(
    rows: Sequence[Any],
    total: int,
    item: type[ItemT],
    page: PageParams,
    request: Request,
    response: Response,
) -> Page[ItemT]:
    links = link_header(request, page, total)
    if links:
        response.headers["Link"] = links
    return Page[item](  # type: ignore[valid-type]
        items=[item.model_validate(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


def paginate(
    session: Session,
    stmt: Select[Any],
    item: type[ItemT],
    *,
    page: PageParams,
    request: Request,
    response: Response,
) -> Page[ItemT]:
    """Run a scoped select for one page and count all its rows."""
    total = count(session, stmt)
    rows = session.scalars(stmt.limit(page.limit).offset(page.offset)).all()
    return _envelope(rows, total, item, page, request, response)


def paginate_sequence(
    rows: Sequence[Any],
    item: type[ItemT],
    *,
    page: PageParams,
    request: Request,
    response: Response,
) -> Page[ItemT]:
    """Page through a short list already loaded by a service (e.g. one person's tokens)."""
    window = rows[page.offset : page.offset + page.limit]
    return _envelope(window, len(rows), item, page, request, response)
