"""Defined, never-raising cleaning: bytes, Unicode, HTML, whitespace, length, Chinese folding."""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

# Longer texts are cut: 100,000 characters is ~15,000 words, far beyond any post or article
# we analyse, and bounds the time every later step (language, tokens, MinHash) can take.
MAX_TEXT_CHARS = 100_000
# The cut goes back to the last whitespace within this many characters, else it is hard.
_CUT_LOOKBACK = 1_000

# Zero-width characters, bidi controls, BOM, soft hyphen and the like (Unicode category Cf),
# plus C0/C1 controls (Cc) other than the line and tab breaks handled as whitespace.
_INVISIBLE = re.compile(
    "["
    + "".join(
        re.escape(chr(cp))
        for cp in range(0xE000)  # below the private-use area; the rest is listed as ranges
        if chr(cp) not in "\n\t\r\f\v" and unicodedata.category(chr(cp)) in ("Cc", "Cf", "Cs", "Co")
    )
    + "\ue000-\uf8ff\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U0001bca0-\U0001bca3"
    + "\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000f0000-\U0010ffff]"
)
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_SPACE_AROUND_NEWLINE = re.compile(r" ?\n ?")
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:!--|!doctype|/?(?:p|br|div|span|a|b|i|em|strong|li|ul|ol|h[1-6]|html|body|img|table|"
    r"tr|td|blockquote|script|style)\b)[^>]*>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    str.split(
        "p br div li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article header footer"
    )
)
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template"))


def normalize_text(text: str) -> str:
    """Clean text for analysis; the same input always gives the same output, and it never raises.

    Steps: HTML to text (only when the text looks like HTML) or entity unescaping, Unicode NFC,
    removal of zero-width, bidi and control characters (newlines kept), whitespace collapsed
    (blank-line runs become one blank line), then truncation to :data:`MAX_TEXT_CHARS`.
    """
    if not isinstance(text, str):
        return ""
    # Work on a bounded prefix so a multi-megabyte input costs no more than a long article.
    text = text[: MAX_TEXT_CHARS * 2]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _LOOKS_LIKE_HTML.search(text):
        text = html_to_text(text)
    elif "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", _drop_invisible(text))
    text = _collapse_whitespace(text)
    return truncate(text)


def truncate(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Cut ``text`` to at most ``limit`` characters, at the last whitespace if one is near."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit - _CUT_LOOKBACK, limit + 1)
    cut = max(cut, text.rfind("\n", limit - _CUT_LOOKBACK, limit + 1))
    return text[: cut if cut > 0 else limit].rstrip()


def _drop_invisible(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text
    return _INVISIBLE.sub("", text)


def _collapse_whitespace(text: str) -> str:
    text = _HORIZONTAL_SPACE.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML document; block elements become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment or page (stdlib parser: lenient, no dependency)."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # malformed declarations; keep what was parsed
        pass
    return "".join(parser.parts)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode bytes of unknown or wrongly declared encoding; never raises.

    Order: valid UTF-8 (with or without BOM) wins; then the declared encoding if it decodes
    cleanly (not Latin-1/Windows-1252, the usual wrong default, which decode anything); then
    charset-normalizer's best guess (cp1251, koi8-u, gb18030, big5, ...); finally UTF-8 with
    U+FFFD for undecodable bytes.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        return ""
    data = bytes(data)
    if not data:
        return ""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared_text = _decode_declared(data, declared)
    if declared_text is not None:
        return declared_text
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return data.decode("utf-8", errors="replace")


_UNTRUSTED_DECLARATIONS = frozenset(("utf-8", "ascii", "latin-1", "iso8859-1", "cp1252"))


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        codec = codecs.lookup(declared.strip().lower()).name
    except (LookupError, TypeError, ValueError):
        return None
    if codec in _UNTRUSTED_DECLARATIONS:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, ValueError):
        return None


# The encodings our six languages' sources use besides UTF-8; guessing among these first
# avoids charset-normalizer's occasional pick of an unrelated code page on short texts.
_LIKELY_ENCODINGS = (
    "utf_16",
    "cp1251",
    "koi8_u",
    "koi8_r",
    "gb18030",
    "big5",
    "cp1252",
    "iso8859_15",
    "cp1258",
)


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    sample = data[: MAX_TEXT_CHARS * 4]
    try:
        best = from_bytes(sample, cp_isolation=list(_LIKELY_ENCODINGS)).best()
        best = best or from_bytes(sample).best()
    except (ValueError, LookupError, RuntimeError):
        return None
    if best is None:
        return None
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        return None


def fold_chinese(text: str) -> str:
    """Traditional Chinese to Simplified (OpenCC t2s), for matching only; stored text is kept."""
    if not isinstance(text, str) or not text:
        return ""
    if text.isascii():
        return text
    try:
        converted: str = _t2s().convert(text)
    except UnicodeEncodeError:  # lone surrogates; "?" keeps the length, so offsets hold
        converted = _t2s().convert(text.encode("utf-8", "replace").decode("utf-8"))
    return converted


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")
