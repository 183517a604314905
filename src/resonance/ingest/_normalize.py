"""Normalisation of one raw item: clean text, UTC date with its offset, pseudonymous author."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from resonance.ingest._raw import safe_str
from resonance.sources.base import TEXT_HTML, RawItem
from resonance.text.normalize import fold_chinese, html_to_text, normalize_text

# A date further ahead than this is a wrong clock or zone at the source, not a scheduled post.
MAX_CLOCK_SKEW = timedelta(minutes=10)
EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)
MAX_TITLE_CHARS = 2_000
MAX_URL_CHARS = 2_048
MAX_AUTHOR_CHARS = 200
MAX_ENGAGEMENT_KEYS = 32
MAX_REACH = 2**31 - 1  # items.reach is a 32-bit integer column
_FOLD_SPACE = re.compile(r"\s+")
_REACH_KEYS = ("reach", "views", "impressions")


@dataclass
class Normalized:
    """A raw item made ready for storage; `notes` says what had to be repaired."""

    url: str | None
    title: str | None
    text: str
    text_hash: str
    published_at: datetime
    published_offset: str | None
    author_key: str | None
    author_display: str | None
    author_match: str | None
    engagement: dict[str, int]
    reach: int
    language_hint: str | None
    notes: list[str] = field(default_factory=list)


def author_key(secret: str, connector: str, handle: str) -> str:
    """HMAC-SHA256(secret, connector:casefolded handle): stable per handle, not reversible."""
    message = f"{connector}:{handle.strip().casefold()}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def text_hash(title: str | None, text: str) -> str:
    """SHA-256 of the folded text (case, whitespace, Traditional/Simplified Chinese folded)."""
    folded = _FOLD_SPACE.sub(" ", f"{title or ''}\n{text}".casefold()).strip()
    return hashlib.sha256(fold_chinese(folded).encode("utf-8")).hexdigest()


def clean_text(value: str, content_type: str) -> str:
    if content_type == TEXT_HTML:
        value = html_to_text(value[: 4 * 1024 * 1024])
    return normalize_text(value)


def normalize_item(
    item: RawItem,
    *,
    connector: str,
    secret: str,
    keep_handles: bool,
    fetched_at: datetime,
) -> Normalized:
    """Turn a RawItem into storable values; never trusts the source's types or lengths."""
    notes: list[str] = []
    text = clean_text(safe_str(item.text) or "", item.content_type)
    title = normalize_text(safe_str(item.title) or "")[:MAX_TITLE_CHARS]
    published_at, offset = resolve_date(item, fetched_at=fetched_at, notes=notes)
    handle = (safe_str(item.author) or "").strip()[:MAX_AUTHOR_CHARS]
    engagement = _engagement(item.engagement)
    return Normalized(
        url=_url(item.url, notes),
        title=title or None,
        text=text,
        text_hash=text_hash(title, text),
        published_at=published_at,
        published_offset=offset,
        author_key=author_key(secret, connector, handle) if handle else None,
        author_display=handle if handle and keep_handles else None,
        author_match=handle.casefold() if handle else None,
        engagement=engagement,
        reach=min(next((engagement[k] for k in _REACH_KEYS if k in engagement), 0), MAX_REACH),
        language_hint=safe_str(item.language_hint),
        notes=notes,
    )


def resolve_date(
    item: RawItem, *, fetched_at: datetime, notes: list[str]
) -> tuple[datetime, str | None]:
    """The UTC publication date and its original offset; fetch time when missing or absurd."""
    original = _parse_raw(item.published_raw)
    offset = _offset_text(original) if original is not None else None
    value = item.published_at if isinstance(item.published_at, datetime) else None
    if value is None and original is not None and original.tzinfo is not None:
        value = original
    if value is None or value.tzinfo is None:
        notes.append("date-missing" if not item.published_raw else "date-invalid")
        return fetched_at, None
    value = value.astimezone(UTC)
    if value > fetched_at + MAX_CLOCK_SKEW:
        notes.append("clock-skew")
        return fetched_at, offset
    if value < EARLIEST_DATE:
        notes.append("date-implausible")
        return fetched_at, None
    return value, offset if offset is not None else "+00:00"


def _parse_raw(raw: str | None) -> datetime | None:
    value = (safe_str(raw) or "").strip()[:100]
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _offset_text(value: datetime) -> str | None:
    delta = value.utcoffset()
    if delta is None:
        return None
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def _url(raw: str | None, notes: list[str]) -> str | None:
    value = (safe_str(raw) or "").strip()
    if not value:
        return None
    if len(value) > MAX_URL_CHARS:
        notes.append("url-too-long")  # a cut URL points elsewhere; the raw payload keeps it
        return None
    return value


def _engagement(counts: Mapping[str, int] | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, value in dict(counts or {}).items():
        if len(out) >= MAX_ENGAGEMENT_KEYS:
            break
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62:
            out[str(key)[:32]] = value
    return out
