"""Mailbox import: an mbox file, one .eml or a .zip of .eml files, read into import rows."""

from __future__ import annotations

import hashlib
import io
import mailbox
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from resonance.errors import Invalid
from resonance.feedback._import_rows import ImportLimits, ImportRow, too_many_rows
from resonance.text.normalize import decode_bytes, html_to_text

_PARSER = BytesParser(policy=policy.default)
# Where a reply quotes the message it answers, in our six languages (and Outlook's separator).
_QUOTE_HEADER = re.compile(
    r"^(?:On .{0,200} wrote:|Le .{0,200} a écrit ?:|.{0,200} написа(?:л|ла|в)(?:\(а\))?:|"
    r".{0,200}写道[:：]|Vào .{0,200} đã viết:|-{2,} ?(?:Original Message|Исходное сообщение|"
    r"Вихідне повідомлення|Message d'origine) ?-{2,}|From: .{1,200}@.{1,200})\s*$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^(?:-- ?|—|Sent from my .{1,40}|Отправлено с .{1,40}|Надіслано з .{1,40})$"
)


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def mail_kind(filename: str, data: bytes) -> str:
    """ "eml" for one message or a zip of them, "mbox" for a mailbox file."""
    if is_zip(data) or filename.lower().endswith(".eml"):
        return "eml"
    return "mbox"


def read_mail(filename: str, data: bytes, limits: ImportLimits) -> list[ImportRow]:
    """Every message as a row: From as contact, Subject + body as text, Date, Message-ID."""
    if is_zip(data):
        raws = list(_zip_messages(data, limits))
    elif filename.lower().endswith(".eml"):
        raws = [data]
    else:
        raws = list(_mbox_messages(data, limits))
    if len(raws) > limits.max_rows:
        raise too_many_rows(limits)
    return [_row(number, raw) for number, raw in enumerate(raws, start=1)]


def _zip_messages(data: bytes, limits: ImportLimits) -> Iterator[bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Invalid(f"The .zip file cannot be read ({exc}).", field="file") from None
    members = [m for m in archive.infolist() if m.filename.lower().endswith(".eml")]
    if not members:
        raise Invalid("The .zip file holds no .eml files; nothing was imported.", field="file")
    if len(members) > limits.max_rows:
        raise too_many_rows(limits)
    # The declared sizes guard against a zip bomb before anything is inflated.
    if sum(m.file_size for m in members) > limits.max_bytes:
        raise Invalid(
            f"The .eml files unpack to more than {limits.max_bytes / 1e6:g} MB; split the "
            "archive. Nothing was imported.",
            field="file",
        )
    for member in sorted(members, key=lambda m: m.filename):
        yield archive.read(member)[: limits.max_bytes]


def _mbox_messages(data: bytes, limits: ImportLimits) -> Iterator[bytes]:
    if not data.lstrip().startswith(b"From "):
        raise Invalid(
            "This is not a mailbox file: an mbox starts with a 'From ' line. Upload an .mbox, "
            "an .eml or a .zip of .eml files.",
            field="file",
        )
    # mailbox.mbox reads from a path; the temporary file lives only while it is read.
    fd, path = tempfile.mkstemp(suffix=".mbox")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        box = mailbox.mbox(path, create=False)
        try:
            for count, key in enumerate(box.iterkeys(), start=1):
                if count > limits.max_rows:
                    raise too_many_rows(limits)
                yield box.get_bytes(key)
        finally:
            box.close()
    finally:
        os.unlink(path)


def _row(number: int, raw: bytes) -> ImportRow:
    try:
        message = _PARSER.parsebytes(raw)
    except Exception as exc:
        return ImportRow(row=number, error=f"the message cannot be parsed ({type(exc).__name__})")
    subject = _header(message, "subject")
    body = _clean_body(_body(message))
    text = "\n\n".join(part for part in (subject, body) if part)
    name, email = _sender(message)
    message_id = _header(message, "message-id").strip("<> ")
    row = ImportRow(
        row=number,
        source_id=message_id or "sha256:" + hashlib.sha256(raw).hexdigest(),
        text=text,
        received_at=_date(message),
        name=name,
        email=email,
    )
    if not text.strip():
        row.error = "the message has neither a subject nor a text body"
    return row


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:
        return ""
    if value is None:
        return ""
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # raw 8-bit bytes in a header
        text = decode_bytes(text.encode("utf-8", "surrogateescape"))
    return " ".join(text.split())


def _sender(message: Message) -> tuple[str, str]:
    raw = _header(message, "reply-to") or _header(message, "from")
    pairs = getaddresses([raw])
    name, address = pairs[0] if pairs else ("", "")
    return name.strip()[:200], address.strip().lower() if "@" in address else ""


def _date(message: Message) -> datetime | None:
    raw = _header(message, "date")
    if not raw:
        return None
    try:
        found = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return decode_bytes(payload, charset)


def _body(message: Message) -> str:
    """The first text/plain part, else the first text/html as text; attachments skipped."""
    plain: str | None = None
    markup: str | None = None
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = (part.get("content-disposition") or "").lower()
        if disposition.startswith("attachment"):
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = _decoded(part)
        elif kind == "text/html" and markup is None:
            markup = _decoded(part)
    if plain is not None and plain.strip():
        return plain
    return html_to_text(markup) if markup else ""


def _clean_body(body: str) -> str:
    """Without quoted replies (`>` lines, "On ... wrote:" and what follows) and signatures."""
    kept: list[str] = []
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if _QUOTE_HEADER.match(stripped) or _SIGNATURE.match(line.rstrip()):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    text = "\n".join(kept).strip()
    return re.sub(r"\n{3,}", "\n\n", text)
