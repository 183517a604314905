"""CSV, JSONL and XLSX exports (monitoring tools, platform exports) mapped by an ImportProfile."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from resonance.errors import ConnectorError
from resonance.sources._encoding import decode
from resonance.sources.base import (
    FetchBatch,
    ItemError,
    RawItem,
    as_utc,
    content_id,
    json_payload,
    parse_datetime,
    to_int,
)
from resonance.sources.http import HttpClient

Columns = str | list[str] | None
CSV_FIELD_LIMIT = 16 * 1024 * 1024


class ColumnMap(BaseModel):
    """Which column holds what; a list gives alternatives (first present wins)."""

    model_config = ConfigDict(extra="forbid")

    text: str | list[str]
    id: Columns = None
    url: Columns = None
    title: Columns = None
    author: Columns = None
    published: Columns = None
    language: Columns = None
    engagement: dict[str, str | list[str]] = Field(
        default_factory=dict, description="metric name → column, e.g. likes, reposts, views"
    )


class ImportProfile(BaseModel):
    """How to read one kind of export file."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["auto", "csv", "jsonl", "xlsx"] = "auto"
    columns: ColumnMap
    date_format: str | None = Field(default=None, description="strptime format; else ISO/RFC")
    timezone: str = Field(default="UTC", description="zone of dates written without one")
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    encoding: str = Field(default="utf-8-sig", description="a codec name, or 'auto'")
    sheet: str | None = None
    header_row: int = Field(default=1, ge=1)
    content_type: Literal["text/plain", "text/html"] = "text/plain"
    language: str | None = Field(default=None, max_length=16)
    batch_size: int = Field(default=500, ge=1, le=10_000)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("encoding")
    @classmethod
    def _codec(cls, value: str) -> str:
        if value != "auto":
            import codecs

            try:
                codecs.lookup(value)
            except LookupError as exc:
                raise ValueError(f"unknown encoding {value!r}") from exc
        return value


class FileImportConfig(BaseModel):
    """A file on the server (an upload kept by the API) and its profile."""

    model_config = ConfigDict(extra="forbid")

    path: Path
    profile: ImportProfile


class RowError(ValueError):
    """A row that cannot become an item; reported with its row number."""


Row = Mapping[str, Any]


class FileImportConnector:
    """Streams the file in batches; the cursor (fingerprint, rows done) resumes a big import."""

    name: ClassVar[str] = "fileimport"
    config_model: ClassVar[type[BaseModel]] = FileImportConfig

    def __init__(self, config: FileImportConfig, http: HttpClient | None = None) -> None:
        self.config = config

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]:
        return import_file(self.config.path, self.config.profile, cursor)


def import_file(
    path: Path, profile: ImportProfile, cursor: dict[str, Any] | None = None
) -> Iterator[FetchBatch]:
    """Batches of items and per-row errors; rows already done (same file) are skipped."""
    if not path.is_file():
        raise ConnectorError(f"import file {path} does not exist", permanent=True)
    fingerprint = _fingerprint(path)
    done = 0
    if cursor and cursor.get("fingerprint") == fingerprint:
        done = int(cursor.get("rows_done", 0))
    mapper = _Mapper(profile)
    items: list[RawItem] = []
    errors: list[ItemError] = []
    count = 0
    for count, (number, row, payload) in enumerate(_rows(path, profile), start=1):
        if count <= done:
            continue
        try:
            if isinstance(row, RowError):
                raise row
            items.append(mapper.item(row, payload))
        except RowError as exc:
            errors.append(ItemError(f"row {number}", str(exc), payload))
        if len(items) + len(errors) >= profile.batch_size:
            yield FetchBatch(items, {"fingerprint": fingerprint, "rows_done": count}, True, errors)
            items, errors = [], []
    yield FetchBatch(items, {"fingerprint": fingerprint, "rows_done": count}, False, errors)


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        digest.update(handle.read(1024 * 1024))
    return f"{path.stat().st_size}:{digest.hexdigest()[:32]}"


def _format(path: Path, profile: ImportProfile) -> str:
    if profile.format != "auto":
        return profile.format
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "csv"


RowResult = tuple[int, Row | RowError, bytes]


def _rows(path: Path, profile: ImportProfile) -> Iterator[RowResult]:
    kind = _format(path, profile)
    if kind == "xlsx":
        return _xlsx_rows(path, profile)
    if kind == "jsonl":
        return _jsonl_rows(path, profile)
    return _csv_rows(path, profile)


def _encoding(path: Path, profile: ImportProfile) -> str:
    if profile.encoding != "auto":
        return profile.encoding
    with path.open("rb") as handle:
        head = handle.read(256 * 1024)
    return decode(head, None)[1]


def _csv_rows(path: Path, profile: ImportProfile) -> Iterator[RowResult]:
    # Exports put whole articles in one cell; the stdlib default (128 KiB) is too small.
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    encoding = _encoding(path, profile)
    with path.open(encoding=encoding, errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, delimiter=profile.delimiter)
        header: list[str] | None = None
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num, RowError(f"unreadable CSV: {exc}"), b""
                continue
            if reader.line_num < profile.header_row or (header is None and not values):
                continue
            if header is None:
                header = _checked_header([h.strip() for h in values], profile)
                continue
            yield _csv_row(reader.line_num, header, values)


def _csv_row(number: int, header: list[str], values: list[str]) -> RowResult:
    raw = dict(zip(header, values, strict=False))
    payload = json_payload(
        {k: v.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for k, v in raw.items()}
    )
    if len(values) != len(header):
        return number, RowError(f"expected {len(header)} fields, found {len(values)}"), payload
    if any(_has_surrogates(v) for v in values):
        return number, RowError("bytes not valid in the profile's encoding"), payload
    return number, raw, payload


def _checked_header(header: list[str], profile: ImportProfile) -> list[str]:
    """Fail the whole import early when the text column is missing from the header."""
    wanted = profile.columns.text
    names = [wanted] if isinstance(wanted, str) else wanted
    if not any(name in header for name in names):
        raise ConnectorError(
            f"no text column {_names(wanted)} in the header; columns are: {', '.join(header)}",
            permanent=True,
        )
    return header


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _jsonl_rows(path: Path, profile: ImportProfile) -> Iterator[RowResult]:
    encoding = _encoding(path, profile)
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line.decode(encoding))
            except (UnicodeDecodeError, ValueError) as exc:
                yield number, RowError(f"not a JSON line: {exc}"), line.rstrip(b"\r\n")
                continue
            if not isinstance(value, dict):
                yield number, RowError("a JSON line must be an object"), line.rstrip(b"\r\n")
                continue
            yield number, value, line.rstrip(b"\r\n")


def _xlsx_rows(path: Path, profile: ImportProfile) -> Iterator[RowResult]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key errors)
        raise ConnectorError(
            f"{path.name} is not a readable XLSX file: {exc}", permanent=True
        ) from exc
    try:
        if profile.sheet and profile.sheet not in book.sheetnames:
            raise ConnectorError(f"no sheet {profile.sheet!r} in {path.name}", permanent=True)
        sheet = book[profile.sheet] if profile.sheet else book.worksheets[0]
        header: list[str] | None = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number < profile.header_row or all(v is None for v in values):
                continue
            if header is None:
                header = _checked_header(
                    ["" if v is None else str(v).strip() for v in values], profile
                )
                continue
            row = dict(zip(header, values, strict=False))
            yield number, row, json_payload({k: _jsonable(v) for k, v in row.items()})
    finally:
        book.close()


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


class _Mapper:
    """Turns one row into a RawItem using the profile's column map."""

    def __init__(self, profile: ImportProfile) -> None:
        self.profile = profile
        self.columns = profile.columns
        self.zone = ZoneInfo(profile.timezone)

    def item(self, row: Row, payload: bytes) -> RawItem:
        columns = self.columns
        text = _cell(row, columns.text)
        if text is None or not str(text).strip():
            raise RowError(f"no text in column {_names(columns.text)}")
        published, raw_date = self._date(_cell(row, columns.published))
        row_id = _cell(row, columns.id)
        return RawItem(
            external_id=str(row_id) if row_id not in (None, "") else content_id(_canonical(row)),
            url=_str(_cell(row, columns.url)),
            title=_str(_cell(row, columns.title)),
            text=str(text),
            content_type=self.profile.content_type,
            author=_str(_cell(row, columns.author)),
            published_at=published,
            published_raw=raw_date,
            language_hint=_str(_cell(row, columns.language)) or self.profile.language,
            engagement=self._engagement(row),
            payload=payload,
        )

    def _date(self, value: Any) -> tuple[datetime | None, str | None]:
        if value is None or value == "":
            return None, None
        if isinstance(value, datetime):
            return as_utc(value, assume=self.zone), value.isoformat()
        raw = str(value).strip()
        parsed: datetime | None = None
        if self.profile.date_format:
            try:
                parsed = as_utc(
                    datetime.strptime(raw, self.profile.date_format),  # noqa: DTZ007 - zone added
                    assume=self.zone,
                )
            except ValueError:
                parsed = None
        else:
            parsed = parse_datetime(raw, assume=self.zone)
        if parsed is None:
            raise RowError(f"unreadable date {raw!r}")
        return parsed, raw

    def _engagement(self, row: Row) -> dict[str, int]:
        out: dict[str, int] = {}
        for metric, names in self.columns.engagement.items():
            value = _cell(row, names)
            if value is None or value == "":
                continue
            number = to_int(value)
            if number is None:
                raise RowError(f"{metric} is not a number: {value!r}")
            out[metric] = number
        return out


def _cell(row: Row, names: Columns) -> Any:
    if names is None:
        return None
    for name in [names] if isinstance(names, str) else names:
        if name in row:
            return row[name]
    return None


def _names(names: Columns) -> str:
    return names if isinstance(names, str) else " / ".join(names or [])


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _canonical(row: Row) -> Sequence[tuple[str, str]]:
    return sorted((str(k), str(_jsonable(v))) for k, v in row.items())
