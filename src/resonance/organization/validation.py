"""Validation of organisation fields shared by services (edges check shape, we check sense)."""

from __future__ import annotations

import re
import unicodedata
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
