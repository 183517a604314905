"""The connector protocol: raw items, fetch batches and the shared date and id helpers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, Protocol, runtime_checkable

import pydantic

TEXT_PLAIN = "text/plain"
TEXT_HTML = "text/html"


@dataclass(frozen=True)
class RawItem:
    """One item as a source delivered it; the pipeline normalises, pseudonymises and stores it."""

    external_id: str
    url: str | None
    title: str | None
    text: str
    content_type: str
    author: str | None
    published_at: datetime | None
    published_raw: str | None
    language_hint: str | None
    engagement: Mapping[str, int]
    payload: bytes


@dataclass(frozen=True)
class ItemError:
    """A part of a fetch that could not become an item (a broken row, a malformed feed)."""

    position: str
    reason: str
    payload: bytes = b""


@dataclass(frozen=True)
class FetchBatch:
    """Items of one page, the cursor to persist once they are stored, and whether more follow."""

    items: Sequence[RawItem]
    cursor: dict[str, Any]
    has_more: bool
    errors: Sequence[ItemError] = field(default=())
    not_modified: bool = False


@runtime_checkable
class Connector(Protocol):
    """A source: built as `cls(config, http)`, yields batches, never writes to the database."""

    name: ClassVar[str]
    config_model: ClassVar[type[pydantic.BaseModel]]

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]: ...


def parse_datetime(raw: str | None, *, assume: tzinfo = UTC) -> datetime | None:
    """Parse an ISO 8601 or RFC 2822 date; a date without zone is taken in `assume`; UTC out."""
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return as_utc(parsed, assume=assume)


def as_utc(value: datetime, *, assume: tzinfo = UTC) -> datetime:
    """Return an aware UTC datetime; a naive one is read in the `assume` zone."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        value = value.replace(tzinfo=assume)
    return value.astimezone(UTC)


def content_id(*parts: object) -> str:
    """A stable synthetic id: SHA-256 of the parts in canonical JSON."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    return "sha256:" + hashlib.sha256(blob).hexdigest()[:40]


def json_payload(value: Any) -> bytes:
    """Canonical bytes of one JSON item, as the wire gave it but re-serialised compactly."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def to_int(value: Any) -> int | None:
    """An engagement count as an int, or None when absent or not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return int(float(str(value).replace(",", "").replace("\u00a0", "").strip()))
    except ValueError:
        return None


def engagement_of(**counts: Any) -> dict[str, int]:
    """Keep the counts that are numbers."""
    out: dict[str, int] = {}
    for key, value in counts.items():
        number = to_int(value)
        if number is not None:
            out[key] = number
    return out
