"""Adapter over resonance.text: cached per-language analysis of query words and text folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from resonance.text.analyzer import Token, analyzer, known_in
from resonance.text.normalize import fold_chinese

# The languages the analyzers know, and "other" for every other language.
LANGS: tuple[str, ...] = ("uk", "ru", "zh", "vi", "fr", "en", "other")
# Ukrainian and Russian texts are often mixed or misdetected; a query word is also read with
# the sibling language's dictionary so "реформи" finds Russian "реформы" and the reverse.
SIBLINGS: dict[str, tuple[str, ...]] = {"uk": ("uk", "ru"), "ru": ("ru", "uk")}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_CACHE = 200_000
_LETTERS = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")


def analysis_lang(lang: str | None) -> str:
    """The analyzer language for a detected language code ("zh-Hant" → "zh", "de" → "other")."""
    if not lang:
        return "other"
    base = lang.strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in LANGS else "other"


@lru_cache(maxsize=_CACHE)
def sequences(lang: str, text: str) -> tuple[tuple[str, ...], ...]:
    """The distinct term sequences ``text`` may stand for in a document of ``lang``.

    The sibling reading (Russian for a Ukrainian document and the reverse) is used only when
    the sibling's dictionary knows every word: pymorphy3 guesses a lemma for unknown words,
    and a guess from the wrong language ("яка" read as Russian) would match unrelated words.
    """
    text = unicodedata.normalize("NFC", text)
    found: list[tuple[str, ...]] = []
    for reading in SIBLINGS.get(lang, (lang,)):
        if reading != lang and not _all_known(reading, text):
            continue
        terms = tuple(analyzer(reading).tokens(text))
        if terms and terms not in found:
            found.append(terms)
    return tuple(found)


def _all_known(lang: str, text: str) -> bool:
    words = _LETTERS.findall(text.lower())
    return bool(words) and all(known_in(lang, word) for word in words)


def tokens_with_offsets(lang: str, text: str) -> list[Token]:
    """The analyzer's terms of ``text`` with their character spans."""
    return analyzer(lang).tokens_with_offsets(text)


@lru_cache(maxsize=_CACHE)
def fold(text: str) -> str:
    """Lower case, NFC and Traditional→Simplified; as long as ``text`` so offsets carry over."""
    text = unicodedata.normalize("NFC", text)
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters ("İ") lower to two characters
        lowered = "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)
    if not HAN.search(lowered):
        return lowered
    folded = fold_chinese(lowered)
    if len(folded) != len(lowered):
        folded = "".join(f if len(f := fold_chinese(ch)) == 1 else ch for ch in lowered)
    return folded


def fold_document(text: str) -> str:
    """:func:`fold` without the cache, for document texts that are seen once."""
    return fold.__wrapped__(text)
