"""Writing normalised items: exact duplicates, inserts and updates, reprint cluster keys."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from resonance.ingest._features import Reprints, Tone
from resonance.ingest._normalize import Normalized
from resonance.ingest._raw import chunks
from resonance.ingest.models import Item
from resonance.sources.base import RawItem


@dataclass
class Prepared:
    """One item through normalisation and features, waiting to be written."""

    raw_id: int
    item: RawItem
    norm: Normalized
    lang: str
    script: str | None
    tone: Tone | None = None
    matches: dict[int, list[int]] = field(default_factory=dict)
    item_id: int | None = None
    is_new: bool = True
    duplicate_of_id: int | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.norm.text or self.norm.title)

    def row(self, source_id: int) -> dict[str, Any]:
        n, tone = self.norm, self.tone
        return {
            "raw_id": self.raw_id,
            "source_id": source_id,
            "external_id": self.item.external_id,
            "url": n.url,
            "title": n.title,
            "text": n.text,
            "text_hash": n.text_hash,
            "lang": self.lang,
            "script": self.script,
            "published_at": n.published_at,
            "published_offset": n.published_offset,
            "author_key": n.author_key,
            "author_display": n.author_display,
            "engagement": n.engagement,
            "reach": n.reach,
            "tone": tone.label if tone else None,
            "tone_scores": tone.scores if tone else None,
            "tone_model": tone.model if tone else None,
            "duplicate_of_id": self.duplicate_of_id,
            "notes": n.notes or None,
        }


def attach_existing(session: Session, prepared: Sequence[Prepared]) -> None:
    """Find the item rows of re-delivered raw items, so they are updated in place."""
    by_raw = {p.raw_id: p for p in prepared if not p.is_new}
    for part in chunks(list(by_raw)):
        for item_id, raw_id in session.execute(
            select(Item.id, Item.raw_id).where(Item.raw_id.in_(part))
        ):
            by_raw[raw_id].item_id = item_id


def mark_duplicates(session: Session, prepared: Sequence[Prepared]) -> int:
    """Point each item at the earliest item with the same folded text; returns how many."""
    live = [p for p in prepared if p.has_text]
    hashes = sorted({p.norm.text_hash for p in live})
    own = [p.item_id for p in live if p.item_id is not None]
    earliest: dict[str, int] = {}
    for part in chunks(hashes):
        stmt = select(Item.text_hash, func.min(Item.id)).where(Item.text_hash.in_(part))
        if own:
            stmt = stmt.where(Item.id.not_in(own))
        earliest.update(dict(session.execute(stmt.group_by(Item.text_hash)).all()))
    count = 0
    for p in live:
        first = earliest.get(p.norm.text_hash)
        if first is not None and (p.item_id is None or first < p.item_id):
            p.duplicate_of_id = first
            count += 1
    return count


def write_items(session: Session, *, source_id: int, prepared: Sequence[Prepared]) -> None:
    """Insert new items (batch duplicates after their original), update re-delivered ones."""
    first_in_batch: dict[str, Prepared] = {}
    originals: list[Prepared] = []
    repeats: list[Prepared] = []
    for p in prepared:
        if p.item_id is not None:
            continue
        seen = first_in_batch.get(p.norm.text_hash) if p.has_text else None
        if seen is None or p.duplicate_of_id is not None:
            first_in_batch.setdefault(p.norm.text_hash, p)
            originals.append(p)
        else:
            repeats.append(p)
    _insert(session, source_id, originals)
    for p in repeats:
        p.duplicate_of_id = first_in_batch[p.norm.text_hash].item_id
    _insert(session, source_id, repeats)
    updates = [{"id": p.item_id, **p.row(source_id)} for p in prepared if not p.is_new]
    updates = [u for u in updates if u["id"] is not None]
    if updates:
        session.execute(update(Item), updates)


def _insert(session: Session, source_id: int, rows: Sequence[Prepared]) -> None:
    for part in chunks(rows, 300):
        ids = session.scalars(
            insert(Item).returning(Item.id, sort_by_parameter_order=True),
            [p.row(source_id) for p in part],
        ).all()
        for p, item_id in zip(part, ids, strict=True):
            p.item_id = item_id


def assign_clusters(
    session: Session, reprints: Reprints, prepared: Sequence[Prepared], *, now: datetime
) -> int:
    """Reprint clusters: members of a cluster of two or more share the earliest item's id."""
    live = [p for p in prepared if p.has_text and p.item_id is not None]
    if not live:
        return 0
    rows = [(int(p.item_id or 0), _text(p), p.lang) for p in live]
    keys = reprints.cluster_keys(session, rows, now=now)
    changes: dict[int, str] = {}
    for p, key in zip(live, keys, strict=True):
        if key != str(p.item_id):
            changes[int(p.item_id or 0)] = key
            changes.setdefault(int(key), key)
    if changes:
        session.execute(
            update(Item), [{"id": item_id, "cluster_key": key} for item_id, key in changes.items()]
        )
    return len(changes)


def _text(p: Prepared) -> str:
    return f"{p.norm.title}\n{p.norm.text}" if p.norm.title else p.norm.text
