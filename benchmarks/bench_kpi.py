"""KPI evaluation: 1,000 KPIs over a realistic rollup table (target: all in under 5 s)."""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from resonance.kpi import Kpi, create_kpi, evaluate_kpis
from resonance.monitoring.models import MentionRollup
from resonance.monitoring.services import create_project
from resonance.organization.access import Actor
from resonance.organization.models import UnitKind
from resonance.organization.services import create_unit
from resonance.sources.models import Source, SourceRun
from resonance.storage.engine import create_db_engine
from resonance.storage.schema import upgrade_to_head

TARGET_S = 5.0
SYSTEM = Actor.system("bench")
AS_OF = datetime(2024, 3, 20, 10, 30, tzinfo=UTC)
LANGS = ("uk", "ru", "en", "fr", "vi", "zh")
TONES = ("negative", "neutral", "positive", "none")
METRICS: list[tuple[str, str, float]] = [
    ("mention_count", ">=", 500),
    ("positive_share", ">=", 0.5),
    ("negative_share", "<=", 0.2),
    ("net_tone", ">=", 0.1),
    ("unique_sources", ">=", 5),
    ("reach", ">=", 10_000),
    ("share_of_voice", ">=", 0.4),
]
WINDOWS: list[tuple[str, int | None]] = [
    ("day", None),
    ("week", None),
    ("month", None),
    ("rolling", 28),
]


def build(session: Session, *, projects: int, sources: int, days: int, seed: int) -> int:
    """Units in two time zones, projects, sources with hourly runs, hourly rollups; rows made."""
    rng = random.Random(seed)
    root = create_unit(
        session,
        SYSTEM,
        name="Ministry",
        kind=UnitKind.MINISTRY,
        timezone="Europe/Kyiv",
        country="UA",
    )
    units = [
        root,
        create_unit(
            session,
            SYSTEM,
            name="Hanoi office",
            kind=UnitKind.OFFICE,
            parent_id=root.id,
            timezone="Asia/Ho_Chi_Minh",
            country="VN",
        ),
    ]
    made = []
    for i in range(sources):
        src = Source(
            name=f"source {i}",
            connector="rss",
            owner_unit_id=root.id,
            region=rng.choice(["Kyiv", "Lviv", "Odesa"]),
            interval_seconds=3600,
        )
        session.add(src)
        made.append(src)
    session.flush()
    start = AS_OF - timedelta(days=days)
    runs = [
        {
            "source_id": s.id,
            "started_at": start + timedelta(hours=h),
            "ok": rng.random() > 0.02,
            "items_new": 3,
        }
        for s in made
        for h in range(days * 24)
    ]
    session.execute(insert(SourceRun), runs)
    for s in made:
        s.created_at = start - timedelta(days=1)
    rows = 0
    for p in range(projects):
        project = create_project(
            session,
            SYSTEM,
            slug=f"reform-{p}",
            names={"en": f"Reform {p}"},
            owner_unit_id=units[p % 2].id,
        )
        mine = rng.sample(made, 8)
        values: list[dict[str, Any]] = []
        base = rng.uniform(2, 30)
        for h in range(days * 24):
            hour = start + timedelta(hours=h)
            values.extend(
                {
                    "project_id": project.id,
                    "hour": hour,
                    "lang": rng.choice(LANGS[:4]),
                    "source_id": rng.choice(mine).id,
                    "tone": rng.choice(TONES),
                    "mentions": max(1, int(rng.expovariate(1 / base))),
                    "reach": rng.randint(0, 5000),
                }
                for _ in range(rng.randint(2, 10))
            )
        seen = {(v["hour"], v["lang"], v["source_id"], v["tone"]) for v in values}
        unique = {(v["hour"], v["lang"], v["source_id"], v["tone"]): v for v in values}
        session.execute(insert(MentionRollup), list(unique.values()))
        rows += len(seen)
    session.flush()
    return rows


def make_kpis(session: Session, n: int, projects: int, seed: int) -> None:
    rng = random.Random(seed)
    project_ids = list(range(1, projects + 1))
    sources = list(session.scalars(select(Source.id)))
    for i in range(n):
        metric, comparator, target = METRICS[i % len(METRICS)]
        window, days = WINDOWS[(i // len(METRICS)) % len(WINDOWS)]
        pid = rng.choice(project_ids)
        flt: dict[str, Any] = {}
        roll = rng.random()
        if roll < 0.2:
            flt["languages"] = [rng.choice(LANGS[:4])]
        elif roll < 0.3:
            flt["regions"] = [rng.choice(["Kyiv", "Lviv"])]
        elif roll < 0.4:
            flt["source_ids"] = rng.sample(sources, 3)
        if metric == "share_of_voice":
            flt["versus_project_id"] = rng.choice([p for p in project_ids if p != pid])
        deadline = date(2024, 3, 20) + timedelta(days=rng.randint(10, 120)) if i % 3 else None
        create_kpi(
            session,
            SYSTEM,
            name=f"KPI {i}",
            project_id=pid,
            owner_unit_id=1 + (pid + 1) % 2,
            metric=metric,
            window=window,
            window_days=days,
            comparator=comparator,
            target=target,
            filter=flt,
            baseline_on=date(2024, 2, 1) if deadline else None,
            deadline_on=deadline,
        )
    session.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--days", type=int, default=70)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_db_engine(args.url or f"sqlite:///{tmp}/bench.db")
        upgrade_to_head(engine)
        with Session(engine) as session:
            t0 = time.perf_counter()
            rows = build(
                session, projects=args.projects, sources=args.sources, days=args.days, seed=1
            )
            make_kpis(session, args.kpis, args.projects, seed=2)
            session.commit()
            setup = time.perf_counter() - t0
        with Session(engine) as session:
            kpis = session.scalars(
                select(Kpi).options(selectinload(Kpi.versions), selectinload(Kpi.owner_unit))
            ).all()
            t0, c0 = time.perf_counter(), time.process_time()
            results = evaluate_kpis(session, kpis, as_of=AS_OF)
            elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        engine.dispose()
    states: dict[str, int] = {}
    for r in results:
        states[f"{r.state}/{r.status}"] = states.get(f"{r.state}/{r.status}", 0) + 1
    print(f"backend {engine.dialect.name}; rollup rows {rows:,}; setup {setup:.1f} s")
    print(f"outcomes: {dict(sorted(states.items()))}")
    print(f"{'measure':<34}{'measured':>12}{'target':>12}")
    print(f"{f'evaluate {len(kpis):,} KPIs':<34}{elapsed:>10.2f} s{f'< {TARGET_S:g} s':>12}")
    print(f"{'  of which CPU of this process':<34}{cpu:>10.2f} s{'':>12}")
    print(f"{'per KPI':<34}{1000 * elapsed / len(kpis):>9.2f} ms{'< 5 ms':>12}")
    print(f"{'verdict':<34}{'PASS' if elapsed < TARGET_S else 'FAIL':>12}")


if __name__ == "__main__":
    main()
