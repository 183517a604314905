"""A document analysed once for matching: terms with positions, folded text, words, index keys."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Mapping

from resonance.monitoring.query._text import HAN, analysis_lang, fold_document, tokens_with_offsets
from resonance.monitoring.query.lexer import FIELDS, MAX_NEAR

# Empty terms between the title and the text, so that no phrase or NEAR spans the two.
GAP = MAX_NEAR + 1
_HAN_RUN = re.compile(HAN.pattern + "+")
_WORD_RUN = re.compile(r"\w+")


def prefix_keys(word: str) -> tuple[str, ...]:
    """The prefix index keys of a document word: its first 2 and 3 characters (Han: 1 and 2)."""
    short = 1 if HAN.match(word) else 2
    if len(word) <= short:
        return (word[:short] + "*",)
    return word[:short] + "*", word[: short + 1] + "*"


def prefix_key(prefix: str) -> str:
    """The key a query prefix is filed under: the longest document prefix key it determines."""
    return prefix_keys(prefix)[-1]


def has_prefix_key(prefix: str) -> bool:
    """Whether ``prefix`` is long enough to have a key (2 characters, 1 Han)."""
    return len(prefix) >= (1 if HAN.match(prefix) else 2)


def field_key(name: str, value: str) -> str:
    """The index key of a field value: ``name:value`` in lower case."""
    return f"{name}:{value.strip().lower()}"


class AnalyzedDocument:
    """One item's text (and title) analysed in its language, ready for many queries.

    ``terms[p]`` is the term at position ``p`` ("" in the gap after the title); ``positions``
    maps a term to its positions; ``starts[p]`` is where that term starts in ``folded`` (the
    lower-cased, Simplified-Chinese text); ``words`` is the sorted list of terms and surface
    words for prefix search, with their positions in ``word_positions``; ``index_keys`` are the
    keys the percolator looks up.
    """

    __slots__ = (
        "fields",
        "folded",
        "index_keys",
        "lang",
        "positions",
        "starts",
        "term_set",
        "terms",
        "word_positions",
        "words",
    )

    def __init__(self, lang: str, fields: Mapping[str, str]) -> None:
        self.lang = analysis_lang(lang)
        self.fields = {
            name: str(fields[name]).strip().lower() for name in FIELDS if fields.get(name)
        }
        self.fields["lang"] = self.lang
        self.terms: list[str] = []
        self.starts: list[int] = []
        self.positions: dict[str, list[int]] = {}
        self.term_set: frozenset[str] = frozenset()
        self.word_positions: dict[str, list[int]] = {}
        self.folded = ""
        self.words: list[str] = []
        self.index_keys: frozenset[str] = frozenset()

    @classmethod
    def from_text(
        cls,
        text: str,
        lang: str,
        *,
        title: str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> AnalyzedDocument:
        """Analyse ``title`` and ``text`` in ``lang`` (a detected language code) once."""
        doc = cls(lang, fields or {})
        parts = [part for part in (title, text) if part]
        folded_parts: list[str] = []
        for part in parts:
            if doc.terms:
                doc.terms.extend([""] * GAP)
                doc.starts.extend([doc.starts[-1]] * GAP)
            base = sum(len(p) + 2 for p in folded_parts)
            folded_parts.append(doc._add_part(unicodedata.normalize("NFC", part), base))
        doc.folded = "\n\n".join(folded_parts)
        doc.words = sorted(doc.word_positions)
        doc.term_set = frozenset(doc.positions)
        doc.index_keys = frozenset(doc._keys())
        return doc

    def _add_part(self, text: str, base: int) -> str:
        folded = fold_document(text)
        positions, word_positions = self.positions, self.word_positions
        for token in tokens_with_offsets(self.lang, text):
            position = len(self.terms)
            self.terms.append(token.term)
            self.starts.append(base + token.start)
            positions.setdefault(token.term, []).append(position)
            word_positions.setdefault(token.term, []).append(position)
            surface = folded[token.start : token.end]
            if surface != token.term:
                word_positions.setdefault(surface, []).append(position)
        return folded

    def _keys(self) -> set[str]:
        keys = set(self.positions)
        for word in self.words:
            keys.update(prefix_keys(word))
        for name, value in self.fields.items():
            keys.add(field_key(name, value))
            keys.update(field_key(name, key) for key in prefix_keys(value))
        if self.lang == "vi":
            keys.update(_WORD_RUN.findall(self.folded))
        for run in _HAN_RUN.findall(self.folded):
            keys.update(run)
            keys.update(run[i : i + 2] for i in range(len(run) - 1))
        return keys

    def has_prefix(self, prefix: str) -> bool:
        """Whether a term or surface word starts with ``prefix`` (already folded)."""
        i = bisect_left(self.words, prefix)
        return i < len(self.words) and self.words[i].startswith(prefix)

    def prefix_positions(self, prefix: str) -> list[int]:
        """Positions of the terms and surface words that start with ``prefix``."""
        found: list[int] = []
        words = self.words
        i = bisect_left(words, prefix)
        while i < len(words) and words[i].startswith(prefix):
            found.extend(self.word_positions[words[i]])
            i += 1
        return found

    def position_at(self, offset: int) -> int:
        """The position of the term at or before character ``offset`` of ``folded``."""
        return max(0, bisect_right(self.starts, offset) - 1)
