"""What every import parser yields: one row (or message) with its number, fields or error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from resonance.errors import Invalid

# A date this far ahead of the import is a sender's wrong clock (as in ingest): use the import time.
MAX_CLOCK_SKEW = timedelta(minutes=10)
EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ImportLimits:
    """Size caps of one import file: bytes and rows (messages for a mailbox)."""

    max_bytes: int = 20_000_000
    max_rows: int = 50_000


@dataclass
class ImportRow:
    """One row of a table or one message of a mailbox, ready for intake, or its error."""

    row: int
    source_id: str = ""
    text: str = ""
    region: str = ""
    received_at: datetime | None = None
    name: str = ""
    email: str = ""
    phone: str = ""
    error: str | None = None


def check_size(data: bytes, limits: ImportLimits) -> None:
    if len(data) > limits.max_bytes:
        raise Invalid(
            f"The file has {len(data) / 1e6:.1f} MB; the limit is {limits.max_bytes / 1e6:g} MB. "
            "Split it into smaller files; nothing was imported.",
            field="file",
        )
    if not data:
        raise Invalid("The file is empty; nothing was imported.", field="file")


def too_many_rows(limits: ImportLimits) -> Invalid:
    return Invalid(
        f"The file has more than {limits.max_rows:,} rows or messages, the limit of one import. "
        "Split it into smaller files; nothing was imported.",
        field="file",
    )


_DAY_FIRST = re.compile(
    r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)


def parse_when(value: object) -> datetime | None:
    """A datetime cell, ISO 8601, or day-first `20.03.2024 14:05`; naive values are UTC."""
    if isinstance(value, datetime):
        found = value
    else:
        text = str(value).strip()
        if not text:
            return None
        parsed = _from_text(text)
        if parsed is None:
            raise ValueError(text)
        found = parsed
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


def _from_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match is None:
        return None
    day, month, year, hour, minute, second = match.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=UTC,
        )
    except ValueError:
        return None


def clamp_received(value: datetime | None, now: datetime) -> datetime:
    """The date as given; the import time when missing, in the future or before 1990."""
    if value is None:
        return now
    value = value.astimezone(UTC)
    if value > now + MAX_CLOCK_SKEW or value < EARLIEST_DATE:
        return now
    return value
