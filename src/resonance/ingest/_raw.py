"""Stage one: keep each raw item (compressed payload, content hash), one row per external id."""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from resonance.ingest.models import RawRecord
from resonance.sources.base import RawItem, content_id, parse_datetime

MAX_EXTERNAL_ID = 512
CHUNK = 500


@dataclass
class Stored:
    """A raw item that needs processing: its row id and whether the row is new."""

    raw_id: int
    item: RawItem
    is_new: bool


@dataclass
class RawResult:
    """What the raw stage did with a batch."""

    to_process: list[Stored]
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    repeated_in_batch: int = 0


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def safe_str(value: object) -> str | None:
    """A string PostgreSQL and SQLite both store: no NUL, no lone surrogates; None if not text."""
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not value.isascii():
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def external_id_of(item: RawItem) -> str:
    """The item's id as stored: stripped, and hashed when absent or longer than the column."""
    value = (safe_str(item.external_id) or "").strip()
    if not value:
        return content_id(item.url, item.title, item.text, item.published_raw)
    if len(value) > MAX_EXTERNAL_ID:
        return "sha256:" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()
    return value


def content_hash(item: RawItem) -> str:
    """SHA-256 over the wire payload and the fields the connector extracted from it."""
    fields = [
        item.url, item.title, item.text, item.content_type, item.author, item.published_raw,
        item.published_at.isoformat() if isinstance(item.published_at, datetime) else None,
        item.language_hint, sorted(dict(item.engagement or {}).items()),
    ]  # fmt: skip
    digest = hashlib.sha256(_payload_bytes(item))
    digest.update(b"\0")
    digest.update(json.dumps(fields, ensure_ascii=False, default=str).encode("utf-8", "replace"))
    return digest.hexdigest()


def _payload_bytes(item: RawItem) -> bytes:
    return item.payload if isinstance(item.payload, bytes | bytearray) else b""


def store_raw(
    session: Session,
    *,
    source_id: int,
    items: Sequence[RawItem],
    fetched_at: datetime,
    force: bool = False,
) -> RawResult:
    """Insert new raw rows, update changed ones; unchanged ones are skipped unless `force`."""
    unique: dict[str, RawItem] = {}
    for item in items:
        unique.setdefault(external_id_of(item), item)
    result = RawResult([], repeated_in_batch=len(items) - len(unique))
    existing: dict[str, tuple[int, str]] = {}
    for part in chunks(list(unique)):
        rows = session.execute(
            select(RawRecord.external_id, RawRecord.id, RawRecord.content_hash).where(
                RawRecord.source_id == source_id, RawRecord.external_id.in_(part)
            )
        )
        existing.update({ext: (raw_id, digest) for ext, raw_id, digest in rows})
    new_rows: list[dict[str, Any]] = []
    changed_rows: list[dict[str, Any]] = []
    for ext, item in unique.items():
        digest = content_hash(item)
        found = existing.get(ext)
        if found is not None and found[1] == digest and not force:
            result.unchanged += 1
            continue
        row = {
            "source_id": source_id,
            "external_id": ext,
            "content_hash": digest,
            "payload": zlib.compress(_payload_bytes(item), 6),
            "fetched_at": fetched_at,
        }
        if found is None:
            new_rows.append(row)
        else:
            row["id"] = found[0]
            changed_rows.append(row)
            result.to_process.append(Stored(found[0], _with_id(item, ext), is_new=False))
            result.changed += found[1] != digest
    for ext, raw_id in _insert_new(session, new_rows):
        result.to_process.append(Stored(raw_id, _with_id(unique[ext], ext), is_new=True))
        result.new += 1
    if changed_rows:
        session.execute(update(RawRecord), changed_rows)
    return result


def _with_id(item: RawItem, external_id: str) -> RawItem:
    if item.external_id == external_id:
        return item
    from dataclasses import replace

    return replace(item, external_id=external_id)


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Insert, skipping ids another worker stored meanwhile; (external id, row id) pairs."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    insert_fn = postgresql.insert if dialect == "postgresql" else sqlite.insert
    out: list[tuple[str, int]] = []
    for part in chunks(rows, 200):
        stmt = (
            insert_fn(RawRecord)
            .values(list(part))
            .on_conflict_do_nothing(index_elements=["source_id", "external_id"])
            .returning(RawRecord.external_id, RawRecord.id)
        )
        out.extend((ext, raw_id) for ext, raw_id in session.execute(stmt))
    return out


def load_payload(session: Session, raw_id: int) -> bytes:
    """The wire bytes of a raw row (decompressed)."""
    data = session.scalar(select(RawRecord.payload).where(RawRecord.id == raw_id))
    return zlib.decompress(data) if data else b""


def item_to_json(item: RawItem, *, with_payload: bool) -> dict[str, Any]:
    """A RawItem as JSON for a dead letter, so a replay can rebuild it exactly."""
    published = item.published_at.isoformat() if isinstance(item.published_at, datetime) else None
    out: dict[str, Any] = {
        "external_id": safe_str(item.external_id),
        "url": safe_str(item.url),
        "title": safe_str(item.title),
        "text": safe_str(item.text),
        "content_type": safe_str(item.content_type),
        "author": safe_str(item.author),
        "published_at": published,
        "published_raw": safe_str(item.published_raw),
        "language_hint": safe_str(item.language_hint),
        "engagement": {str(k): v for k, v in dict(item.engagement or {}).items()},
    }
    if with_payload:
        out["payload_b64"] = base64.b64encode(_payload_bytes(item)).decode("ascii")
    return json.loads(json.dumps(out, default=str))  # type: ignore[no-any-return]


def item_from_json(data: dict[str, Any], payload: bytes | None) -> RawItem:
    """The inverse of item_to_json; `payload` comes from the raw row when it was stored."""
    if payload is None:
        payload = base64.b64decode(data.get("payload_b64") or "")
    published = data.get("published_at")
    return RawItem(
        external_id=str(data.get("external_id") or ""),
        url=data.get("url"),
        title=data.get("title"),
        text=str(data.get("text") or ""),
        content_type=str(data.get("content_type") or "text/plain"),
        author=data.get("author"),
        published_at=parse_datetime(published) if isinstance(published, str) else None,
        published_raw=data.get("published_raw"),
        language_hint=data.get("language_hint"),
        engagement=dict(data.get("engagement") or {}),
        payload=payload,
    )
