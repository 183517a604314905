"""Check digits of the identifiers the redactor recognises (Luhn, mod-97, national ID schemes)."""

from __future__ import annotations

import datetime as dt

_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_KEYS = "10X98765432"
_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_RNOKPP = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
_IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GE": 22, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IT": 27, "KZ": 20, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22, "SE": 24, "SI": 19, "SK": 24,
    "UA": 29, "AZ": 28, "BY": 28, "TR": 26, "IL": 23, "AE": 23, "SA": 24,
}  # fmt: skip


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def luhn(digits: str) -> bool:
    """True when the digit string passes the Luhn check (cards, SIREN, SIRET)."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban(value: str) -> bool:
    """True for an IBAN (no spaces, upper case) with the country's length and mod-97 == 1."""
    expected = _IBAN_LENGTHS.get(value[:2])
    if expected is not None and len(value) != expected:
        return False
    if not (15 <= len(value) <= 34 and value[2:4].isdigit() and value.isascii()):
        return False
    moved = value[4:] + value[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in moved))
    except ValueError:
        return False
    return number % 97 == 1


def rnokpp(digits: str) -> bool:
    """Ukrainian taxpayer number (RNOKPP, 10 digits, first five are days since 1899-12-31)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    return _weighted(digits, _RNOKPP) % 11 % 10 == int(digits[9])


def inn_ru(digits: str) -> bool:
    """Russian INN: 10 digits (organisation) or 12 digits (person), with check digits."""
    if not digits.isdigit():
        return False
    if len(digits) == 10:
        return _weighted(digits, _INN10) % 11 % 10 == int(digits[9])
    if len(digits) == 12:
        first = _weighted(digits, _INN11) % 11 % 10
        second = _weighted(digits, _INN12) % 11 % 10
        return first == int(digits[10]) and second == int(digits[11])
    return False


def snils(digits: str) -> bool:
    """Russian SNILS (11 digits, the last two are the check number)."""
    if len(digits) != 11 or not digits.isdigit() or int(digits[:9]) <= 1001998:
        return False
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:9]))
    check = total % 101 if total > 101 else total
    return (0 if check in (100, 101) else check) == int(digits[9:])


def iin_kz(digits: str) -> bool:
    """Kazakh IIN (12 digits: birth date, century/sex digit, serial, check digit)."""
    if len(digits) != 12 or not digits.isdigit() or digits[6] not in "0123456":
        return False
    if not (1 <= int(digits[2:4]) <= 12 and 1 <= int(digits[4:6]) <= 31):
        return False
    check = sum(int(d) * (i + 1) for i, d in enumerate(digits[:11])) % 11
    if check == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        check = _weighted(digits, weights) % 11
    return check != 10 and check == int(digits[11])


def cn_resident_id(value: str) -> bool:
    """Chinese resident identity number (18 characters, birth date, last is a check digit or X)."""
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        return False
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return _CN_KEYS[_weighted(value, _CN_WEIGHTS) % 11] == value[17]


def nir_fr(value: str) -> bool:
    """French social security number (NIR): 13 characters and a two-digit key (Corsica 2A/2B)."""
    value = value.upper()
    if len(value) != 15 or value[0] not in "12" or not value[13:].isdigit():
        return False
    body = value[:13].replace("2A", "19", 1) if value[5:7] == "2A" else value[:13]
    body = body.replace("2B", "18", 1) if value[5:7] == "2B" else body
    if not body.isdigit() or (not 1 <= int(value[3:5]) <= 12 and value[3:5] not in ("20", "99")):
        return False
    return 97 - int(body) % 97 == int(value[13:])
