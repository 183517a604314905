"""Compile a query once into a matcher and the index keys the percolator files it under."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from resonance.monitoring.query._combinators import (
    AndMatcher,
    NearMatcher,
    NotMatcher,
    OrMatcher,
)
from resonance.monitoring.query._matchers import (
    Check,
    FieldMatcher,
    Keys,
    Matcher,
    PrefixMatcher,
    TextMatcher,
)
from resonance.monitoring.query._text import LANGS, analysis_lang
from resonance.monitoring.query.ast import (
    And,
    Field,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    to_text,
)
from resonance.monitoring.query.document import AnalyzedDocument
from resonance.monitoring.query.parser import parse


class CompiledQuery:
    """A parsed query, ready to match analysed documents of any language."""

    __slots__ = ("_checks", "_keys", "_matcher", "ast", "text")

    def __init__(self, text: str, ast: Node) -> None:
        self.text = text
        self.ast = ast
        self._matcher = build_matcher(ast)
        self._keys: dict[str, Keys] = {lang: self._matcher.keys(lang) for lang in LANGS}
        self._checks: dict[str, Check] = {lang: self._matcher.check(lang) for lang in LANGS}

    def matches(self, doc: AnalyzedDocument) -> bool:
        """Whether ``doc`` matches the query."""
        return self._checks[doc.lang](doc)

    def is_key_exact(self, lang: str) -> bool:
        """Whether a document in ``lang`` with one of the required terms always matches."""
        return self._matcher.is_key_exact(analysis_lang(lang))

    def check_for(self, lang: str) -> Check:
        """The match function specialised for documents of ``lang`` (used by the percolator)."""
        return self._checks[analysis_lang(lang)]

    @property
    def always_check(self) -> bool:
        """True when, in some language, no key is required (a pure negation such as ``-spam``)."""
        return any(keys is None for keys in self._keys.values())

    @property
    def required_terms(self) -> frozenset[str]:
        """Index keys, over all languages, at least one of which a matching document has.

        Keys are analysed terms ("освіта", "reform"), Han characters or pairs ("数字"),
        Vietnamese syllables, prefix keys ("осв*") and field keys ("source:gov.ua",
        "source:gov*"); the union of :meth:`required_terms_for` over the languages that have
        keys (empty for a pure negation).
        """
        found: set[str] = set()
        for keys in self._keys.values():
            found |= keys or frozenset()
        return frozenset(found)

    def required_terms_for(self, lang: str) -> frozenset[str] | None:
        """The keys one of which a matching document in ``lang`` has; None: always check."""
        return self._keys[analysis_lang(lang)]

    def pretty(self) -> str:
        """The canonical text of the query (it parses back to the same tree)."""
        return to_text(self.ast)

    def __str__(self) -> str:
        return self.pretty()

    def __repr__(self) -> str:
        return f"CompiledQuery({self.text!r})"


def compile_query(text: str) -> CompiledQuery:
    """Parse and compile ``text``; raises QuerySyntaxError (with position) on a bad query."""
    return CompiledQuery(text, parse(text))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a block compiles many queries.

    Each compiled query keeps ~150 small objects alive; as they pile up, CPython runs a full
    collection every time the heap grows by a quarter, and each one walks every object of the
    process (language models and word caches included): about half the time of compiling
    10,000 queries. Compiling makes next to no reference cycles; any there are (a syntax
    error's traceback) are collected once the collector is back on.
    The collector is switched back on only if it was on (a concurrent user can at worst leave
    it on early, which costs time, never correctness).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_matcher(node: Node) -> Matcher:
    """The matcher tree of a syntax tree."""
    if isinstance(node, Term | Phrase):
        return TextMatcher(node.text)
    if isinstance(node, Prefix):
        return PrefixMatcher(node.text)
    if isinstance(node, Field):
        return FieldMatcher(node.name, node.values)
    if isinstance(node, Not):
        return NotMatcher(build_matcher(node.child))
    if isinstance(node, And):
        return AndMatcher([build_matcher(child) for child in node.children])
    if isinstance(node, Or):
        return OrMatcher([build_matcher(child) for child in node.children])
    if isinstance(node, Near):
        return NearMatcher(build_matcher(node.left), build_matcher(node.right), node.distance)
    raise TypeError(f"not a query node: {node!r}")
