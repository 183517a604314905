"""Abuse heuristics for public feedback: a small multilingual word list, shouting and link spam."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A deliberately small list of unambiguous insults and slurs per language (en, uk, ru, fr, vi, zh).
# Matches only hold an item for a person to look at; nothing is ever refused or dropped for it.
ABUSIVE_WORDS: frozenset[str] = frozenset(
    {
        # en
        "fuck",
        "fucking",
        "motherfucker",
        "shit",
        "bullshit",
        "asshole",
        "bastard",
        "bitch",
        "cunt",
        "retard",
        # uk
        "хуй",
        "пизда",
        "блядь",
        "сука",
        "курва",
        "мудак",
        "підар",
        "гівно",
        # ru
        "хуйня",
        "пиздец",
        "блять",
        "ебать",
        "мразь",
        "говно",
        "дебил",
        "пидор",
        # fr
        "merde",
        "putain",
        "connard",
        "connasse",
        "salope",
        "enculé",
        "enfoiré",
        # vi
        "địt",
        "đụ",
        "đéo",
        "lồn",
        "cặc",
        "đĩ",
        "khốn nạn",
        # zh
        "傻逼",
        "他妈的",
        "操你",
        "混蛋",
        "王八蛋",
        "贱人",
    }
)
# Chinese has no spaces: those words are matched as substrings; others as whole words.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"\w+", re.UNICODE)
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
MAX_LINKS = 2
SHOUTING_MIN_LETTERS = 20
SHOUTING_SHARE = 0.8


@dataclass(frozen=True)
class Verdict:
    """Why a text is held for moderation (`reason` is a short machine code), or not held."""

    held: bool
    reason: str | None = None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _has_abusive_word(text: str) -> bool:
    folded = _fold(text)
    words = set(_WORD.findall(folded))
    for entry in ABUSIVE_WORDS:
        if _CJK.search(entry) or " " in entry:
            if entry in folded:
                return True
        elif entry in words:
            return True
    return False


def _is_shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha() and ch.upper() != ch.lower()]
    if len(letters) < SHOUTING_MIN_LETTERS:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= SHOUTING_SHARE


def check_text(text: str) -> Verdict:
    """Hold abusive words, more than MAX_LINKS links, or a text written mostly in capitals."""
    if _has_abusive_word(text):
        return Verdict(True, "abusive-language")
    if len(_LINK.findall(text)) > MAX_LINKS:
        return Verdict(True, "many-links")
    if _is_shouting(text):
        return Verdict(True, "all-caps")
    return Verdict(False)
