"""Postal addresses in free text: a street keyword next to a house number, per language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from resonance.feedback._pii_numbers import Candidate

# Conservative on purpose: a street word alone ("на вулиці", "dans la rue") is not an address;
# the house number is what makes it one. Bounded repetitions only, no nested open-ended groups.
_CAP_CYR = r"[А-ЯІЇЄҐЁ0-9][\w'’\-]{0,30}"
_CYR = re.compile(
    r"(?<!\w)(?:вул\.|вулиц[яіею]|ул\.|улиц[аеыу]|пр-т|пр-кт|просп\.|проспект[іеу]?|пров\.|"
    r"провул(?:ок|ку)|пер\.|переул(?:ок|ке)|бульв\.|бульвар[іеу]?|б-р|пл\.|площ[аіе]|площад[ьи]|"
    r"шосе|шоссе|наб\.|набережн[аяіой]{1,2}|мкр\.|мікрорайон|микрорайон)\s?"
    + _CAP_CYR
    + r"(?:[ \u00a0]"
    + _CAP_CYR
    + r"){0,3},?[ \u00a0]?(?:буд\.|будинок|д\.|дом)?[ \u00a0]?"
    r"\d{1,4}(?:[-/]?[а-яА-Яa-z](?!\w))?(?:/\d{1,4})?"
    r"(?:,?[ \u00a0](?:кв\.|квартира|оф\.|офіс|офис|корп\.|корпус)[ \u00a0]?\d{1,4})?"
)
_ZH = re.compile(
    r"(?:(?![在于到住是往从寄送址])[\u4e00-\u9fff]){1,12}(?:路|街|大道|巷)"
    r"(?:\d{1,5}(?:弄|巷))?\d{1,5}(?:号|號)(?:\d{1,4}(?:号楼|栋|幢|单元|楼|室|號樓|層|号)){0,3}"
)
_VI_NAME = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ0-9][\wÀ-ỹ]{0,15}"
_VI = re.compile(
    r"(?<!\w)(?:(?:số nhà|số|nhà)[ \u00a0])?\d{1,4}(?:/\d{1,4}){0,2}[A-Za-z]?,?[ \u00a0]"
    r"(?:đường|phố|ngõ|ngách|hẻm|Đường|Phố|Ngõ|Hẻm)[ \u00a0]"
    + _VI_NAME
    + r"(?:[ \u00a0]"
    + _VI_NAME
    + r"){0,4}"
    r"(?:,[ \u00a0]?(?:phường|P\.|xã|thị trấn|Phường)[ \u00a0]"
    + _VI_NAME
    + r"(?:[ \u00a0]"
    + _VI_NAME
    + r"){0,3})?"
)
_FR_NAME = (
    r"(?:(?:de la|de l'|du|des|de|d'|l'|la|le|les)[ \u00a0]?)?[A-ZÉÈÊÀÂÎÔÛÇ][\wÀ-ÿ'’\-]{0,25}"
)
_FR = re.compile(
    r"(?<![\w,])\d{1,4}(?:[ \u00a0]?(?:bis|ter|[A-D]))?,?[ \u00a0]"
    r"(?:rue|avenue|av\.|boulevard|bd|bld|place|impasse|allée|chemin|quai|route|cours|square|"
    r"Rue|Avenue|Av\.|Boulevard|Bd|Place|Impasse|Allée|Chemin|Quai|Route|Cours|Square)"
    r"[ \u00a0]" + _FR_NAME + r"(?:[ \u00a0]" + _FR_NAME + r"){0,3}"
    r"(?:,?[ \u00a0]\d{5}(?:[ \u00a0][A-ZÉ][\wÀ-ÿ\-]{1,25})?)?"
)
_EN_NAME = r"[A-Z][a-z'\-]{1,20}"
_EN = re.compile(
    r"(?<![\w,.])\d{1,5}[A-Za-z]?[ \u00a0]"
    + _EN_NAME
    + r"(?:[ \u00a0]"
    + _EN_NAME
    + r"){0,2}[ \u00a0]"
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Way|"
    r"Court|Ct\.?|Place|Pl\.?|Crescent|Close|Terrace|Gardens|Square)(?![\w])"
    r"(?:,?[ \u00a0](?:Apt\.?|Apartment|Suite|Unit|Flat)[ \u00a0]?\d{1,4}[A-Z]?)?"
    r"(?:,[ \u00a0]?[A-Z][a-z]{2,20}(?:[ \u00a0][A-Z][a-z]{2,20})?)?"
    r"(?:,?[ \u00a0](?:[A-Z]{2}[ \u00a0]\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \u00a0]\d[A-Z]{2}))?"
)
_EN_FLAT = re.compile(r"(?<!\w)(?:Flat|Apt\.?|Apartment)[ \u00a0]\d{1,4}[A-Z]?,[ \u00a0]?(?=\d)")

_BY_COUNTRY: dict[str, tuple[re.Pattern[str], ...]] = {
    "UA": (_CYR,), "RU": (_CYR,), "KZ": (_CYR,), "CN": (_ZH,), "VN": (_VI,), "FR": (_FR,),
    "GB": (_EN, _EN_FLAT), "US": (_EN, _EN_FLAT), "CA": (_EN, _EN_FLAT),
}  # fmt: skip


def find_addresses(text: str, countries: frozenset[str]) -> Iterator[Candidate]:
    """Street addresses for the chosen countries' languages."""
    patterns = {p for c in countries for p in _BY_COUNTRY.get(c, ())}
    for pattern in sorted(patterns, key=lambda p: p.pattern):
        for m in pattern.finditer(text):
            yield Candidate("address", m.start(), m.end(), 30)
