"""Pagination of the selects built by the domain queries (`*_query` functions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from sqlalchemy import Select
from sqlalchemy.orm import Session

from resonance.organization.queries import count

T = TypeVar("T")
PER_PAGE = 25


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    per_page: int
    total: int
    filters: dict[str, Any]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    def url(self, number: int) -> str:
        """The query string of another page, keeping the filters."""
        params = {k: v for k, v in self.filters.items() if v not in (None, "")}
        params["page"] = number
        return "?" + urlencode(params)


def paginate(
    session: Session,
    stmt: Select[Any],
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    filters: dict[str, Any] | None = None,
) -> Page[Any]:
    total = count(session, stmt)
    pages = max(1, -(-total // per_page))
    number = min(max(1, page), pages)
    items = session.scalars(stmt.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(items=items, number=number, per_page=per_page, total=total, filters=filters or {})
