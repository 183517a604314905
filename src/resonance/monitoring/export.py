"""Streamed exports of a filtered set of mentions as CSV, XLSX or JSON Lines, without row limits.

Rows are read in keyset batches (never all at once) by a session the export opens itself, as
the response is sent after the request's own session has closed. CSV and XLSX cells that a
spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a
leading apostrophe; JSON Lines carries the raw values.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import Session

from resonance.errors import Invalid
from resonance.ingest.models import Item
from resonance.monitoring.mentions import (
    MentionFilters,
    dialect_of,
    mentions_query,
    query_names,
    sort_keys,
)
from resonance.monitoring.models import Mention
from resonance.sources.models import Source

BATCH = 500
CHUNK = 64 * 1024
XLSX_MAX_CELL = 32_767
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "id",
    "published_at",
    "source",
    "lang",
    "tone",
    "tone_model",
    "tone_corrected",
    "title",
    "text",
    "url",
    "reach",
    "cluster_key",
    "tags",
    "queries",
)
_SELECTED = (
    Mention.id,
    Mention.published_at,
    Source.name,
    Mention.lang,
    Mention.tone,
    Mention.tone_corrected,
    Item.title,
    Item.text,
    Item.url,
    Item.reach,
    Item.cluster_key,
    Mention.tags,
    Mention.query_ids,
)


@dataclass(frozen=True)
class ExportFormat:
    media_type: str
    extension: str
    write: Callable[[Iterator[dict[str, Any]]], Iterator[bytes]]


def iter_records(
    sessions: Callable[[], Session], project_id: int, filters: MentionFilters
) -> Iterator[dict[str, Any]]:
    """Every mention matching the filters, in their sort order, read BATCH rows at a time."""
    keys = sort_keys(filters.sort)
    with sessions() as session:
        dialect = dialect_of(session)
        names = query_names(session, project_id)
        columns = (*_SELECTED, *(column for column, _desc in keys))
        last: Sequence[Any] | None = None
        while True:
            stmt = mentions_query(project_id, filters, dialect=dialect, columns=columns)
            if last is not None:
                stmt = stmt.where(_after(keys, last))
            rows = session.execute(stmt.limit(BATCH)).all()
            for row in rows:
                yield _record(row, names)
            if len(rows) < BATCH:
                return
            last = tuple(rows[-1])[len(_SELECTED) :]
            session.expunge_all()


def _after(keys: Sequence[tuple[Any, bool]], last: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after `last` in the order of `keys` (a keyset condition)."""
    options = []
    for i, (column, desc) in enumerate(keys):
        same = [keys[j][0] == last[j] for j in range(i)]
        step = column < last[i] if desc else column > last[i]
        options.append(and_(*same, step))
    return or_(*options)


def _record(row: Any, names: dict[int, str]) -> dict[str, Any]:
    (
        mid,
        published,
        source,
        lang,
        tone,
        corrected,
        title,
        text,
        url,
        reach,
        cluster,
        tags,
        qids,
    ) = tuple(row)[: len(_SELECTED)]
    return {
        "id": mid,
        "published_at": published.isoformat(),
        "source": source,
        "lang": lang,
        "tone": corrected or tone,
        "tone_model": tone,
        "tone_corrected": corrected,
        "title": title,
        "text": text,
        "url": url,
        "reach": reach or 0,
        "cluster_key": cluster,
        "tags": list(tags or []),
        "queries": [names.get(q, f"#{q}") for q in qids or []],
    }


def neutralise(value: Any) -> Any:
    """A spreadsheet cell: lists joined, None empty, text that could run as a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(records: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), RFC 4180 quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([neutralise(record[name]) for name in COLUMNS])
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_jsonl(records: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    """One JSON object per line, raw values."""
    lines: list[str] = []
    size = 0
    for record in records:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        lines.append(line)
        size += len(line)
        if size >= CHUNK:
            yield "".join(lines).encode("utf-8")
            lines, size = [], 0
    yield "".join(lines).encode("utf-8")


def write_xlsx(records: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    """openpyxl's write-only workbook (rows go to disk as added), then the file in chunks."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value: Any) -> Any:
        value = neutralise(value)
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_CELL]
        return value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("mentions")
    sheet.append(list(COLUMNS))
    for record in records:
        sheet.append([cell(record[name]) for name in COLUMNS])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            yield chunk


FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat("text/csv; charset=utf-8", "csv", write_csv),
    "xlsx": ExportFormat(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", write_xlsx
    ),
    "jsonl": ExportFormat("application/x-ndjson; charset=utf-8", "jsonl", write_jsonl),
}


def export_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise Invalid(
            f"{name[:20]!r} is not an export format: use {', '.join(FORMATS)}.", field="format"
        ) from None


def export_mentions(
    sessions: Callable[[], Session], project_id: int, filters: MentionFilters, fmt: str
) -> Iterator[bytes]:
    """The bytes of the export, produced as they are read (check access before calling)."""
    return export_format(fmt).write(iter_records(sessions, project_id, filters))
