"""Routing conditions: keyword and phrase matching for every UI language, and rule matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from resonance.feedback.models import FeedbackItem, RoutingRule

# Han, kana, hangul and CJK punctuation: these scripts write no spaces between words, so a
# keyword in them matches as a substring.
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ʻ": "'", "ё": "е"})
MAX_KEYWORDS = 100
MAX_KEYWORD_CHARS = 100


def fold(text: str) -> str:
    """Text compared without regard to case, Unicode form, apostrophe variants or ё/е."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


@lru_cache(maxsize=2048)
def _pattern(keyword: str) -> re.Pattern[str] | None:
    """A word-bounded pattern; a trailing `*` matches any ending (дорог* → дороги, дорогу)."""
    folded = fold(keyword).strip()
    if not folded or has_cjk(folded):
        return None
    stem = folded.endswith("*")
    words = folded.rstrip("*").split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    tail = r"\w*" if stem else ""
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)")


def keyword_matches(keyword: str, folded_text: str) -> bool:
    """Whether a keyword or phrase occurs in already folded text."""
    pattern = _pattern(keyword)
    if pattern is not None:
        return pattern.search(folded_text) is not None
    needle = re.sub(r"\s+", "", fold(keyword).rstrip("*"))
    return bool(needle) and needle in re.sub(r"\s+", "", folded_text)


def any_keyword(keywords: Iterable[str], text: str) -> str | None:
    """The first keyword found in `text`, or None."""
    folded = fold(text)
    return next((k for k in keywords if keyword_matches(k, folded)), None)


def clean_keywords(values: Iterable[str]) -> list[str]:
    """Trimmed, distinct (after folding) keywords in their given order."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in values:
        value = " ".join(raw.split())[:MAX_KEYWORD_CHARS]
        key = fold(value)
        if value and value != "*" and key not in seen:
            seen.add(key)
            out.append(value)
    return out[:MAX_KEYWORDS]


def _item_text(item: FeedbackItem) -> str:
    answers = " ".join(str(v) for v in (item.answers or {}).values())
    return f"{item.text}\n{answers}"


def rule_matches(rule: RoutingRule, item: FeedbackItem) -> bool:
    """All of the rule's given conditions hold for the item (an empty condition holds)."""
    checks = (
        rule.form_id is None or rule.form_id == item.form_id,
        rule.consultation_id is None or rule.consultation_id == item.consultation_id,
        not rule.section_key or rule.section_key == item.section_key,
        rule.theme_id is None or rule.theme_id == item.theme_id,
        not rule.regions or fold(item.region or "") in {fold(r) for r in rule.regions},
    )
    if not all(checks):
        return False
    return not rule.keywords or any_keyword(rule.keywords, _item_text(item)) is not None


def first_match(rules: Sequence[RoutingRule], item: FeedbackItem) -> RoutingRule | None:
    """The enabled rule with the lowest priority (then id) whose conditions hold."""
    ordered = sorted((r for r in rules if r.enabled), key=lambda r: (r.priority, r.id))
    return next((rule for rule in ordered if rule_matches(rule, item)), None)
