"""Full-text search of mentions: user text to a safe SQLite FTS5 or PostgreSQL condition.

The syntax is the web-search one people know: words (all must occur), "quoted phrases",
`OR` between two words, `-word` to exclude. Everything else (`*`, `NEAR`, parentheses, colons)
is plain text: every word reaches the database as a quoted string or a bound parameter, never
as query syntax, so no input can raise a database error.

Languages:
- uk, ru: the query word is expanded to every form of its lemma (pymorphy3 lexeme), so
  "реформа" finds "реформу", "реформи", "реформою". The index holds surface words.
- fr, en, vi: surface words; SQLite ignores diacritics ("ecole" finds "école"), PostgreSQL
  does not. Plural and other inflections of fr/en are not matched (no stemming in the index).
- zh: a word with Han characters matches Chinese items by substring (Chinese has no spaces,
  so word tokenizers see a whole clause as one token). On SQLite a trigram FTS5 table over
  Chinese items serves words of three or more characters; shorter ones (most Chinese words
  have two) and PostgreSQL use LIKE, which only runs on the rows the other filters left.
  Traditional query words are also tried in Simplified.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
)

from resonance.ingest.models import Item
from resonance.text.analyzer import morph_analyzer

FTS_TABLE = "items_fts"
FTS_ZH_TABLE = "items_fts_zh"
# The expression of the GIN index of migration 0004, verbatim, so PostgreSQL uses the index.
PG_DOCUMENT = "to_tsvector('simple', coalesce(items.title, '') || ' ' || items.text)"
MAX_QUERY = 500
MAX_CLAUSES = 12
MAX_FORMS = 64
TRIGRAM = 3

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_CYRILLIC_WORD = re.compile(r"^[\u0400-\u04ff'’ʼ]+$")
_WORDLIKE = re.compile(r"\w")
_SLAVIC = ("uk", "ru")


@dataclass(frozen=True)
class Clause:
    """Words or phrases of which one must occur (or none, when `negated`)."""

    alternatives: tuple[str, ...]
    negated: bool = False


def parse_search(text: str) -> list[Clause]:
    """The clauses of a search string; text without any letter or digit gives none."""
    clauses: list[Clause] = []
    join_next = False
    for match in _TOKEN.finditer(_printable(text[:MAX_QUERY])):
        dash, phrase, word = match.groups()
        if word is not None and word.upper() == "OR":
            join_next = bool(clauses) and not clauses[-1].negated
            continue
        negated = bool(dash)
        if word is not None:
            negated = word.startswith("-") and len(word) > 1
            phrase = word[1:] if negated else word
        value = " ".join(phrase.split())
        if not _WORDLIKE.search(value):
            continue
        if join_next and not negated:
            clauses[-1] = Clause((*clauses[-1].alternatives, value))
        else:
            clauses.append(Clause((value,), negated))
        join_next = False
    return clauses[:MAX_CLAUSES]


def _printable(text: str) -> str:
    """NFC text with control characters and lone surrogates (which drivers refuse) as spaces."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)
    return unicodedata.normalize("NFC", text)


def search_terms(clauses: Sequence[Clause]) -> list[str]:
    """The words to highlight or build a snippet around (the non-negated ones)."""
    return [alt for clause in clauses if not clause.negated for alt in clause.alternatives]


def search_condition(
    clauses: Sequence[Clause], dialect: str, lang: str | None = None
) -> ColumnElement[bool]:
    """A WHERE clause on `items` for these clauses, for the "sqlite" or "postgresql" dialect."""
    parts = []
    for clause in clauses:
        condition = _clause_condition(clause, dialect, lang)
        parts.append(not_(condition) if clause.negated else condition)
    return and_(*parts)


def _clause_condition(clause: Clause, dialect: str, lang: str | None) -> ColumnElement[bool]:
    han = [alt for alt in clause.alternatives if _HAN.search(alt)]
    words: list[str] = []
    for alt in clause.alternatives:
        if alt not in han:
            words.extend(word_forms(alt, lang))
    conditions = [_han_condition(alt, dialect) for alt in _with_simplified(han)]
    if words:
        conditions.append(_words_condition(words[:MAX_FORMS], dialect))
    return or_(*conditions) if conditions else false()


def word_forms(value: str, lang: str | None = None) -> list[str]:
    """The value itself, then, for one Cyrillic word, the other forms of its lemma."""
    forms = [value]
    if " " in value or not _CYRILLIC_WORD.match(value):
        return forms
    seen = {value.lower()}
    for code in [lang] if lang in _SLAVIC else _SLAVIC:
        for parse in morph_analyzer(code).parse(value.lower())[:2]:
            for form in parse.lexeme:
                word = str(form.word)
                if word not in seen:
                    seen.add(word)
                    forms.append(word)
    return forms


def _words_condition(words: Sequence[str], dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        query = " OR ".join('"' + word.replace('"', " ") + '"' for word in words)
        tsquery = func.websearch_to_tsquery(literal_column("'simple'"), query)
        return literal_column(PG_DOCUMENT).op("@@")(tsquery)
    match = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
    return Item.id.in_(_fts_rowids(FTS_TABLE, match))


def _han_condition(value: str, dialect: str) -> ColumnElement[bool]:
    if dialect == "sqlite" and len(value) >= TRIGRAM:
        return Item.id.in_(_fts_rowids(FTS_ZH_TABLE, '"' + value.replace('"', '""') + '"'))
    return and_(
        Item.lang == "zh",
        or_(
            Item.title.contains(value, autoescape=True),
            Item.text.contains(value, autoescape=True),
        ),
    )


def _fts_rowids(name: str, match: str) -> Select[Any]:
    fts = table(name, column("rowid"), column(name))
    return select(fts.c.rowid).where(fts.c[name].op("MATCH")(match))


def _with_simplified(values: Sequence[str]) -> list[str]:
    if not values:
        return []
    from resonance.text.normalize import fold_chinese

    out: list[str] = []
    for value in values:
        for variant in (value, fold_chinese(value)):
            if variant not in out:
                out.append(variant)
    return out
