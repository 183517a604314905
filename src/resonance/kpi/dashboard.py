"""Read model of dashboards: KPI tiles, mentions per day, tone by language, sources, stories."""

from __future__ import annotations

import importlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import desc, func, select
from sqlalchemy.orm import Session

from resonance.errors import Invalid
from resonance.ingest.models import Item
from resonance.kpi._series import DayValue, day_edges, kpi_daily_values
from resonance.kpi._window import floor_hour
from resonance.kpi._window import zone as parse_zone
from resonance.kpi.evaluation import Confusion, Evaluation, default_confusion, evaluate_kpis
from resonance.kpi.metrics import MetricRegistry, default_registry
from resonance.kpi.models import Kpi
from resonance.kpi.queries import access_kpi_for, list_kpis
from resonance.monitoring.models import Mention, MentionRollup, Project
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor
from resonance.sources.models import Source

DAYS = 28
TOP = 8
CLUSTER_DAYS = 7
CLUSTER_SAMPLE = 2_000  # stories are counted among the newest mentions only: a bounded read
FRESH_DAYS = 2  # rollup changes in this span invalidate the cache at once; older ones hourly
TONE_KEYS = ("negative", "neutral", "positive", "none")
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[Any, ...], _Rollups] = OrderedDict()


@dataclass(frozen=True)
class Tile:
    """A KPI as a dashboard tile: its evaluation and the metric per full day."""

    kpi: Kpi
    evaluation: Evaluation
    days: list[DayValue] | None


@dataclass(frozen=True)
class ToneDay:
    day: date
    start: datetime
    end: datetime
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class LanguageTone:
    lang: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class SourceRow:
    source_id: int
    name: str
    mentions: int
    reach: int


@dataclass(frozen=True)
class StoryRow:
    cluster_key: str
    mentions: int
    title: str


@dataclass(frozen=True)
class AlertRow:
    id: int
    kind: str
    severity: str
    status: str
    subject: str
    last_seen_at: datetime


@dataclass(frozen=True)
class _Rollups:
    """What the dashboard reads from rollups and evaluations: cached per data version."""

    evaluations: list[Evaluation]
    kpi_days: list[list[DayValue] | None]
    days: list[ToneDay]
    languages: list[LanguageTone]
    sources: list[SourceRow]
    stories: list[StoryRow]


@dataclass(frozen=True)
class Dashboard:
    """A project's dashboard at `as_of`, in the project owner's time zone."""

    project: Project
    as_of: datetime
    timezone: str
    first_day: date
    last_day: date
    start: datetime
    end: datetime
    tiles: list[Tile]
    days: list[ToneDay]
    languages: list[LanguageTone]
    sources: list[SourceRow]
    stories: list[StoryRow]
    alerts: list[AlertRow] | None  # None: the alerts package is not installed


def _zone(name: str) -> ZoneInfo:
    try:
        return parse_zone(name)
    except Invalid:
        return ZoneInfo("UTC")


def full_days(as_of: datetime, tz: ZoneInfo, count: int) -> list[date]:
    """The `count` full local days before the day of `as_of`."""
    today = as_of.astimezone(tz).date()
    return [today - timedelta(days=count - i) for i in range(count)]


def tone_per_day(
    session: Session, project_id: int, days: Sequence[date], tz: ZoneInfo
) -> list[ToneDay]:
    """Mentions per local day and tone, from the hourly rollups."""
    edges = day_edges(days, tz)
    r = MentionRollup
    rows = session.execute(
        select(r.hour, r.tone, func.sum(r.mentions))
        .where(r.project_id == project_id, r.hour >= edges[0], r.hour < edges[-1])
        .group_by(r.hour, r.tone)
    )
    counts = [dict.fromkeys(TONE_KEYS, 0) for _ in days]
    hours = [int(e.timestamp()) for e in edges]
    for hour, tone, mentions in rows:
        i = _index(hours, int(hour.timestamp()))
        if 0 <= i < len(days):
            key = tone if tone in counts[i] else "none"
            counts[i][key] += int(mentions or 0)
    return [ToneDay(d, edges[i], edges[i + 1], counts[i]) for i, d in enumerate(days)]


def _index(bounds: list[int], at: int) -> int:
    import bisect

    return bisect.bisect_right(bounds, at) - 1


def tone_by_language(
    session: Session, project_id: int, start: datetime, end: datetime
) -> list[LanguageTone]:
    r = MentionRollup
    rows = session.execute(
        select(r.lang, r.tone, func.sum(r.mentions))
        .where(r.project_id == project_id, r.hour >= start, r.hour < end)
        .group_by(r.lang, r.tone)
    )
    table: dict[str, dict[str, int]] = {}
    for lang, tone, mentions in rows:
        counts = table.setdefault(lang, dict.fromkeys(TONE_KEYS, 0))
        counts[tone if tone in counts else "none"] += int(mentions or 0)
    found = [LanguageTone(lang, counts) for lang, counts in table.items()]
    return sorted(found, key=lambda x: (-x.total, x.lang))


def top_sources(
    session: Session, project_id: int, start: datetime, end: datetime, limit: int = TOP
) -> list[SourceRow]:
    r = MentionRollup
    total = func.sum(r.mentions)
    grouped = (
        select(r.source_id, total.label("mentions"), func.sum(r.reach).label("reach"))
        .where(r.project_id == project_id, r.hour >= start, r.hour < end)
        .group_by(r.source_id)
        .order_by(desc("mentions"), r.source_id)
        .limit(limit)
        .subquery()
    )
    rows = session.execute(
        select(grouped.c.source_id, Source.name, grouped.c.mentions, grouped.c.reach)
        .join(Source, Source.id == grouped.c.source_id)
        .order_by(desc(grouped.c.mentions), grouped.c.source_id)
    )
    return [SourceRow(int(s), str(n), int(m or 0), int(x or 0)) for s, n, m, x in rows]


def top_stories(session: Session, project_id: int, end: datetime, limit: int = 5) -> list[StoryRow]:
    """Reprint clusters among the newest CLUSTER_SAMPLE mentions of the last CLUSTER_DAYS."""
    newest = (
        select(Mention.item_id)
        .where(
            Mention.project_id == project_id,
            Mention.published_at >= end - timedelta(days=CLUSTER_DAYS),
            Mention.published_at < end,
        )
        .order_by(Mention.published_at.desc())
        .limit(CLUSTER_SAMPLE)
        .subquery()
    )
    count = func.count()
    rows = session.execute(
        select(Item.cluster_key, count, func.max(Item.title))
        .join(newest, newest.c.item_id == Item.id)
        .where(Item.cluster_key.is_not(None))
        .group_by(Item.cluster_key)
        .having(count > 1)
        .order_by(count.desc(), Item.cluster_key)
        .limit(limit)
    )
    return [StoryRow(str(key), int(n), str(title or "")) for key, n, title in rows]


def latest_alerts(
    session: Session, actor: Actor, project_id: int, limit: int = 5
) -> list[AlertRow] | None:
    """The project's newest alerts, when the alerts package is installed (else None)."""
    try:
        queries = importlib.import_module("resonance.alerts.queries")
    except ModuleNotFoundError:
        return None
    alert_model = importlib.import_module("resonance.alerts.models").Alert
    stmt = queries.alerts_query(actor, project_id=project_id)
    stmt = stmt.order_by(None).order_by(alert_model.last_seen_at.desc()).limit(limit)
    return [
        AlertRow(a.id, str(a.kind), str(a.severity), str(a.status), a.subject or "", a.last_seen_at)
        for a in session.scalars(stmt)
    ]


def _watermark(session: Session, project_id: int, cut: datetime) -> tuple[Any, ...]:
    """Cheap: recent rollups change the key at once; older late data waits for the next hour."""
    r = MentionRollup
    row = session.execute(
        select(func.count(), func.sum(r.mentions), func.max(r.hour)).where(
            r.project_id == project_id, r.hour >= cut - timedelta(days=FRESH_DAYS)
        )
    ).one()
    return (int(row[0] or 0), int(row[1] or 0), str(row[2]))


def _key(session: Session, project: Project, kpis: Sequence[Kpi], cut: datetime) -> tuple[Any, ...]:
    versions = tuple((k.id, k.current.id, str(k.current.created_at)) for k in kpis)
    engine = str(session.get_bind().engine.url)
    stamp = (project.id, str(project.created_at), project.owner_unit.timezone)
    return (engine, stamp, cut, versions, _watermark(session, project.id, cut))


def _read(
    session: Session,
    project: Project,
    kpis: Sequence[Kpi],
    as_of: datetime,
    registry: MetricRegistry,
    confusion: Confusion,
) -> _Rollups:
    tz = _zone(project.owner_unit.timezone)
    days = full_days(as_of, tz, DAYS)
    evaluations = evaluate_kpis(session, kpis, as_of=as_of, registry=registry, confusion=confusion)
    kpi_days = []
    for kpi in kpis:
        metric = registry.get(kpi.current.metric) if kpi.current.metric in registry else None
        kpi_tz = _zone(kpi.owner_unit.timezone)
        kpi_days.append(
            None
            if metric is None
            else kpi_daily_values(
                session,
                kpi.project_id,
                kpi.current,
                metric,
                full_days(as_of, kpi_tz, DAYS),
                kpi_tz,
                confusion,
            )
        )
    series = tone_per_day(session, project.id, days, tz)
    start, end = series[0].start, series[-1].end
    return _Rollups(
        evaluations=evaluations,
        kpi_days=kpi_days,
        days=series,
        languages=tone_by_language(session, project.id, start, end),
        sources=top_sources(session, project.id, start, end),
        stories=top_stories(session, project.id, floor_hour(as_of)),
    )


def project_dashboard(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    as_of: datetime,
    registry: MetricRegistry | None = None,
    confusion: Confusion | None = None,
) -> Dashboard:
    """Everything the project dashboard shows; reads rollups only (and the newest mentions)."""
    project = access_project_for(session, actor, project_id)
    kpis = list_kpis(session, actor, project_id=project.id)
    registry = registry or default_registry()
    confusion = default_confusion() if confusion is None else confusion
    key = _key(session, project, kpis, floor_hour(as_of))
    data = _cache.get(key)
    if data is None:
        data = _read(session, project, kpis, as_of, registry, confusion)
        _cache[key] = data
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    else:
        _cache.move_to_end(key)
    tiles = [Tile(k, e, d) for k, e, d in zip(kpis, data.evaluations, data.kpi_days, strict=True)]
    return Dashboard(
        project=project,
        as_of=as_of,
        timezone=project.owner_unit.timezone,
        first_day=data.days[0].day,
        last_day=data.days[-1].day,
        start=data.days[0].start,
        end=data.days[-1].end,
        tiles=tiles,
        days=data.days,
        languages=data.languages,
        sources=data.sources,
        stories=data.stories,
        alerts=latest_alerts(session, actor, project.id),
    )


def kpi_tile(
    session: Session, actor: Actor, kpi_id: int, *, as_of: datetime, days: int = DAYS
) -> Tile:
    """One KPI with its evaluation and daily values (the KPI page)."""
    kpi = access_kpi_for(session, actor, kpi_id)
    registry = default_registry()
    confusion = default_confusion()
    evaluation = evaluate_kpis(session, [kpi], as_of=as_of, registry=registry, confusion=confusion)
    metric = registry.get(kpi.current.metric) if kpi.current.metric in registry else None
    tz = _zone(kpi.owner_unit.timezone)
    values = None
    if metric is not None:
        values = kpi_daily_values(
            session,
            kpi.project_id,
            kpi.current,
            metric,
            full_days(as_of, tz, days),
            tz,
            confusion,
        )
    return Tile(kpi, evaluation[0], values)


@dataclass(frozen=True)
class ProjectKpis:
    project: Project
    tiles: list[Tile]


def kpi_overview(
    session: Session, actor: Actor, *, as_of: datetime, owner_unit_id: int | None = None
) -> list[ProjectKpis]:
    """Every visible KPI, evaluated in one batch and grouped by project (no sparklines)."""
    kpis = list_kpis(session, actor, owner_unit_id=owner_unit_id)
    evaluations = evaluate_kpis(session, kpis, as_of=as_of)
    grouped: dict[int, ProjectKpis] = {}
    for kpi, evaluation in zip(kpis, evaluations, strict=True):
        entry = grouped.setdefault(kpi.project_id, ProjectKpis(kpi.project, []))
        entry.tiles.append(Tile(kpi, evaluation, None))
    return list(grouped.values())


def clear_cache() -> None:
    _cache.clear()
