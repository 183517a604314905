"""Demo listening data: sources, queries, and the bundled corpus ingested through connectors."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.demo._wire import (
    CSV_DATE_FORMAT,
    CSV_ZONE,
    Corpus,
    CorpusServer,
    corpus_end,
    published,
    read_corpus,
    write_export,
)
from resonance.demo.organization import DEMO_ACTOR
from resonance.ingest.fetch import fetch_source
from resonance.ingest.models import DeadLetter, Item
from resonance.ingest.pipeline import IngestContext
from resonance.monitoring.models import Mention, MonitoringQuery, Project
from resonance.monitoring.query import compile_query
from resonance.organization.models import Unit
from resonance.sources.http import HttpClient
from resonance.sources.models import Source
from resonance.sources.services import create_source, disable_source, update_source
from resonance.storage.engine import session_scope
from resonance.storage.runtime import Database

DISABLED_REASON = (
    "demo corpus loaded; its feeds are served by a local server only while `resonance demo` runs"
)
PAGE_BUDGET = 10_000

# Named queries per project, in several languages; see docs/query-language.md.
QUERIES: dict[str, list[tuple[str, str]]] = {
    "digital-literacy": [
        ("Цифрова грамотність (uk, ru)",
         '"цифрова грамотність" OR "цифрові навички" OR "цифровая грамотность" '
         'OR "цифровые навыки" OR (курс NEAR/3 (цифровий OR цифровой))'),
        ("Digital literacy (en, fr)",
         '"digital literacy" OR "digital skills" OR "littératie numérique" '
         'OR "compétences numériques" OR (atelier NEAR/4 numérique)'),
        ("数字素养 / Kỹ năng số (zh, vi)",
         '数字素养 OR 数字技能 OR "kỹ năng số" OR (lang:vi "phổ cập")'),
    ],
    "e-services": [
        ("Електронні послуги (uk, ru)",
         '"електронні послуги" OR "электронные услуги" OR госуслуг* '
         "OR (портал NEAR/3 (послуга OR услуга))"),
        ("Online public services (en, fr, vi)",
         '"e-services" OR "online services" OR "services publics en ligne" '
         'OR "démarches en ligne" OR "dịch vụ công trực tuyến" -lang:zh'),
        ("政务服务 (zh)", "lang:zh (政务服务 OR 一网通办 OR 电子政务)"),
        ("False claim: paid e-services",
         "(платними OR платными OR paid OR payantes OR 收费 OR phí) NEAR/6 "
         '(послуги OR услуги OR "e-services" OR "démarches" OR 服务 OR "dịch vụ")'),
    ],
    "open-data": [
        ("Відкриті дані (uk, ru)",
         '"відкриті дані" OR "открытые данные" OR "набори даних" OR "наборы данных"'),
        ("Open data (en, fr, vi, zh)",
         '"open data" OR "données ouvertes" OR "dữ liệu mở" OR 开放数据 OR 公共数据'),
        ("Draft open-data law",
         '("open data" OR "données ouvertes" OR "відкриті дані" OR "открытые данные" '
         'OR "dữ liệu mở" OR 开放数据) NEAR/8 (law OR loi OR закон OR законопроєкт '
         "OR законопроект OR luật OR 条例)"),
        ("Open data in Kazakhstan", 'country:kz ("открытые данные" OR реестр*)'),
    ],
}  # fmt: skip


@dataclass(frozen=True)
class ListeningSummary:
    """What the demo listening data holds after a load, and what this load added."""

    sources: int
    items: int
    mentions: int
    dead_letters: int
    new_items: int
    seconds: float

    def line(self) -> str:
        return (
            f"Demo listening data: {self.items} items, {self.mentions} mentions, "
            f"{self.sources} sources ({self.new_items} items new, {self.seconds:.1f} s)."
        )


def _unit_id(session: Session, name: str) -> int:
    unit_id = session.scalar(select(Unit.id).where(Unit.name == name))
    if unit_id is None:
        raise LookupError(f"demo unit {name!r} is missing; load the demo organisation first")
    return unit_id


def _find_source(session: Session, spec: dict[str, Any]) -> Source | None:
    return session.scalar(
        select(Source).where(
            Source.name == spec["name"], Source.owner_unit_id == _unit_id(session, spec["unit"])
        )
    )


def _connector(spec: dict[str, Any], base: str, export: Path) -> tuple[str, dict[str, Any]]:
    options, lang = spec.get("options") or {}, next(iter(spec["langs"]))
    lang = "zh" if lang.startswith("zh") else lang
    kind = spec["kind"]
    if kind == "rss":
        return "rss", {"url": f"{base}/rss/{spec['key']}.xml", "max_items": 5000}
    if kind == "telegram":
        return "telegram", {"channel": options["channel"], "base_url": base, "language": lang,
                            "max_pages": 100, "backfill_pages": 500}  # fmt: skip
    if kind == "mastodon":
        return "mastodon", {"base_url": base, "mode": "hashtag", "tag": options["tag"],
                            "max_pages": 100, "backfill_pages": 100}  # fmt: skip
    if kind == "bluesky":
        return "bluesky", {"base_url": base, "mode": "search", "query": options["query"],
                           "max_pages": 100, "backfill_pages": 100}  # fmt: skip
    profile = {
        "format": "csv", "timezone": CSV_ZONE, "date_format": CSV_DATE_FORMAT,
        "columns": {"text": "text", "id": "id", "url": "url", "author": "author",
                    "published": "published", "language": "language", "title": "title",
                    "engagement": {"likes": "likes", "reposts": "reposts", "replies": "replies"}},
    }  # fmt: skip
    return "fileimport", {"path": str(export), "profile": profile}


def _pending_sources(
    session: Session, corpus: Corpus, base: str, export: Path
) -> tuple[list[int], list[int]]:
    """Create missing demo sources; (sources to fetch now, every demo source id)."""
    pending, every = [], []
    for spec in corpus.sources:
        connector, config = _connector(spec, base, export)
        source = _find_source(session, spec)
        if source is None:
            source = create_source(
                session, DEMO_ACTOR, name=spec["name"], connector=connector, config=config,
                owner_unit_id=_unit_id(session, spec["unit"]), country=spec.get("country"),
                region=spec.get("region"), interval_seconds=3600, jitter_seconds=300,
            )  # fmt: skip
            pending.append(source.id)
        elif source.enabled:  # an interrupted load: point it at this run's server and finish
            update_source(session, DEMO_ACTOR, source.id, config=config)
            pending.append(source.id)
        every.append(source.id)
    return pending, every


def _ensure_queries(session: Session) -> None:
    for slug, queries in QUERIES.items():
        project_id = session.scalar(select(Project.id).where(Project.slug == slug))
        if project_id is None:
            raise LookupError(f"demo project {slug!r} is missing")
        for name, text in queries:
            exists = session.scalar(
                select(MonitoringQuery.id).where(
                    MonitoringQuery.project_id == project_id, MonitoringQuery.name == name
                )
            )
            if exists is None:
                compile_query(text)  # a typo here should fail the demo, not skip the query
                session.add(MonitoringQuery(project_id=project_id, name=name, text=text))
    session.flush()


def _anchor(session: Session, corpus: Corpus, now: datetime) -> datetime:
    """When the corpus was first loaded: an interrupted load resumes with the same dates."""
    names = [s["name"] for s in corpus.sources]
    first: datetime | None = session.scalar(
        select(func.min(Source.created_at)).where(Source.name.in_(names))
    )
    return min(first, now) if first is not None else now


def _summary(
    session: Session, source_ids: list[int], new_items: int, started: float
) -> ListeningSummary:
    def count(column: Any, model: Any) -> int:
        return int(
            session.scalar(select(func.count(column)).where(model.source_id.in_(source_ids))) or 0
        )

    return ListeningSummary(
        sources=len(source_ids),
        items=count(Item.id, Item),
        mentions=count(Mention.id, Mention),
        dead_letters=count(DeadLetter.id, DeadLetter),
        new_items=new_items,
        seconds=time.perf_counter() - started,
    )


def load_demo_listening(
    db: Database,
    *,
    var_dir: Path,
    context: IngestContext,
    sample: int = 1,
    corpus_dir: Path | None = None,
) -> ListeningSummary:
    """Create the demo sources and queries, then ingest the corpus through the real connectors.

    RSS, Telegram, Mastodon and Bluesky are served over HTTP by a local server for the duration
    of the load; the CSV export is written under `var_dir` and imported from there. Each source
    is disabled once loaded (its server is gone), so running this again adds nothing.
    `sample` > 1 loads every n-th item (tests).
    """
    started = time.perf_counter()
    corpus = read_corpus(corpus_dir, sample=sample) if corpus_dir else read_corpus(sample=sample)
    export = var_dir / "demo-corpus" / "media-monitoring-export.csv"
    with session_scope(db.sessions) as session:
        anchor = _anchor(session, corpus, context.clock())
    end = corpus_end(corpus.meta, anchor)
    new_items = 0
    with CorpusServer(corpus, end=end, cutoff=anchor) as server:
        with session_scope(db.sessions) as session:
            _ensure_queries(session)
            pending, every = _pending_sources(session, corpus, server.base_url, export)
        if pending:
            write_export(
                export, [i for i in corpus.of("export") if published(i, end) <= anchor], end
            )
        with HttpClient(min_interval=0.0, max_per_host=4) as http:
            for source_id in pending:
                report = fetch_source(
                    db, source_id=source_id, context=context, http=http, page_budget=PAGE_BUDGET
                )
                new_items += report.totals.new
                with session_scope(db.sessions) as session:
                    disable_source(session, DEMO_ACTOR, source_id, reason=DISABLED_REASON)
    with session_scope(db.sessions) as session:
        return _summary(session, every, new_items, started)
