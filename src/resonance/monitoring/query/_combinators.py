"""NOT, AND, OR and NEAR matchers, specialised per language into flat checks for the percolator."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from resonance.monitoring.query._matchers import (
    Check,
    Keys,
    Matcher,
    Span,
    always,
    any_check,
    keys_cost,
    never,
)
from resonance.monitoring.query.document import AnalyzedDocument


def _constant_check(value: bool | None) -> Check | None:
    if value is None:
        return None
    return always if value else never


class NotMatcher(Matcher):
    """NOT child; it needs no key."""

    def __init__(self, child: Matcher) -> None:
        self.child = child

    def keys(self, lang: str) -> Keys:
        return frozenset() if self.constant(lang) is False else None

    def constant(self, lang: str) -> bool | None:
        value = self.child.constant(lang)
        return None if value is None else not value

    def matches(self, doc: AnalyzedDocument) -> bool:
        return not self.child.matches(doc)

    def check(self, lang: str) -> Check:
        constant = _constant_check(self.constant(lang))
        if constant is not None:
            return constant
        terms = self.child.term_set(lang)
        if terms is not None:
            return lambda doc: terms.isdisjoint(doc.term_set)
        child = self.child.check(lang)
        return lambda doc: not child(doc)


class AndMatcher(Matcher):
    """All children; its keys are those of its most selective keyed child."""

    def __init__(self, children: Sequence[Matcher]) -> None:
        # Negations (which rarely reject an item) last.
        self.children = tuple(sorted(children, key=lambda c: isinstance(c, NotMatcher)))

    def keys(self, lang: str) -> Keys:
        if self.constant(lang) is False:
            return frozenset()
        keyed = [keys for c in self.children if (keys := c.keys(lang)) is not None]
        return min(keyed, key=keys_cost) if keyed else None

    def constant(self, lang: str) -> bool | None:
        values = [child.constant(lang) for child in self.children]
        if False in values:
            return False
        return True if all(values) else None

    def matches(self, doc: AnalyzedDocument) -> bool:
        return all(child.matches(doc) for child in self.children)

    def check(self, lang: str) -> Check:
        constant = _constant_check(self.constant(lang))
        if constant is not None:
            return constant
        live = [c for c in self.children if c.constant(lang) is None]
        wanted = [terms for c in live if (terms := c.term_set(lang)) is not None]
        unwanted = [
            terms
            for c in live
            if isinstance(c, NotMatcher) and (terms := c.child.term_set(lang)) is not None
        ]
        rest = [
            c.check(lang)
            for c in live
            if c.term_set(lang) is None
            and not (isinstance(c, NotMatcher) and c.child.term_set(lang) is not None)
        ]
        return _all_check(tuple(wanted), tuple(unwanted), tuple(rest))


def _all_check(
    wanted: tuple[frozenset[str], ...],
    unwanted: tuple[frozenset[str], ...],
    rest: tuple[Check, ...],
) -> Check:
    """One closure for "has a term of each wanted set, none of the unwanted, and passes rest"."""
    if len(wanted) == 2 and not unwanted and not rest:
        first, second = wanted
        return lambda doc: not (first.isdisjoint(doc.term_set) or second.isdisjoint(doc.term_set))
    if len(rest) == 1 and not wanted and not unwanted:
        return rest[0]

    def check_all(doc: AnalyzedDocument) -> bool:
        term_set = doc.term_set
        for terms in wanted:
            if terms.isdisjoint(term_set):
                return False
        for terms in unwanted:
            if not terms.isdisjoint(term_set):
                return False
        for check in rest:  # noqa: SIM110 - a plain loop is faster than all(<generator>)
            if not check(doc):
                return False
        return True

    return check_all


class OrMatcher(Matcher):
    """Any child; it needs a key of every child (none if one child needs none)."""

    def __init__(self, children: Sequence[Matcher]) -> None:
        self.children = tuple(children)

    def keys(self, lang: str) -> Keys:
        if self.constant(lang) is True:
            return None
        found: set[str] = set()
        for child in self.children:
            keys = child.keys(lang)
            if keys is None:
                return None
            found |= keys
        return frozenset(found)

    def constant(self, lang: str) -> bool | None:
        values = [child.constant(lang) for child in self.children]
        if True in values:
            return True
        return False if all(v is False for v in values) else None

    def term_set(self, lang: str) -> frozenset[str] | None:
        sets = [child.term_set(lang) for child in self.children]
        if any(terms is None for terms in sets):
            return None
        return frozenset().union(*sets)  # type: ignore[arg-type]

    def is_key_exact(self, lang: str) -> bool:
        return all(child.is_key_exact(lang) for child in self.children)

    def matches(self, doc: AnalyzedDocument) -> bool:
        return any(child.matches(doc) for child in self.children)

    def check(self, lang: str) -> Check:
        constant = _constant_check(self.constant(lang))
        if constant is not None:
            return constant
        live = [c for c in self.children if c.constant(lang) is None]
        # Children that are plain terms in this language merge into one set-intersection test.
        sets = [terms for c in live if (terms := c.term_set(lang)) is not None]
        checks = [c.check(lang) for c in live if c.term_set(lang) is None]
        if sets:
            merged = frozenset().union(*sets)
            checks.insert(0, lambda doc: not merged.isdisjoint(doc.term_set))
        return any_check(checks)

    def spans(self, doc: AnalyzedDocument) -> list[Span]:
        return sorted({span for child in self.children for span in child.spans(doc)})


class NearMatcher(Matcher):
    """Two positional children at most ``distance`` positions apart, in either order."""

    def __init__(self, left: Matcher, right: Matcher, distance: int) -> None:
        self.left, self.right, self.distance = left, right, distance
        self.both = AndMatcher((left, right))

    def keys(self, lang: str) -> Keys:
        return self.both.keys(lang)

    def matches(self, doc: AnalyzedDocument) -> bool:
        return bool(self.left.matches(doc) and self.right.matches(doc) and self._pairs(doc, 1))

    def check(self, lang: str) -> Check:
        both = self.both.check(lang)
        return lambda doc: both(doc) and bool(self._pairs(doc, 1))

    def spans(self, doc: AnalyzedDocument) -> list[Span]:
        return self._pairs(doc, None)

    def _pairs(self, doc: AnalyzedDocument, limit: int | None) -> list[Span]:
        lefts, rights = self.left.spans(doc), self.right.spans(doc)
        if not lefts or not rights:
            return []
        n = self.distance
        right_starts = [s for s, _ in rights]
        widest = max(e - s for s, e in rights)
        found: list[Span] = []
        for start, end in lefts:
            lo = bisect_left(right_starts, start - n - widest)
            hi = bisect_right(right_starts, end + n)
            for s, e in rights[lo:hi]:
                if 1 <= max(s - end, start - e) <= n:
                    found.append((min(start, s), max(end, e)))
                    if limit and len(found) >= limit:
                        return found
        return sorted(set(found))
