"""Masking of personal data (contacts, ID and tax numbers, cards, IBANs, addresses) in free text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from resonance.feedback._pii_address import find_addresses
from resonance.feedback._pii_numbers import (
    NUMBER_RE,
    PHONE_RE,
    Candidate,
    classify_number,
    classify_phone,
    find_ibans,
    find_nirs,
    find_passports,
    scan,
)

ALL: tuple[str, ...] = ("UA", "RU", "KZ", "CN", "VN", "FR", "GB", "US", "CA")
"""Country codes whose phone, ID and address formats are recognised; the default is all of them."""

LABELS: Mapping[str, str] = MappingProxyType(
    {
        "email": "[email]",
        "phone": "[phone]",
        "id": "[id]",
        "card": "[card]",
        "iban": "[iban]",
        "address": "[address]",
    }
)
"""Default mask per kind; UIs pass a translated mapping to `redact(labels=...)`."""

# Local part and domain are bounded, and each label must start on a letter or digit, so the
# scan stays linear on long runs of dots or letters without an "@".
EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9\u0400-\u04ff._%+\-])[A-Za-z0-9\u0400-\u04ff_%+\-]"
    r"[A-Za-z0-9\u0400-\u04ff._%+\-]{0,63}@"
    r"[A-Za-z0-9\u0400-\u04ff](?:[A-Za-z0-9\u0400-\u04ff\-]{0,62})"
    r"(?:\.[A-Za-z0-9\u0400-\u04ff][A-Za-z0-9\u0400-\u04ff\-]{0,62}){1,8}"
)


@dataclass(frozen=True, slots=True)
class Span:
    """One masked stretch of the input: what kind it was, where, and what replaced it."""

    kind: str
    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """The masked text and the spans (offsets into the original text) that were replaced."""

    text: str
    spans: list[Span] = field(default_factory=list)


def _candidates(text: str, countries: frozenset[str]) -> Iterator[Candidate]:
    if "@" in text:
        for m in EMAIL_RE.finditer(text):
            yield Candidate("email", m.start(), m.end(), 100)
    if not any(c.isdigit() for c in text):
        return
    yield from find_ibans(text)
    yield from scan(text, NUMBER_RE, classify_number, countries)
    yield from scan(text, PHONE_RE, classify_phone, countries)
    yield from find_passports(text, countries)
    yield from find_nirs(text, countries)
    yield from find_addresses(text, countries)


def _select(candidates: Iterator[Candidate]) -> list[Candidate]:
    """Keep the strongest candidates that do not overlap (score, then length, then position)."""
    ordered = sorted(candidates, key=lambda c: (-c.score, c.start - c.end, c.start))
    owner = bytearray()
    chosen: list[Candidate] = []
    for cand in ordered:
        if cand.end <= cand.start:
            continue
        if len(owner) < cand.end:
            owner.extend(b"\0" * (cand.end - len(owner)))
        if any(owner[cand.start : cand.end]):
            continue
        owner[cand.start : cand.end] = b"\1" * (cand.end - cand.start)
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def redact(
    text: str,
    *,
    countries: Sequence[str] = ALL,
    labels: Mapping[str, str] = LABELS,
) -> Redaction:
    """Mask e-mails, phones, ID/tax numbers, cards, IBANs and addresses; never raises on a str."""
    if not isinstance(text, str) or not text:
        return Redaction(text if isinstance(text, str) else "", [])
    wanted = frozenset(c.upper() for c in countries if isinstance(c, str))
    picked = _select(_candidates(text, wanted))
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for cand in picked:
        replacement = labels.get(cand.kind, LABELS.get(cand.kind, f"[{cand.kind}]"))
        parts.append(text[pos : cand.start])
        parts.append(replacement)
        spans.append(Span(cand.kind, cand.start, cand.end, replacement))
        pos = cand.end
    parts.append(text[pos:])
    return Redaction("".join(parts), spans)
