"""The "detailed" flag: a message long enough to carry an argument, measured per language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

DEFAULT_THRESHOLDS: Mapping[str, int] = MappingProxyType(
    {
        "en": 40,
        "fr": 42,
        "uk": 34,
        "ru": 34,
        "vi": 50,
        "zh": 60,
        "other": 40,
    }
)
"""Least length of a detailed message, per language, in the unit :func:`text_length` counts.

About three sentences of argument: 40 English words. The others are scaled by how long the
same comment is in each language (tests/feedback/test_detail.py, 57 English words): French
57 words (x1.0; articles and "de" offset shorter verbs), Ukrainian and Russian 48 (x0.85; no
articles, rich inflection), Vietnamese 70 syllables (x1.25; written space-separated, counted
each), Chinese 84 Han characters (x1.5). Languages not listed use "other". Pass another
mapping to ``is_detailed`` to configure.
"""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# A word: letters with inner apostrophes or hyphens ("п'ять", "aujourd'hui", "e-mail"), or a
# number. Vietnamese syllables are space-separated, so each counts as one.
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ\-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_NON_HAN_WORD = re.compile(
    r"(?:(?![\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f])[^\W_])+"
)


def text_length(text: str, lang: str) -> int:
    """Length of ``text`` for the detailed flag: Han characters for zh, words elsewhere.

    In Chinese, punctuation and spaces do not count; a run of Latin letters or digits inside
    Chinese text ("iPhone", "300") counts as one, like a word.
    """
    if lang == "zh":
        return len(_HAN.findall(text)) + len(_NON_HAN_WORD.findall(text))
    return len(_WORD.findall(text))


def is_detailed(
    text: str, lang: str, *, thresholds: Mapping[str, int] = DEFAULT_THRESHOLDS
) -> bool:
    """True when ``text`` reaches the threshold of its language (or of "other")."""
    limit = thresholds.get(lang, thresholds.get("other", DEFAULT_THRESHOLDS["other"]))
    return text_length(text, lang) >= limit
