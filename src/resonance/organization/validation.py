"""Validation of organisation fields shared by services (edges check shape, we check sense)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from resonance.config import SUPPORTED_LOCALES
from resonance.errors import Invalid

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def clean_name(value: str, *, field: str = "name", max_length: int = 200) -> str:
    """Strip, NFC-normalise and bound a display name; control characters are refused."""
    cleaned = unicodedata.normalize("NFC", value).strip()
    if not cleaned:
        raise Invalid(f"The {field} must not be empty.", field=field)
    if len(cleaned) > max_length:
        raise Invalid(f"The {field} must have at most {max_length} characters.", field=field)
    if any(unicodedata.category(ch) == "Cc" for ch in cleaned):
        raise Invalid(f"The {field} must not contain control characters.", field=field)
    return cleaned


def clean_email(value: str) -> str:
    email = value.strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise Invalid(f"{value!r} is not a valid e-mail address.", field="email")
    return email


def clean_country(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    code = value.strip().upper()
    if not _COUNTRY.match(code):
        raise Invalid(
            f"{value!r} is not a country code; use two letters (ISO 3166-1), e.g. UA.",
            field="country",
        )
    return code


def clean_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(
            f"{value!r} is not a known time zone; use an IANA name such as Europe/Kyiv.",
            field="timezone",
        ) from None
    return value


def clean_locale(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value not in SUPPORTED_LOCALES:
        raise Invalid(
            f"{value!r} is not a supported language; choose one of {', '.join(SUPPORTED_LOCALES)}.",
            field="locale",
        )
    return value


def parse_hhmm(value: str, field: str = "business_hours") -> tuple[int, int]:
    """Parse "09:30" into (9, 30); raises Invalid naming the field for anything else."""
    hours, sep, minutes = str(value).strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise Invalid(f"{value!r} is not a time written as HH:MM.", field=field)
    hour, minute = int(hours), int(minutes)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise Invalid(f"{value!r} is not a time of day.", field=field)
    return hour, minute


def clean_business_hours(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Validated office hours {"days": [0..6], "start": "HH:MM", "end": "HH:MM"} (None: default)."""
    if not value:
        return None
    try:
        days = sorted({int(d) for d in value.get("days", (0, 1, 2, 3, 4))})
    except (TypeError, ValueError):
        raise Invalid("Working days are weekdays 0 (Monday) to 6 (Sunday).", field="days") from None
    if not days or any(not 0 <= d <= 6 for d in days):
        raise Invalid("Working days are weekdays 0 (Monday) to 6 (Sunday).", field="days")
    start = parse_hhmm(value.get("start", "09:00"), "start")
    end = parse_hhmm(value.get("end", "18:00"), "end")
    if start >= end:
        raise Invalid("The working day must end after it starts.", field="end")
    return {
        "days": days,
        "start": f"{start[0]:02d}:{start[1]:02d}",
        "end": f"{end[0]:02d}:{end[1]:02d}",
    }


MAX_POPULATION = 10_000_000_000


def clean_population(value: Any) -> int | None:
    """People a unit serves: a whole number, or None when not configured."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        people = int(str(value).replace(" ", "").replace("_", ""))
    except ValueError:
        raise Invalid(f"{value!r} is not a whole number of people.", field="population") from None
    if not 0 <= people <= MAX_POPULATION:
        raise Invalid("Give a population from 0 to 10 billion.", field="population")
    return people
