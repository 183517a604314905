"""Trying an unsaved query over recent stored items: matches with highlights, a bounded count."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from resonance.errors import Invalid
from resonance.ingest.models import Item
from resonance.monitoring.queries import access_project_for
from resonance.monitoring.query import AnalyzedDocument, Node, compile_query
from resonance.monitoring.query.ast import Not, Phrase, Prefix, Term, walk
from resonance.monitoring.query.compiler import build_matcher
from resonance.monitoring.query.document import GAP
from resonance.organization.access import Actor, Permission
from resonance.sources.models import Source
from resonance.storage.base import utcnow
from resonance.text.analyzer import analyzer

DEFAULT_DAYS = 30
MAX_DAYS = 366
DEFAULT_SHOWN = 50
MAX_SHOWN = 200
MAX_SCANNED = 20_000
TIME_BUDGET = 8.0  # seconds of analysis before the count is reported as partial
MATCH_CHARS = 20_000  # as at ingest: the matcher reads this much of an item's text
SNIPPET_CHARS = 320
_BATCH = 500

Range = tuple[int, int]


@dataclass(frozen=True)
class Segment:
    """A piece of shown text; `mark` when it is a matched term."""

    text: str
    mark: bool = False


@dataclass(frozen=True)
class TrialMatch:
    """One matching item, its title and a snippet of its text cut into segments."""

    item_id: int
    source_id: int
    source_name: str
    lang: str
    published_at: datetime
    url: str | None
    title: list[Segment]
    snippet: list[Segment]


@dataclass
class TrialResult:
    """What a trial found: the first matches (newest first) and the count over what was read."""

    query: str
    since: datetime
    matches: list[TrialMatch] = field(default_factory=list)
    total: int = 0
    scanned: int = 0
    max_scanned: int = MAX_SCANNED
    complete: bool = True
    seconds: float = 0.0


@dataclass(frozen=True)
class TrialLimits:
    """How far a trial looks: the last `days`, at most `max_scanned` items, `budget` seconds."""

    days: int = DEFAULT_DAYS
    shown: int = DEFAULT_SHOWN
    max_scanned: int = MAX_SCANNED
    budget: float = TIME_BUDGET

    def checked(self) -> TrialLimits:
        if not 1 <= self.days <= MAX_DAYS:
            raise Invalid(f"Look back between 1 and {MAX_DAYS} days.", field="days")
        if not 1 <= self.shown <= MAX_SHOWN:
            raise Invalid(f"Show between 1 and {MAX_SHOWN} matches.", field="limit")
        return self


def try_query(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    text: str,
    limits: TrialLimits | None = None,
    now: datetime | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> TrialResult:
    """Run `text` over the newest stored items of the last days, as ingest would match them.

    The query is compiled once and each item analysed once; reading stops after `max_scanned`
    items or when the time budget is spent, and the result says whether the count is complete.
    """
    access_project_for(session, actor, project_id, Permission.ANALYSE)
    limits = (limits or TrialLimits()).checked()
    compiled = compile_query(text)
    since = (now or utcnow()) - timedelta(days=limits.days)
    result = TrialResult(query=compiled.pretty(), since=since, max_scanned=limits.max_scanned)
    highlighter = Highlighter(compiled.ast)
    started = clock()
    for row in _recent_items(session, since, limits.max_scanned):
        if clock() - started > limits.budget:
            result.complete = False
            break
        result.scanned += 1
        doc = _analyse(row)
        if doc is None or not compiled.matches(doc):
            continue
        result.total += 1
        if len(result.matches) < limits.shown:
            result.matches.append(highlighter.match_of(row, doc))
    result.seconds = round(clock() - started, 3)
    return result


def _recent_items(session: Session, since: datetime, limit: int) -> Iterator[Row[Any]]:
    stmt = (
        select(
            Item.id,
            Item.source_id,
            Item.title,
            Item.text,
            Item.lang,
            Item.published_at,
            Item.url,
            Item.author_display,
            Source.name,
            Source.country,
            Source.region,
        )
        .join(Source, Source.id == Item.source_id)
        .where(Item.published_at >= since)
        .order_by(Item.published_at.desc(), Item.id.desc())
        .limit(limit)
        .execution_options(yield_per=_BATCH)
    )
    rows: Iterator[Row[Any]] = iter(session.execute(stmt))
    yield from rows


def _analyse(row: Row[Any]) -> AnalyzedDocument | None:
    """The item analysed as the ingest matcher does (same fields, same text length)."""
    if not (row.text or row.title):
        return None
    fields = {
        "source": row.name,
        "country": row.country or "",
        "region": row.region or "",
        "author": (row.author_display or "").casefold(),
    }
    return AnalyzedDocument.from_text(
        (row.text or "")[:MATCH_CHARS], row.lang, title=row.title, fields=fields
    )


def positive_leaves(ast: Node) -> list[Node]:
    """Terms, phrases and prefixes that a match shows (those under a NOT are left out)."""
    negated: set[int] = set()
    for node in walk(ast):
        if isinstance(node, Not):
            negated.update(id(inner) for inner in walk(node.child))
    return [
        node
        for node in walk(ast)
        if isinstance(node, Term | Phrase | Prefix) and id(node) not in negated
    ]


class Highlighter:
    """Marks where a query's positive terms occur in a matched item."""

    def __init__(self, ast: Node) -> None:
        self._matchers = [build_matcher(node) for node in positive_leaves(ast)]

    def match_of(self, row: Row[Any], doc: AnalyzedDocument) -> TrialMatch:
        title = unicodedata.normalize("NFC", row.title) if row.title else ""
        body = unicodedata.normalize("NFC", (row.text or "")[:MATCH_CHARS])
        title_ranges, text_ranges = self._ranges(doc, title, body)
        return TrialMatch(
            item_id=row.id,
            source_id=row.source_id,
            source_name=row.name,
            lang=row.lang,
            published_at=row.published_at,
            url=row.url,
            title=segments(title, title_ranges),
            snippet=snippet(body, text_ranges),
        )

    def _ranges(
        self, doc: AnalyzedDocument, title: str, body: str
    ) -> tuple[list[Range], list[Range]]:
        lang_analyzer = analyzer(doc.lang)
        title_tokens = lang_analyzer.tokens_with_offsets(title) if title else []
        text_tokens = lang_analyzer.tokens_with_offsets(body) if body else []
        # Positions as AnalyzedDocument numbers them: title terms, a gap, then text terms.
        offset = len(title_tokens) + (GAP if title_tokens else 0)
        title_ranges: list[Range] = []
        text_ranges: list[Range] = []
        for matcher in self._matchers:
            for first, last in matcher.spans(doc):
                if last < len(title_tokens):
                    title_ranges.append((title_tokens[first].start, title_tokens[last].end))
                elif first >= offset and last - offset < len(text_tokens):
                    start, end = text_tokens[first - offset], text_tokens[last - offset]
                    text_ranges.append((start.start, end.end))
        return merge(title_ranges), merge(text_ranges)


def merge(ranges: Sequence[Range]) -> list[Range]:
    """Sorted, non-overlapping ranges."""
    merged: list[Range] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def segments(
    text: str, ranges: Sequence[Range], start: int = 0, end: int | None = None
) -> list[Segment]:
    """`text[start:end]` cut into plain and marked segments."""
    end = len(text) if end is None else end
    out: list[Segment] = []
    cursor = start
    for low, high in ranges:
        low, high = max(low, start), min(high, end)
        if low >= high:
            continue
        if low > cursor:
            out.append(Segment(text[cursor:low]))
        out.append(Segment(text[low:high], mark=True))
        cursor = high
    if cursor < end:
        out.append(Segment(text[cursor:end]))
    return out


def snippet(text: str, ranges: Sequence[Range], width: int = SNIPPET_CHARS) -> list[Segment]:
    """About `width` characters around the first mark, with ellipses where text was cut."""
    if len(text) <= width:
        return segments(text, ranges)
    first = ranges[0][0] if ranges else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    out = segments(text, ranges, start, end)
    if start > 0:
        out.insert(0, Segment("…"))
    if end < len(text):
        out.append(Segment("…"))
    return out
