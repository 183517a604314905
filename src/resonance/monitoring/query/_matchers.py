"""The matcher tree a query compiles to: one small object per syntax node."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from resonance.monitoring.query._text import HAN, LANGS, fold, sequences
from resonance.monitoring.query.document import (
    AnalyzedDocument,
    field_key,
    has_prefix_key,
    prefix_key,
)

Span = tuple[int, int]  # first and last position, inclusive
Keys = frozenset[str] | None  # None: no key is required (the query is always checked)
Check = Callable[[AnalyzedDocument], bool]
_SPACE_IN_HAN = re.compile(f"(?<={HAN.pattern})\\s+(?={HAN.pattern})")
_WORD_RUN = re.compile(r"\w+")
_WORD_EDGES = re.compile(r"\w.*\w|\w", re.DOTALL)


def key_cost(key: str) -> int:
    """A rough count of how many documents a key lets through (lower is more selective)."""
    if ":" in key:  # "lang:uk" lets through every Ukrainian item
        return 50
    if key.endswith("*"):
        return 10 if len(key) <= 3 else 5
    return 3 if len(key) <= 2 else 1


def keys_cost(keys: frozenset[str]) -> int:
    """The cost of a set of alternative keys."""
    return sum(key_cost(key) for key in keys)


class Matcher:
    """One node: whether a document matches, and the index keys one of which it needs."""

    def matches(self, doc: AnalyzedDocument) -> bool:
        raise NotImplementedError

    def keys(self, lang: str) -> Keys:
        raise NotImplementedError

    def spans(self, doc: AnalyzedDocument) -> list[Span]:
        """Where a positional node matches; parsing makes sure only those are asked."""
        raise TypeError(f"{type(self).__name__} has no positions")

    def check(self, lang: str) -> Check:
        """``matches`` specialised for documents of ``lang``: the percolator's hot path."""
        return self.matches

    def is_key_exact(self, lang: str) -> bool:
        """Whether, in ``lang``, having one of :meth:`keys` is the same as matching."""
        return False

    def constant(self, lang: str) -> bool | None:
        """The result for every document of ``lang`` when it is known (``lang:`` filters)."""
        return None

    def term_set(self, lang: str) -> frozenset[str] | None:
        """When, in ``lang``, matching is "the document has one of these terms": the terms."""
        return None


@dataclass(frozen=True, slots=True)
class _Reading:
    """A term or phrase as read for documents of one language."""

    singles: tuple[str, ...]  # one-term readings, looked up directly
    sequences: tuple[tuple[str, ...], ...]  # several-term readings, matched as phrases
    han: str  # folded text searched as a substring when it has Han characters
    syllables: bool  # Vietnamese: the folded text is searched as whole words
    needle: str  # the folded text the two searches above look for
    keys: frozenset[str]
    key_exact: bool  # having one of ``keys`` is the same as matching
    single_set: frozenset[str]  # ``singles`` as a set

    @property
    def is_simple(self) -> bool:
        """Whether the reading is just a set of single terms, each of them an index key."""
        return not (self.sequences or self.han or self.syllables)


@lru_cache(maxsize=20_000)
def whole_words(needle: str) -> re.Pattern[str]:
    """``needle`` as whole words (not inside a longer word).

    Compiled on first use and cached: every query word gets a Vietnamese reading, but only
    the few whose substring test passes on a Vietnamese document ever need the pattern, and
    compiling one per word was a fifth of the compile time of 10,000 queries.
    """
    return re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")


def _best_key(terms: Iterable[str]) -> str:
    return min(terms, key=lambda term: (key_cost(term), -len(term)))


def _han_key(needle: str) -> str:
    for i in range(len(needle) - 1):
        if HAN.match(needle[i]) and HAN.match(needle[i + 1]):
            return needle[i : i + 2]
    found = HAN.search(needle)
    return found.group() if found else ""


def _reading(lang: str, text: str, folded: str) -> _Reading:
    found = sequences(lang, text)
    han = _SPACE_IN_HAN.sub("", folded) if HAN.search(folded) else ""
    edges = _WORD_EDGES.search(folded) if lang == "vi" else None
    keys = {_best_key(sequence) for sequence in found}
    if han:
        keys.add(_han_key(han))
    syllables, needle = False, han
    if edges:
        needle = edges.group()
        syllables = True
        keys.add(_best_key(_WORD_RUN.findall(needle)))
    singles = tuple(sequence[0] for sequence in found if len(sequence) == 1)
    several = tuple(sequence for sequence in found if len(sequence) > 1)
    exact = not (han or syllables) or _needle_is_key(han, needle, singles, syllables)
    exact = exact and not several
    return _Reading(
        singles, several, han, syllables, needle, frozenset(keys), exact, frozenset(singles)
    )


def _needle_is_key(han: str, needle: str, singles: tuple[str, ...], vietnamese: bool) -> bool:
    """Whether the index key of a text search is the search: a Han pair, a Vietnamese syllable.

    Documents file every pair of adjacent Han characters and (Vietnamese) every whole word of
    their folded text, so then the key is present exactly when the search would succeed.
    """
    if any(term != needle for term in singles):
        return False
    han_pair = not han or (len(han) == 2 and all(HAN.match(ch) for ch in han))
    one_word = not vietnamese or _WORD_RUN.fullmatch(needle) is not None
    return han_pair and one_word


def _finds(text: str, needle: str) -> Iterator[int]:
    start = 0
    while (i := text.find(needle, start)) >= 0:
        yield i
        start = i + 1


def _sequence_starts(doc: AnalyzedDocument, sequence: tuple[str, ...]) -> list[int]:
    first = doc.positions.get(sequence[0])
    if not first or len(sequence) == 1:
        return first or []
    terms, rest = doc.terms, sequence[1:]
    last = len(terms) - len(rest)
    return [p for p in first if p < last and all(terms[p + 1 + k] == t for k, t in enumerate(rest))]


def never(_doc: AnalyzedDocument) -> bool:
    """The check of a node that cannot match."""
    return False


def always(_doc: AnalyzedDocument) -> bool:
    """The check of a node that always matches."""
    return True


def any_term_check(terms: frozenset[str]) -> Check:
    if not terms:
        return never
    if len(terms) == 1:
        (term,) = terms
        return lambda doc: term in doc.positions
    return lambda doc: not terms.isdisjoint(doc.term_set)


def _sequence_check(sequence: tuple[str, ...]) -> Check:
    return lambda doc: bool(_sequence_starts(doc, sequence))


def any_check(checks: Sequence[Check]) -> Check:
    if not checks:
        return never
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda doc: first(doc) or second(doc)

    def check_any(doc: AnalyzedDocument) -> bool:
        for check in checks:  # noqa: SIM110 - a plain loop is faster than any(<generator>)
            if check(doc):
                return True
        return False

    return check_any


def _reading_checks(reading: _Reading) -> list[Check]:
    """The tests of one reading, fastest first (substring searches run in C)."""
    checks: list[Check] = []
    if reading.singles and reading.singles != (reading.needle,):
        checks.append(any_term_check(frozenset(reading.singles)))
    needle = reading.needle
    if reading.syllables:
        # The plain substring test (in C) rules out most documents before the regex runs.
        checks.append(
            lambda doc: needle in doc.folded and whole_words(needle).search(doc.folded) is not None
        )
    elif reading.han:
        checks.append(lambda doc: needle in doc.folded)
    checks.extend(_sequence_check(sequence) for sequence in reading.sequences)
    return checks


# Readings and checks are immutable and depend only on the text, so the many queries that
# share a word share them too: fewer long-lived objects means less work for the cyclic garbage
# collector, whose full passes over a growing heap were most of the compile time.
_SHARED = 200_000


@lru_cache(maxsize=_SHARED)
def _readings(text: str) -> Mapping[str, _Reading]:
    folded = " ".join(fold(text).split())
    return MappingProxyType({lang: _reading(lang, text, folded) for lang in LANGS})


@lru_cache(maxsize=_SHARED)
def _text_check(text: str, lang: str) -> Check:
    return any_check(_reading_checks(_readings(text)[lang]))


class TextMatcher(Matcher):
    """A term or a phrase: its term sequence in the document's language, or Han/syllable text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.readings = _readings(text)

    def keys(self, lang: str) -> Keys:
        return self.readings[lang].keys

    def is_key_exact(self, lang: str) -> bool:
        return self.readings[lang].key_exact

    def term_set(self, lang: str) -> frozenset[str] | None:
        reading = self.readings[lang]
        return reading.single_set if reading.is_simple else None

    def matches(self, doc: AnalyzedDocument) -> bool:
        return self.check(doc.lang)(doc)

    def check(self, lang: str) -> Check:
        return _text_check(self.text, lang)

    def spans(self, doc: AnalyzedDocument) -> list[Span]:
        reading = self.readings[doc.lang]
        found = {(p, p) for term in reading.singles for p in doc.positions.get(term, ())}
        found.update(
            (p, p + len(sequence) - 1)
            for sequence in reading.sequences
            for p in _sequence_starts(doc, sequence)
        )
        if reading.han:
            size = len(reading.han)
            found.update(_text_span(doc, i, size) for i in _finds(doc.folded, reading.han))
        if reading.syllables:
            found.update(
                _text_span(doc, m.start(), m.end() - m.start())
                for m in whole_words(reading.needle).finditer(doc.folded)
            )
        return sorted(found)


def _text_span(doc: AnalyzedDocument, offset: int, length: int) -> Span:
    return doc.position_at(offset), doc.position_at(offset + length - 1)


class PrefixMatcher(Matcher):
    """``text*`` over the document's terms and surface words."""

    def __init__(self, text: str) -> None:
        self.prefix = fold(text)
        self.key = frozenset((prefix_key(self.prefix),))

    def keys(self, lang: str) -> Keys:
        return self.key

    def matches(self, doc: AnalyzedDocument) -> bool:
        return doc.has_prefix(self.prefix)

    def check(self, lang: str) -> Check:
        prefix = self.prefix
        return lambda doc: doc.has_prefix(prefix)

    def spans(self, doc: AnalyzedDocument) -> list[Span]:
        return [(p, p) for p in sorted(set(doc.prefix_positions(self.prefix)))]


class FieldMatcher(Matcher):
    """``name:v1,v2`` against the document's field; a value ending in '*' is a prefix."""

    def __init__(self, name: str, values: Sequence[str]) -> None:
        self.name = name
        folded = [fold(value).strip() for value in values]
        self.exact = frozenset(v for v in folded if not v.endswith("*"))
        self.prefixes = tuple(v[:-1].strip() for v in folded if v.endswith("*"))
        self.key: Keys = None
        if all(has_prefix_key(p) for p in self.prefixes):
            prefix_keys = {field_key(name, prefix_key(p)) for p in self.prefixes}
            self.key = frozenset(field_key(name, v) for v in self.exact) | prefix_keys

    def keys(self, lang: str) -> Keys:
        constant = self.constant(lang)
        if constant is not None:  # "lang:uk" needs no key in Ukrainian and never matches else
            return None if constant else frozenset()
        return self.key

    def constant(self, lang: str) -> bool | None:
        if self.name != "lang":
            return None
        return lang in self.exact or any(lang.startswith(p) for p in self.prefixes)

    def matches(self, doc: AnalyzedDocument) -> bool:
        value = doc.fields.get(self.name)
        if value is None:
            return False
        return value in self.exact or any(value.startswith(p) for p in self.prefixes)

    def check(self, lang: str) -> Check:
        constant = self.constant(lang)
        if constant is not None:
            return always if constant else never
        if self.prefixes:
            return self.matches
        name, exact = self.name, self.exact
        return lambda doc: doc.fields.get(name) in exact
