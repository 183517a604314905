"""Writes outside the pipeline itself: replaying dead letters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.ingest._raw import item_from_json, load_payload
from resonance.ingest.models import DeadLetter
from resonance.ingest.pipeline import BatchReport, IngestContext, ingest_batch
from resonance.sources.base import RawItem
from resonance.sources.models import Source

REPLAYABLE_STAGES = frozenset({"normalise", "match", "store"})


@dataclass
class ReplayReport:
    """Which dead letters were replayed, which failed again, which cannot be replayed."""

    replayed: list[int] = field(default_factory=list)
    failed_again: list[int] = field(default_factory=list)
    not_replayable: dict[int, str] = field(default_factory=dict)
    batches: BatchReport = field(default_factory=BatchReport)


def replay_dead_letters(
    session: Session,
    *,
    context: IngestContext,
    ids: Sequence[int] | None = None,
) -> ReplayReport:
    """Re-run dead letters (the given ids, or every one not yet replayed) through the pipeline.

    Each replayed letter gets `replayed_at`; an item that fails again leaves a new dead letter.
    Letters of the fetch stage (a part of a feed that never became an item) are reported as
    not replayable: the source has to deliver them again.
    """
    stmt = select(DeadLetter).where(DeadLetter.replayed_at.is_(None)).order_by(DeadLetter.id)
    if ids is not None:
        stmt = stmt.where(DeadLetter.id.in_(list(ids)))
    report = ReplayReport()
    by_source: dict[int, list[tuple[DeadLetter, RawItem]]] = {}
    for letter in session.scalars(stmt):
        problem = _why_not_replayable(letter)
        if problem:
            report.not_replayable[letter.id] = problem
            continue
        payload = load_payload(session, letter.raw_id) if letter.raw_id is not None else None
        item = item_from_json(letter.payload or {}, payload)
        by_source.setdefault(int(letter.source_id or 0), []).append((letter, item))
    now = context.clock()
    for source_id, entries in by_source.items():
        source = session.get(Source, source_id)
        if source is None:
            for letter, _item in entries:
                report.not_replayable[letter.id] = "its source was deleted"
            continue
        batch = ingest_batch(
            session, source=source, items=[i for _l, i in entries], context=context, force=True
        )
        report.batches.add(batch)
        failed = set(batch.failed_external_ids)
        for letter, item in entries:
            letter.replayed_at = now
            (report.failed_again if item.external_id in failed else report.replayed).append(
                letter.id
            )
    session.flush()
    return report


def _why_not_replayable(letter: DeadLetter) -> str | None:
    if letter.stage not in REPLAYABLE_STAGES:
        return f"a {letter.stage}-stage letter has no item; the source must deliver it again"
    if letter.source_id is None:
        return "its source was deleted"
    if not letter.payload:
        return "it kept no item to replay"
    return None
