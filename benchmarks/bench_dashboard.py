"""Dashboard latency: page and API p95 for a project with 10M mentions' worth of hourly rollups."""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlalchemy.orm import Session

from resonance.auth.services import create_token
from resonance.config import Settings
from resonance.kpi import create_kpi
from resonance.kpi.dashboard import clear_cache
from resonance.monitoring.models import MentionRollup
from resonance.monitoring.services import create_project
from resonance.organization.access import Actor
from resonance.organization.models import Role, UnitKind
from resonance.organization.services import create_unit, create_user, grant_role
from resonance.sources.models import Source, SourceRun
from resonance.storage.engine import create_db_engine
from resonance.storage.runtime import Database
from resonance.storage.schema import upgrade_to_head
from resonance.web.app import create_app

TARGET_MS = 200.0
SYSTEM = Actor.system("bench")
LANGS = ("uk", "ru", "en", "fr", "vi", "zh")
TONES = ("negative", "neutral", "positive", "none")
KPIS: list[dict[str, Any]] = [
    {"metric": "mention_count", "window": "day", "comparator": ">=", "target": 4000},
    {"metric": "positive_share", "window": "week", "comparator": ">=", "target": 0.3},
    {
        "metric": "negative_share",
        "window": "rolling",
        "window_days": 14,
        "comparator": "<=",
        "target": 0.25,
        "filter": {"languages": ["uk", "ru"]},
    },
    {"metric": "unique_sources", "window": "month", "comparator": ">=", "target": 20},
    {"metric": "net_tone", "window": "week", "comparator": ">=", "target": 0.0},
]


def build(
    session: Session, *, mentions: int, days: int, sources: int, seed: int
) -> tuple[int, int, str]:
    """One project, hourly runs, rollup rows adding up to `mentions`; (project id, rows, token)."""
    rng = random.Random(seed)
    unit = create_unit(
        session, SYSTEM, name="Ministry", kind=UnitKind.MINISTRY, timezone="Europe/Kyiv"
    )
    user = create_user(
        session,
        SYSTEM,
        email="bench@example.org",
        display_name="Bench",
        password="bench-password-1",  # noqa: S106
    )
    grant_role(session, SYSTEM, user_id=user.id, unit_id=unit.id, role=Role.VIEWER)
    project = create_project(
        session, SYSTEM, slug="reform", names={"en": "Reform"}, owner_unit_id=unit.id
    )
    made = [
        Source(name=f"source {i}", connector="rss", owner_unit_id=unit.id, interval_seconds=3600)
        for i in range(sources)
    ]
    session.add_all(made)
    session.flush()
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(days=days)
    hours = days * 24
    session.execute(
        insert(SourceRun),
        [
            {
                "source_id": s.id,
                "started_at": start + timedelta(hours=h),
                "ok": True,
                "items_new": 1,
            }
            for s in made
            for h in range(hours)
        ],
    )
    for s in made:
        s.created_at = start - timedelta(days=1)
    per_hour = mentions / hours
    rows = 0
    for h in range(hours):
        combos = rng.sample([(la, s.id, t) for la in LANGS for s in made for t in TONES], 120)
        weights = [rng.random() for _ in combos]
        total = sum(weights)
        batch = [
            {
                "project_id": project.id,
                "hour": start + timedelta(hours=h),
                "lang": la,
                "source_id": sid,
                "tone": t,
                "mentions": max(1, round(per_hour * w / total)),
                "reach": rng.randint(0, 50_000),
            }
            for (la, sid, t), w in zip(combos, weights, strict=True)
        ]
        session.execute(insert(MentionRollup), batch)
        rows += len(batch)
    for i, spec in enumerate(KPIS):
        create_kpi(
            session, SYSTEM, name=f"KPI {i}", project_id=project.id, owner_unit_id=unit.id, **spec
        )
    token, _ = create_token(session, SYSTEM, user_id=user.id, name="bench")
    session.commit()
    return project.id, rows, token


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def measure(client: TestClient, url: str, token: str, runs: int) -> tuple[float, float]:
    """(cold ms: first request with an empty cache, warm p95 ms over `runs` requests)."""
    headers = {"Authorization": f"Bearer {token}"}
    clear_cache()
    t0 = time.perf_counter()
    assert client.get(url, headers=headers).status_code == 200
    cold = (time.perf_counter() - t0) * 1000
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url, headers=headers)
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.text[:500]
    return cold, p95(samples)


def run(backend: str, url: str, args: argparse.Namespace, var_dir: Path) -> list[tuple[str, ...]]:
    engine = create_db_engine(url)
    upgrade_to_head(engine)
    db = Database.from_engine(engine)
    t0 = time.perf_counter()
    with db.sessions() as session:
        project_id, rows, token = build(
            session, mentions=args.mentions, days=args.days, sources=args.sources, seed=args.seed
        )
    built = time.perf_counter() - t0
    print(f"{backend}: {rows:,} rollup rows for {args.mentions:,} mentions in {built:.1f} s")
    settings = Settings(var_dir=var_dir, secret_key="bench")  # noqa: S106
    app = create_app(settings, db=db)
    client = TestClient(app)
    out: list[tuple[str, ...]] = []
    for name, path in (
        ("dashboard page", f"/projects/{project_id}/dashboard"),
        ("dashboard API", f"/api/v1/projects/{project_id}/dashboard"),
    ):
        cold, warm = measure(client, path, token, args.runs)
        out.append(
            (
                backend,
                name,
                f"{cold:,.0f}",
                f"{warm:,.0f}",
                f"< {TARGET_MS:.0f}",
                "yes" if warm < TARGET_MS else "NO",
            )
        )
    engine.dispose()
    return out


def _postgres() -> str | None:
    try:
        with psycopg.connect(
            host="127.0.0.1", dbname="postgres", user="postgres", autocommit=True, connect_timeout=2
        ) as conn:
            conn.execute("DROP DATABASE IF EXISTS resonance_bench_dashboard WITH (FORCE)")
            conn.execute("CREATE DATABASE resonance_bench_dashboard")
    except psycopg.Error:
        return None
    return "postgresql+psycopg://postgres@127.0.0.1/resonance_bench_dashboard"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentions", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--sources", type=int, default=30)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += run("sqlite", f"sqlite:///{tmp}/bench.db", args, Path(tmp))
        pg = _postgres()
        if pg:
            rows += run("postgresql", pg, args, Path(tmp))
        else:
            print("PostgreSQL not reachable: skipped")
    header = ("backend", "endpoint", "cold ms", "warm p95 ms", "target", "met")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    main()
