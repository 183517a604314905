"""Match each incoming item against thousands of queries through an index of required terms."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

from resonance.monitoring.query._matchers import Check
from resonance.monitoring.query._text import LANGS
from resonance.monitoring.query.compiler import CompiledQuery
from resonance.monitoring.query.document import AnalyzedDocument

QueryId = TypeVar("QueryId", bound=Hashable)


class Percolator(Generic[QueryId]):
    """Queries filed under their required index keys, per document language.

    A document looks up each of its own index keys; only the queries found that way, plus the
    "always check" queries (pure negations, prefix field filters), run their full matcher.
    """

    def __init__(self) -> None:
        self._queries: dict[QueryId, CompiledQuery] = {}
        self._index: dict[str, dict[str, set[QueryId]]] = {lang: {} for lang in LANGS}
        self._always: dict[str, set[QueryId]] = {lang: set() for lang in LANGS}
        self._checks: dict[str, dict[QueryId, Check]] = {lang: {} for lang in LANGS}
        # Queries that are just a list of words in a language: being a candidate is matching.
        self._exact: dict[str, set[QueryId]] = {lang: set() for lang in LANGS}

    def add(self, query_id: QueryId, compiled: CompiledQuery) -> None:
        """File ``compiled`` under ``query_id``, replacing any query with that id."""
        self.remove(query_id)
        self._queries[query_id] = compiled
        for lang, checks in self._checks.items():
            checks[query_id] = compiled.check_for(lang)
            if compiled.is_key_exact(lang):
                self._exact[lang].add(query_id)
        for lang, index in self._index.items():
            keys = compiled.required_terms_for(lang)
            if keys is None:
                self._always[lang].add(query_id)
            for key in keys or ():
                index.setdefault(key, set()).add(query_id)

    def remove(self, query_id: QueryId) -> None:
        """Forget ``query_id``; unknown ids are ignored."""
        compiled = self._queries.pop(query_id, None)
        if compiled is None:
            return
        for always in self._always.values():
            always.discard(query_id)
        for checks in self._checks.values():
            del checks[query_id]
        for exact in self._exact.values():
            exact.discard(query_id)
        for lang, index in self._index.items():
            for key in compiled.required_terms_for(lang) or ():
                ids = index.get(key)
                if ids is not None:
                    ids.discard(query_id)
                    if not ids:
                        del index[key]

    def candidates(self, doc: AnalyzedDocument) -> set[QueryId]:
        """The queries that may match ``doc``: a superset of :meth:`match`."""
        index = self._index[doc.lang]
        found = set(self._always[doc.lang])
        for key in doc.index_keys:
            ids = index.get(key)
            if ids:
                found |= ids
        return found

    def match(self, doc: AnalyzedDocument) -> set[QueryId]:
        """The ids of all queries ``doc`` matches."""
        candidates = self.candidates(doc)
        exact = self._exact[doc.lang]
        found = candidates & exact
        checks = self._checks[doc.lang]
        # A plain loop: this runs ~50 times per item, and a generator costs a frame switch each.
        for qid in candidates - exact:
            if checks[qid](doc):
                found.add(qid)
        return found

    def __len__(self) -> int:
        return len(self._queries)

    def __contains__(self, query_id: object) -> bool:
        return query_id in self._queries

    def __iter__(self) -> Iterator[QueryId]:
        return iter(self._queries)
