"""Mentions of matched items and the hourly rollups recomputed from them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from resonance.ingest._items import Prepared
from resonance.ingest._raw import chunks
from resonance.ingest.models import Item
from resonance.monitoring.models import Mention, MentionRollup

HOUR = timedelta(hours=1)
NO_TONE = "none"
_RANGES_PER_QUERY = 40

ProjectHour = tuple[int, datetime]


def hour_of(value: datetime) -> datetime:
    return value.replace(minute=0, second=0, microsecond=0)


def write_mentions(
    session: Session, *, source_id: int, prepared: Sequence[Prepared]
) -> tuple[int, set[ProjectHour]]:
    """Create, update or remove the mentions of these items; returns (count, touched hours)."""
    items = {p.item_id: p for p in prepared if p.item_id is not None}
    old: dict[tuple[int, int], tuple[int, datetime]] = {}
    redelivered = [item_id for item_id, p in items.items() if not p.is_new]
    for part in chunks(redelivered):
        rows = session.execute(
            select(Mention.id, Mention.project_id, Mention.item_id, Mention.published_at).where(
                Mention.item_id.in_(part)
            )
        )
        old.update({(project, item): (mid, at) for mid, project, item, at in rows})
    touched: set[ProjectHour] = {(key[0], hour_of(at)) for key, (_mid, at) in old.items()}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for item_id, p in items.items():
        for project_id, query_ids in p.matches.items():
            values = {
                "project_id": project_id,
                "item_id": item_id,
                "query_ids": query_ids,
                "published_at": p.norm.published_at,
                "lang": p.lang,
                "source_id": source_id,
                "tone": p.tone.label if p.tone else None,
            }
            touched.add((project_id, hour_of(p.norm.published_at)))
            found = old.pop((project_id, item_id), None)
            if found is None:
                inserts.append(values)
            else:
                updates.append({"id": found[0], **values})
    for part in chunks(inserts, 500):
        session.execute(insert(Mention), list(part))
    if updates:
        session.execute(update(Mention), updates)
    stale = [mid for mid, _at in old.values()]
    for part in chunks(stale):
        session.execute(delete(Mention).where(Mention.id.in_(part)))
    return len(inserts) + len(updates), touched


def recompute_rollups(session: Session, touched: Iterable[ProjectHour]) -> int:
    """Rebuild the rollup rows of each (project, hour) from its mentions; never adds up twice."""
    by_project: dict[int, set[datetime]] = {}
    for project_id, hour in touched:
        by_project.setdefault(project_id, set()).add(hour)
    for project_id, hours in sorted(by_project.items()):
        ordered = sorted(hours)
        for part in chunks(ordered, _RANGES_PER_QUERY):
            _rebuild(session, project_id, part)
    return sum(len(h) for h in by_project.values())


def _rebuild(session: Session, project_id: int, hours: Sequence[datetime]) -> None:
    in_hours = or_(
        *(and_(Mention.published_at >= h, Mention.published_at < h + HOUR) for h in hours)
    )
    tone = func.coalesce(Mention.tone_corrected, Mention.tone, NO_TONE)
    rows = session.execute(
        select(Mention.published_at, Mention.lang, Mention.source_id, tone, Item.reach)
        .join(Item, Item.id == Mention.item_id)
        .where(Mention.project_id == project_id, in_hours)
    )
    mentions: Counter[tuple[datetime, str, int, str]] = Counter()
    reach: Counter[tuple[datetime, str, int, str]] = Counter()
    for published_at, lang, source_id, label, item_reach in rows:
        key = (hour_of(published_at), lang, source_id, label)
        mentions[key] += 1
        reach[key] += item_reach or 0
    session.execute(
        delete(MentionRollup).where(
            MentionRollup.project_id == project_id, MentionRollup.hour.in_(list(hours))
        )
    )
    values = [
        {
            "project_id": project_id,
            "hour": hour,
            "lang": lang,
            "source_id": source_id,
            "tone": label,
            "mentions": count,
            "reach": min(reach[(hour, lang, source_id, label)], 2**31 - 1),
        }
        for (hour, lang, source_id, label), count in mentions.items()
    ]
    for part in chunks(values, 500):
        session.execute(insert(MentionRollup), list(part))
