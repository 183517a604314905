"""The batch pipeline: store raw → normalise → dedupe → features → match → mentions → rollups."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.ingest._features import Reprints, ToneFn, default_tone, detect
from resonance.ingest._items import (
    Prepared,
    assign_clusters,
    attach_existing,
    mark_duplicates,
    write_items,
)
from resonance.ingest._match import QueryMatcher
from resonance.ingest._mentions import recompute_rollups, write_mentions
from resonance.ingest._normalize import normalize_item
from resonance.ingest._raw import Stored, item_to_json, store_raw
from resonance.ingest.models import DeadLetter
from resonance.sources.base import ItemError, RawItem
from resonance.sources.models import Source
from resonance.storage.base import utcnow

log = logging.getLogger(__name__)
MAX_REASON = 2_000


@dataclass
class IngestContext:
    """What one worker keeps between batches: the pseudonym key, tone, reprint and query caches.

    Build it once per process with :meth:`from_settings`; it is not shared between threads.
    """

    secret: str
    store_author_handles: bool = False
    tone: ToneFn = field(default_factory=default_tone)
    reprints: Reprints = field(default_factory=Reprints)
    matcher: QueryMatcher = field(default_factory=QueryMatcher)
    clock: Callable[[], datetime] = utcnow

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> IngestContext:
        keep = settings.store_author_handles
        return cls(secret=settings.resolved_secret_key, store_author_handles=keep, **overrides)


@dataclass
class BatchReport:
    """What a batch did; `timings` holds seconds per stage."""

    received: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    repeated_in_batch: int = 0
    exact_duplicates: int = 0
    reprints: int = 0
    mentions: int = 0
    rollup_hours: int = 0
    dead_letters: int = 0
    failed_external_ids: list[str] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=dict)

    def add(self, other: BatchReport) -> None:
        """Sum another report into this one (a run of several batches)."""
        for name in (
            "received", "new", "updated", "unchanged", "repeated_in_batch", "exact_duplicates",
            "reprints", "mentions", "rollup_hours", "dead_letters",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failed_external_ids.extend(other.failed_external_ids)
        self.notes.update(other.notes)
        for stage, seconds in other.timings.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - started


def ingest_batch(
    session: Session,
    *,
    source: Source,
    items: Sequence[RawItem],
    context: IngestContext,
    errors: Sequence[ItemError] = (),
    force: bool = False,
) -> BatchReport:
    """Run one batch through every stage in the caller's transaction (nothing is committed).

    Re-delivering identical items changes nothing; a changed item is updated and re-processed.
    An item that fails a stage becomes a dead letter and the batch goes on. `force` re-processes
    unchanged items too (dead-letter replay).
    """
    report = BatchReport(received=len(items))
    now = context.clock()
    _dead_letter_errors(session, source, errors, report)
    with report.timed("store_raw"):
        raw = store_raw(session, source_id=source.id, items=items, fetched_at=now, force=force)
    report.new, report.updated, report.unchanged = raw.new, raw.changed, raw.unchanged
    report.repeated_in_batch = raw.repeated_in_batch
    with report.timed("normalise"):
        prepared = _normalise(session, source, raw.to_process, context, report, now)
    with report.timed("dedupe"):
        attach_existing(session, prepared)
        report.exact_duplicates = mark_duplicates(session, prepared)
    with report.timed("tone"):
        _tone(prepared, context)
    with report.timed("match"):
        context.matcher.refresh(session)
        prepared = _match(session, source, prepared, context, report)
    with report.timed("store_items"):
        write_items(session, source_id=source.id, prepared=prepared)
    with report.timed("reprints"):
        report.reprints = assign_clusters(session, context.reprints, prepared, now=now)
    with report.timed("mentions"):
        report.mentions, touched = write_mentions(session, source_id=source.id, prepared=prepared)
    with report.timed("rollups"):
        report.rollup_hours = recompute_rollups(session, touched)
    session.flush()
    return report


def _normalise(
    session: Session,
    source: Source,
    stored: Sequence[Stored],
    context: IngestContext,
    report: BatchReport,
    now: datetime,
) -> list[Prepared]:
    prepared: list[Prepared] = []
    for entry in stored:
        try:
            norm = normalize_item(
                entry.item,
                connector=source.connector,
                secret=context.secret,
                keep_handles=context.store_author_handles,
                fetched_at=now,
            )
            guess = detect(norm.text, norm.title, norm.language_hint)
        except Exception as exc:  # one odd item must not stop the batch
            dead_letter(session, source, entry, "normalise", exc, report)
            continue
        report.notes.update(norm.notes)
        prepared.append(
            Prepared(
                raw_id=entry.raw_id,
                item=entry.item,
                norm=norm,
                lang=guess.lang,
                script=guess.script,
                is_new=entry.is_new,
            )
        )
    return prepared


def _tone(prepared: Sequence[Prepared], context: IngestContext) -> None:
    live = [p for p in prepared if p.has_text]
    texts = [f"{p.norm.title}\n{p.norm.text}" if p.norm.title else p.norm.text for p in live]
    for p, tone in zip(live, context.tone(texts, [p.lang for p in live]), strict=True):
        p.tone = tone


def _match(
    session: Session,
    source: Source,
    prepared: Sequence[Prepared],
    context: IngestContext,
    report: BatchReport,
) -> list[Prepared]:
    base = {"source": source.name, "country": source.country or "", "region": source.region or ""}
    kept: list[Prepared] = []
    for p in prepared:
        if p.has_text:
            fields = {**base, "author": p.norm.author_match or ""}
            try:
                p.matches = context.matcher.match(
                    text=p.norm.text, title=p.norm.title, lang=p.lang, fields=fields
                )
            except Exception as exc:  # a matcher bug on one text must not stop the batch
                dead_letter(session, source, Stored(p.raw_id, p.item, p.is_new), "match", exc,
                            report)  # fmt: skip
                continue
        kept.append(p)
    return kept


def dead_letter(
    session: Session,
    source: Source,
    entry: Stored,
    stage: str,
    error: BaseException,
    report: BatchReport,
) -> None:
    """Keep a failed item with its stage and reason; a replay re-runs it."""
    reason = f"{type(error).__name__}: {error}"[:MAX_REASON]
    log.warning("Item %r of source %s failed at %s: %s", entry.item.external_id, source.id,
                stage, reason)  # fmt: skip
    session.add(
        DeadLetter(
            stage=stage,
            source_id=source.id,
            raw_id=entry.raw_id,
            reason=reason,
            payload=item_to_json(entry.item, with_payload=False),
        )
    )
    report.dead_letters += 1
    report.failed_external_ids.append(entry.item.external_id)


def _dead_letter_errors(
    session: Session, source: Source, errors: Sequence[ItemError], report: BatchReport
) -> None:
    """Parts of a fetch the connector could not turn into items: kept, not replayable."""
    for error in errors:
        session.add(
            DeadLetter(
                stage="fetch",
                source_id=source.id,
                raw_id=None,
                reason=f"{error.position}: {error.reason}"[:MAX_REASON],
                payload={"position": error.position, "size": len(error.payload or b"")},
            )
        )
        report.dead_letters += 1
