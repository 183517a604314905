"""CSV and XLSX import: headers, a column map guessed in six languages, rows checked one by one."""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from resonance.errors import Invalid
from resonance.feedback._import_rows import ImportLimits, ImportRow, parse_when, too_many_rows
from resonance.text.normalize import decode_bytes

FIELDS: tuple[str, ...] = ("text", "region", "received_at", "name", "email", "phone", "external_id")
# Header words that name each field, folded (case, accents kept), in en, uk, ru, fr, vi, zh.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": (
        "text", "message", "comment", "body", "feedback", "content", "description",
        "текст", "повідомлення", "коментар", "звернення", "сообщение", "комментарий",
        "обращение", "message", "commentaire", "texte", "contenu", "nội dung", "tin nhắn",
        "ý kiến", "bình luận", "内容", "留言", "意见", "反馈", "正文", "文本",
    ),
    "region": (
        "region", "area", "district", "city", "область", "регіон", "район", "місто", "регион",
        "город", "région", "département", "ville", "tỉnh", "khu vực", "thành phố", "地区",
        "区域", "省", "城市",
    ),
    "received_at": (
        "received_at", "date", "received", "time", "datetime", "created", "дата", "час",
        "время", "отримано", "получено", "date de réception", "heure", "ngày", "thời gian",
        "日期", "时间", "接收时间",
    ),
    "name": (
        "name", "full name", "author", "sender", "ім'я", "піб", "автор", "имя", "фио", "nom",
        "auteur", "tên", "họ tên", "người gửi", "姓名", "名字", "作者",
    ),
    "email": (
        "email", "e-mail", "mail", "email address", "електронна пошта", "пошта", "почта",
        "электронная почта", "courriel", "adresse e-mail", "thư điện tử", "邮箱", "电子邮件",
        "电子邮箱",
    ),
    "phone": (
        "phone", "telephone", "mobile", "tel", "телефон", "тел", "téléphone", "portable",
        "số điện thoại", "điện thoại", "电话", "手机", "电话号码",
    ),
    "external_id": (
        "external_id", "id", "external id", "number", "no", "ref", "reference", "номер", "ід",
        "ид", "numéro", "référence", "mã", "số", "编号", "序号", "id号",
    ),
}  # fmt: skip
_DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class Table:
    """A table's header and rows (cells as strings or datetimes), with row numbers from 2."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().replace("_", " ").split())


def guess_columns(headers: Sequence[str]) -> dict[str, str]:
    """Field → header for each field a header names (first match wins, one header per field)."""
    folded = {_fold(h): h for h in headers if h}
    guessed: dict[str, str] = {}
    for field in FIELDS:
        for word in SYNONYMS[field]:
            header = folded.get(_fold(word))
            if header is not None and header not in guessed.values():
                guessed[field] = header
                break
    return guessed


def parse_column_map(spec: str) -> dict[str, str]:
    """`text=Message,email=E-mail` → {"text": "Message", "email": "E-mail"}."""
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        if not part.strip():
            continue
        field, sep, header = part.partition("=")
        field = field.strip()
        if not sep or field not in FIELDS:
            raise Invalid(
                f"{part.strip()!r} is not a column mapping; write field=Header with a field among "
                f"{', '.join(FIELDS)}.",
                field="columns",
            )
        mapping[field] = header.strip()
    return mapping


def read_table(filename: str, data: bytes, limits: ImportLimits) -> Table:
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, limits)
    return _read_csv(data, limits)


def _read_csv(data: bytes, limits: ImportLimits) -> Table:
    text = decode_bytes(data).replace("\x00", "")
    sample = text[:20_000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        headers = [h.strip() for h in next(reader, [])]
        for number, cells in enumerate(reader, start=2):
            if len(rows) >= limits.max_rows:
                raise too_many_rows(limits)
            rows.append((number, cells))
    except csv.Error as exc:
        raise Invalid(
            f"The CSV file cannot be read at line {reader.line_num}: {exc}. Nothing was imported.",
            field="file",
        ) from None
    return _checked(headers, rows)


def _read_xlsx(data: bytes, limits: ImportLimits) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise Invalid(
            f"The file is not a readable XLSX workbook ({type(exc).__name__}). Save it again as "
            ".xlsx or CSV; nothing was imported.",
            field="file",
        ) from None
    try:
        sheet = book.worksheets[0]
        values: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        first = next(values, ())
        headers = ["" if v is None else str(v).strip() for v in first]
        rows: list[tuple[int, list[Any]]] = []
        for number, cells in enumerate(values, start=2):
            if len(rows) >= limits.max_rows:
                raise too_many_rows(limits)
            rows.append((number, ["" if v is None else v for v in cells]))
    finally:
        book.close()
    return _checked(headers, rows)


def _checked(headers: list[str], rows: list[tuple[int, list[Any]]]) -> Table:
    if not any(headers):
        raise Invalid(
            "The first row must name the columns (Message, Region, Date, ...); it is empty.",
            field="file",
        )
    return Table(headers=headers, rows=rows)


def table_rows(table: Table, columns: Mapping[str, str]) -> list[ImportRow]:
    """Rows mapped to fields; a row that cannot be read gets its error, the others go on."""
    if "text" not in columns:
        raise Invalid("Choose the column that holds the message text.", field="columns")
    index: dict[str, int] = {}
    for field, header in columns.items():
        if field not in FIELDS:
            raise Invalid(f"{field!r} is not a field one can import.", field="columns")
        if header not in table.headers:
            raise Invalid(
                f"The file has no column {header!r} (for {field}); its columns are "
                f"{', '.join(repr(h) for h in table.headers if h)}.",
                field="columns",
            )
        index[field] = table.headers.index(header)
    result = []
    for number, cells in table.rows:
        if not any(str(c).strip() for c in cells):
            continue  # blank lines at the end of a sheet are not rows
        result.append(_mapped(number, cells, index))
    return result


def _cell(cells: Sequence[Any], position: int | None) -> Any:
    if position is None or position >= len(cells):
        return ""
    return cells[position]


def _mapped(number: int, cells: Sequence[Any], index: Mapping[str, int]) -> ImportRow:
    def text_of(field: str) -> str:
        value = _cell(cells, index.get(field))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    row = ImportRow(
        row=number,
        text=text_of("text"),
        region=text_of("region")[:200],
        name=text_of("name")[:200],
        email=text_of("email"),
        phone=text_of("phone"),
    )
    external = text_of("external_id")
    raw_when = _cell(cells, index.get("received_at"))
    try:
        row.received_at = parse_when(raw_when)
    except ValueError:
        row.error = (
            f"the date {str(raw_when)[:40]!r} cannot be read; write it as 2024-03-20 14:05 or "
            "20.03.2024 14:05"
        )
    if not row.error and not row.text:
        row.error = "the message text is empty"
    when = row.received_at.isoformat() if isinstance(row.received_at, datetime) else ""
    material = "\x1f".join((row.text, row.region, when, row.name, row.email, row.phone))
    row.source_id = (
        f"id:{external}"
        if external
        else "row:" + hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()
    )
    return row
