"""Rollups of a project loaded once into numpy arrays, filtered and aggregated per window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import BigInteger, ColumnElement, Integer, cast, func, select
from sqlalchemy.orm import Session

from resonance.ingest.models import Item
from resonance.kpi.metrics import TONES, WindowData
from resonance.kpi.schemas import KpiFilter
from resonance.monitoring.models import Mention, MentionRollup
from resonance.sources.models import Source

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
TONE_INDEX = {tone: i for i, tone in enumerate(TONES)}
NO_TONE = len(TONES)


@dataclass(frozen=True)
class Frame:
    """Hourly rows: epoch seconds, language code, source, tone index (3 = none), mentions, reach."""

    hour: IntArray
    lang: IntArray
    source: IntArray
    tone: IntArray
    mentions: FloatArray
    reach: FloatArray
    langs: tuple[str, ...]

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[datetime, str, int, str | None, int, int]]) -> Frame:
        if not rows:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, empty, empty, np.zeros(0), np.zeros(0), ())
        hours, langs, sources, tones, mentions, reach = zip(*rows, strict=True)
        lang_names, lang_codes = np.unique(np.asarray(langs, dtype=object), return_inverse=True)
        return cls(
            hour=np.fromiter((int(h.timestamp()) for h in hours), np.int64, len(hours)),
            lang=lang_codes.astype(np.int64),
            source=np.asarray(sources, dtype=np.int64),
            tone=np.fromiter((TONE_INDEX.get(t or "", NO_TONE) for t in tones), np.int64),
            mentions=np.asarray(mentions, dtype=float),
            reach=np.asarray(reach, dtype=float),
            langs=tuple(str(x) for x in lang_names),
        )

    def mask(self, languages: Sequence[str], sources: set[int] | None) -> BoolArray:
        keep = np.ones(self.hour.size, dtype=bool)
        if languages:
            codes = [i for i, name in enumerate(self.langs) if name in set(languages)]
            keep &= np.isin(self.lang, codes)
        if sources is not None:
            keep &= np.isin(self.source, sorted(sources))
        return keep

    def aggregate(self, keep: BoolArray, start: datetime, end: datetime) -> WindowData:
        sel = keep & (self.hour >= int(start.timestamp())) & (self.hour < int(end.timestamp()))
        mentions = self.mentions[sel]
        tones: dict[str, FloatArray] = {}
        if mentions.size:
            langs, tone = self.lang[sel], self.tone[sel]
            labelled = tone < NO_TONE
            table = np.zeros((len(self.langs), NO_TONE))
            np.add.at(table, (langs[labelled], tone[labelled]), mentions[labelled])
            tones = {self.langs[i]: table[i] for i in np.flatnonzero(table.sum(axis=1))}
        return WindowData(
            mentions=int(mentions.sum()),
            reach=int(self.reach[sel].sum()),
            sources=int(np.unique(self.source[sel][mentions > 0]).size),
            tones=tones,
        )

    def daily(
        self, keep: BoolArray, edges: Sequence[datetime]
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Per local day (between consecutive edges): mentions, reach and tone counts (days × 3)."""
        bounds = np.asarray([int(e.timestamp()) for e in edges], dtype=np.int64)
        days = len(edges) - 1
        day = np.searchsorted(bounds, self.hour[keep], side="right") - 1
        inside = (day >= 0) & (day < days)
        day = day[inside]
        mentions, reach = self.mentions[keep][inside], self.reach[keep][inside]
        tone = self.tone[keep][inside]
        tones = np.zeros((days, NO_TONE + 1))
        np.add.at(tones, (day, tone), mentions)
        return (
            np.asarray(np.bincount(day, mentions, minlength=days), dtype=float),
            np.asarray(np.bincount(day, reach, minlength=days), dtype=float),
            tones[:, :NO_TONE],
        )

    def sources_seen(self, keep: BoolArray) -> list[int]:
        return sorted({int(s) for s in np.unique(self.source[keep & (self.mentions > 0)])})


def _epoch_seconds(session: Session, column: Any) -> ColumnElement[int]:
    """`column` as integer epoch seconds computed by the database (no per-row datetime objects)."""
    if session.get_bind().dialect.name == "sqlite":  # stored as ISO text in UTC
        return cast(func.strftime("%s", column), Integer)
    return cast(func.extract("epoch", column), BigInteger)


def load_rollups(session: Session, project_id: int, start: datetime, end: datetime) -> Frame:
    """A project's rollup rows in [start, end), read column-wise into numpy."""
    r = MentionRollup
    stmt = select(
        _epoch_seconds(session, r.hour),
        r.lang,
        r.source_id,
        func.coalesce(r.tone, ""),
        r.mentions,
        r.reach,
    ).where(r.project_id == project_id, r.hour >= start, r.hour < end)
    rows = session.connection().execute(stmt).all()  # Core: no ORM row processing
    if not rows:
        return Frame.from_rows([])
    hour, langs, sources, tones, mentions, reach = (np.asarray(c) for c in zip(*rows, strict=True))
    lang_names, lang_codes = np.unique(langs.astype(str), return_inverse=True)
    tone_names, tone_codes = np.unique(tones.astype(str), return_inverse=True)
    tone_map = np.asarray([TONE_INDEX.get(str(t), NO_TONE) for t in tone_names], dtype=np.int64)
    return Frame(
        hour=hour.astype(np.int64),
        lang=lang_codes.astype(np.int64),
        source=sources.astype(np.int64),
        tone=tone_map[tone_codes],
        mentions=mentions.astype(float),
        reach=reach.astype(float),
        langs=tuple(str(x) for x in lang_names),
    )


def load_mentions(
    session: Session, project_id: int, start: datetime, end: datetime, flt: KpiFilter
) -> Frame:
    """Mention-level rows for filters the rollups cannot answer (queries, tags)."""
    m = Mention
    tone = func.coalesce(m.tone_corrected, m.tone)
    rows = session.execute(
        select(m.published_at, m.lang, m.source_id, tone, Item.reach, m.query_ids, m.tags)
        .join(Item, Item.id == m.item_id)
        .where(m.project_id == project_id, m.published_at >= start, m.published_at < end)
    ).all()
    wanted_queries, wanted_tags = set(flt.query_ids), set(flt.tags)
    kept = [
        (at.replace(minute=0, second=0, microsecond=0), lang, sid, label, 1, reach or 0)
        for at, lang, sid, label, reach, queries, tags in rows
        if (not wanted_queries or wanted_queries & set(queries or []))
        and (not wanted_tags or wanted_tags & set(tags or []))
    ]
    return Frame.from_rows(kept)


def region_sources(session: Session, regions: Sequence[str]) -> set[int]:
    """Ids of the sources whose region is one of `regions` (case-insensitive)."""
    wanted = [r.lower() for r in regions]
    return set(session.scalars(select(Source.id).where(func.lower(Source.region).in_(wanted))))


def source_constraint(session: Session, flt: KpiFilter) -> set[int] | None:
    """The sources a filter allows (None: any); source ids and regions both apply."""
    allowed: set[int] | None = set(flt.source_ids) if flt.source_ids else None
    if flt.regions:
        in_regions = region_sources(session, flt.regions)
        allowed = in_regions if allowed is None else allowed & in_regions
    return allowed
