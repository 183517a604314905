"""Number-shaped personal data: phones, national ID and tax numbers, cards, IBANs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from resonance.feedback import _checksum as cs
from resonance.feedback._pii_context import Around

# One optional separator between two digits. The alternatives never match the same string, and
# each repetition must end on a digit, so the patterns below cannot backtrack exponentially.
_SEP = r"(?:\)[ \u00a0\-]?|[ \u00a0]?\(|[ \u00a0]?[\-.\u2013][ \u00a0]?|[ \u00a0\u2009/])?"
_LB = r"(?<![0-9A-Za-z_+])(?<!\d[.,:])"
_RB = r"(?![0-9A-Za-z_])(?![.,:\-/]\d)"
PHONE_RE = re.compile(_LB + r"(?:\(?\+[ \u00a0]?)?\(?\d(?:" + _SEP + r"\d){6,14}" + _RB)
NUMBER_RE = re.compile(_LB + r"\d(?:" + _SEP + r"\d){8,18}(?:[ \u00a0]?[Xx])?" + _RB)
IBAN_RE = re.compile(r"(?<![0-9A-Za-z])[A-Z]{2}\d{2}(?:[ \u00a0]?[0-9A-Z]){11,30}(?![0-9A-Za-z])")
# Ukrainian passport book (two Cyrillic capitals, six digits); foreign passport (two Latin, six).
UA_PASSPORT_RE = re.compile(r"(?<![\w])[А-ЯІЇЄҐ]{2}[ \u00a0№]{0,2}\d{6}(?!\d)")
LATIN_PASSPORT_RE = re.compile(r"(?<![\w])[A-Z]{1,2}[ \u00a0]?\d{6,8}(?![\w])")
_MIN_DIGITS = 7
_NON_DIGIT = re.compile(r"\D")
_DATE_RE = re.compile(r"\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}|\d{4}[./\-]\d{1,2}[./\-]\d{1,2}")
_NANP_RE = re.compile(r"(?:\+?1[ .\-]?)?(?:\(\d{3}\) ?|\d{3}[ .\-])\d{3}[ .\-]\d{4}")
_RU_PASSPORT_RE = re.compile(r"\d{2} \d{2} \d{6}|\d{4} \d{6}|\d{2} \d{2} № ?\d{6}")
NIR_RE = re.compile(
    r"(?<![0-9A-Za-z])[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}(?![0-9A-Za-z])"
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span that a detector believes holds personal data; the score settles overlaps."""

    kind: str
    start: int
    end: int
    score: int


@dataclass(frozen=True, slots=True)
class _Num:
    text: str
    start: int
    end: int
    digits: str
    anchor: int  # where the whole run starts: keyword context is read before it

    @property
    def grouped(self) -> bool:
        core = self.text.lstrip("(+ ")
        return any(not c.isdigit() for c in core)


Classifier = Callable[[Around, _Num, frozenset[str]], Candidate | None]


def _subranges(match_start: int, match: str) -> Iterator[_Num]:
    """The whole match, then shorter runs cut at separators (a phone followed by a year, ...)."""
    # Cut only where the writer left a space: "050 123 45 67 2024" holds a phone and a year,
    # while "978-6-665-47206-2" is one number that must be judged whole.
    starts = [0] + [
        i for i in range(1, len(match)) if match[i - 1].isspace() and match[i].isdigit()
    ]
    ends = [i + 1 for i in range(len(match) - 1) if match[i].isdigit() and match[i + 1].isspace()]
    ends.append(len(match))
    # A bounded number of cuts near both ends keeps the cost linear on long digit runs.
    pairs = sorted(
        ((s, e) for s in starts[:3] for e in ends[-3:] if e > s), key=lambda p: (p[0] - p[1], p[0])
    )
    for s, e in pairs:
        piece = match[s:e]
        if s > 0:
            piece = piece.lstrip("( ")
            s = e - len(piece)
        digits = _NON_DIGIT.sub("", piece)
        if len(digits) >= _MIN_DIGITS:
            yield _Num(piece, match_start + s, match_start + e, digits, match_start)


def scan(
    text: str, pattern: re.Pattern[str], classify: Classifier, countries: frozenset[str]
) -> Iterator[Candidate]:
    """Run a number pattern and keep the longest sub-run the classifier accepts."""
    around = Around(text)
    for m in pattern.finditer(text):
        for num in _subranges(m.start(), m.group()):
            found = classify(around, num, countries)
            if found is not None:
                yield found
                break


# --- phones -----------------------------------------------------------------------------------


def _national_phone(n: _Num, countries: frozenset[str]) -> bool:
    d, size = n.digits, len(n.digits)
    shaped = n.text.replace("\u00a0", " ")
    has = countries.__contains__
    rules = (
        size == 10 and d[0] == "0" and d[1] != "0" and bool(countries & {"UA", "VN", "FR", "CN"}),
        size == 11 and d[0] == "0" and d[1] != "0" and (n.grouped or d[1] == "7"),
        size == 12 and d[0] == "0" and d[1] != "0" and n.grouped and has("CN"),
        size == 11 and d[0] == "8" and d[1] in "0346789" and bool(countries & {"RU", "KZ", "UA"}),
        size == 11 and d[0] == "7" and d[1] in "3456789" and n.grouped and (has("RU") or has("KZ")),
        size == 11 and d[0] == "1" and d[1] in "3456789" and has("CN"),
        size == 12 and d.startswith("380") and n.grouped and has("UA"),
        size in (10, 11) and _nanp(d[-10:]) and (has("US") or has("CA"))
        and _NANP_RE.fullmatch(shaped) is not None,
    )  # fmt: skip
    return any(rules)


def _nanp(d: str) -> bool:
    return d[0] in "23456789" and d[3] in "23456789" and d[1:3] != "11"


def classify_phone(around: Around, n: _Num, countries: frozenset[str]) -> Candidate | None:
    """International numbers, national formats of the chosen countries, or a phone in context."""
    if n.text.lstrip("( ").startswith("+"):
        return Candidate("phone", n.start, n.end, 70) if 8 <= len(n.digits) <= 15 else None
    digits = n.digits
    # "00 380 ..." is an international prefix only when the number is laid out as one or a
    # phone word precedes it; a bare 00-run is as likely a zero-padded ID or reference.
    prefixed = digits.startswith("00") and digits[2:3] != "0" and 10 <= len(digits) <= 17
    if prefixed and (n.grouped or around.phone(n.anchor)):
        return Candidate("phone", n.start, n.end, 60)
    national = _national_phone(n, countries)
    if not (national or (n.grouped and len(digits) <= 13)):
        return None
    context = around.phone(n.anchor)
    if around.non_pii(n.anchor, n.end, context=context) or _DATE_RE.fullmatch(n.text):
        return None
    if national:
        return Candidate("phone", n.start, n.end, 55 if context else 45)
    if context:
        return Candidate("phone", n.start, n.end, 50)
    return None


# --- identifiers and cards ---------------------------------------------------------------------


def _card(n: _Num) -> bool:
    d = n.digits
    return 13 <= len(d) <= 19 and d[0] in "23456" and cs.luhn(d) and len(set(d)) > 1


def _strong_id(value: str, countries: frozenset[str]) -> bool:
    """Identifiers whose check digits are strong enough to mask without any context."""
    size = len(value)
    return (
        (size == 18 and "CN" in countries and cs.cn_resident_id(value))
        or (size == 15 and "FR" in countries and cs.nir_fr(value))
        or (size == 12 and "KZ" in countries and cs.iin_kz(value))
        or (size == 12 and "RU" in countries and cs.inn_ru(value))
    )


def _weak_id(n: _Num, countries: frozenset[str], context: bool) -> bool:
    """Identifiers with a weak or no check: they need a keyword, a telling layout, or both."""
    d, size = n.digits, len(n.digits)
    shaped = n.text.replace("\u00a0", " ")
    rules = (
        size == 10 and "UA" in countries and d[0] in "1234" and cs.rnokpp(d),
        size == 10 and "RU" in countries and context and cs.inn_ru(d),
        size == 11 and "RU" in countries and cs.snils(d) and (context or shaped.count("-") >= 2),
        size == 14 and "FR" in countries and cs.luhn(d) and (context or shaped.count(" ") == 3),
        size == 9 and "FR" in countries and context and cs.luhn(d),
        size == 10
        and bool(countries & {"RU", "KZ"})
        and context
        and _RU_PASSPORT_RE.fullmatch(shaped) is not None,
        size == 12 and "VN" in countries and context and d[:3] <= "096",
        size == 9 and bool(countries & {"VN", "UA"}) and context,
    )
    return any(rules)


def classify_number(around: Around, n: _Num, countries: frozenset[str]) -> Candidate | None:
    """Cards first (Luhn and issuer digit), then national identifiers."""
    value = n.digits + ("X" if n.text[-1:] in "Xx" else "")
    if _strong_id(value, countries):  # a valid NIR or resident ID may pass Luhn by chance
        return Candidate("id", n.start, n.end, 85)
    if _card(n):  # Luhn plus an issuer digit: masked whatever the words around it say
        return Candidate("card", n.start, n.end, 80)
    if value.endswith("X"):
        return None
    context = around.id(n.anchor)
    if around.non_pii(n.anchor, n.end, context=context) or _DATE_RE.fullmatch(n.text):
        return None
    if _weak_id(n, countries, context):
        return Candidate("id", n.start, n.end, 65 if context else 52)
    return None


def find_ibans(text: str) -> Iterator[Candidate]:
    """IBANs written with or without spaces, checked with mod-97."""
    for m in IBAN_RE.finditer(text):
        raw = m.group()
        compact = "".join(c for c in raw if not c.isspace())
        for cut in range(len(compact), 14, -1):
            if cs.iban(compact[:cut]):
                kept, end = 0, m.start()
                for i, c in enumerate(raw):
                    kept += not c.isspace()
                    if kept == cut:
                        end = m.start() + i + 1
                        break
                yield Candidate("iban", m.start(), end, 90)
                break


def find_nirs(text: str, countries: frozenset[str]) -> Iterator[Candidate]:
    """French social security numbers, including Corsican ones (department 2A or 2B)."""
    if "FR" not in countries:
        return
    for m in NIR_RE.finditer(text):
        if cs.nir_fr("".join(m.group().split())):
            yield Candidate("id", m.start(), m.end(), 85)


def find_passports(text: str, countries: frozenset[str]) -> Iterator[Candidate]:
    """Passport books and cards written as letters and digits."""
    if "UA" in countries:
        for m in UA_PASSPORT_RE.finditer(text):
            yield Candidate("id", m.start(), m.end(), 60)
    around = Around(text)
    for m in LATIN_PASSPORT_RE.finditer(text):
        if around.id(m.start()):
            yield Candidate("id", m.start(), m.end(), 60)
