"""Decode fetched bytes: honour the declared charset, but catch the common mis-declared ones."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Legacy encodings we meet in uk/ru/zh/vi/fr sources; detection is limited to them because an
# open search guesses wrong on short texts (koi8-u read as cp932, French read as cp1250).
LEGACY_CANDIDATES: tuple[str, ...] = (
    "cp1251",
    "koi8_u",
    "koi8_r",
    "iso8859_5",
    "gb18030",
    "big5",
    "cp1258",
    "cp1252",
)
_LATIN_FAMILY = frozenset({"latin_1", "iso8859_1", "cp1252", "iso8859_15", "ascii"})
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def canonical(name: str | None) -> str | None:
    """Python's canonical codec name, or None when unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name.replace("-", "_")
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def sniff_declared(data: bytes) -> str | None:
    """The encoding an XML declaration or an HTML meta tag declares in the first 2 KiB."""
    head = data[:2048]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def decode(data: bytes, declared: str | None) -> tuple[str, str]:
    """Return (text, codec used). Valid UTF-8 wins; a legacy charset is checked by detection."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    codec = canonical(declared) or canonical(sniff_declared(data))
    if data.isascii():
        return data.decode("ascii"), codec or "ascii"
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    if codec and codec != "utf_8" and _is_plausible(data, codec):
        return data.decode(codec, errors="replace"), codec
    guess = _detect(data, codec)
    return data.decode(guess, errors="replace"), guess


def _is_plausible(data: bytes, codec: str) -> bool:
    """Whether the declared legacy codec is what detection also picks (Latin-1 ≈ cp1252)."""
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    best = _detect(data, codec)
    if best == codec:
        return True
    return codec in _LATIN_FAMILY and best in _LATIN_FAMILY


def _detect(data: bytes, declared: str | None) -> str:
    candidates = list(LEGACY_CANDIDATES)
    if declared and declared not in candidates and declared != "utf_8":
        candidates.insert(0, declared)
    best = charset_normalizer.from_bytes(data[:200_000], cp_isolation=candidates).best()
    if best is None:
        return declared if declared and declared != "utf_8" else "utf_8"
    return canonical(best.encoding) or "utf_8"
