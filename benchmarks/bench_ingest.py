"""End-to-end ingest throughput: six languages, 1,000 project queries, SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import socket
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resonance.ingest import BatchReport, IngestContext, ingest_batch
from resonance.monitoring.models import MonitoringQuery, Project
from resonance.organization.models import Unit, UnitKind
from resonance.sources.base import TEXT_PLAIN, RawItem
from resonance.sources.models import Source
from resonance.storage.engine import create_db_engine, make_session_factory, session_scope
from resonance.storage.schema import upgrade_to_head

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "tone-dev.jsonl"
TARGET_ITEMS_PER_S = 2_000
TARGET_RSS_MB = 1_536
BATCH = 500
START = datetime(2024, 3, 1, tzinfo=UTC)
_WORD = re.compile(r"[^\W\d_]{4,}")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts() -> list[dict[str, str]]:
    with EVAL.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def make_items(rows: list[dict[str, str]], n: int, rng: random.Random) -> list[tuple[str, RawItem]]:
    """`n` items cycling through the shuffled corpus, arriving in time order over a week.

    Later cycles get a suffix (edited reposts). Dates advance with the stream, as in a real
    fetch, with up to two hours of lag, so each batch touches a few hours of rollups.
    """
    rows = rows[:]
    rng.shuffle(rows)
    items = []
    step = 7 * 86400 / max(1, n)
    for i in range(n):
        row = rows[i % len(rows)]
        text = row["text"] if i < len(rows) else f"{row['text']} ({i // len(rows)})"
        published = START + timedelta(seconds=i * step - rng.randint(0, 7200))
        item = RawItem(
            external_id=f"bench-{i}",
            url=f"https://news.example/{row['lang']}/{i}",
            title=None,
            text=text,
            content_type=TEXT_PLAIN,
            author=f"@author{rng.randint(1, 5000)}",
            published_at=published,
            published_raw=published.isoformat(),
            language_hint=None,
            engagement={"views": rng.randint(0, 10_000)},
            payload=json.dumps({"id": i, "text": text}, ensure_ascii=False).encode(),
        )
        items.append((row["lang"], item))
    return items


def make_queries(rows: list[dict[str, str]], n: int, rng: random.Random) -> list[str]:
    """Boolean queries over frequent words of each language: terms, AND, OR, phrases, NEAR."""
    by_lang: dict[str, Counter[str]] = {}
    for row in rows:
        words = _WORD.findall(row["text"].lower()) if row["lang"] != "zh" else []
        if row["lang"] == "zh":
            han = re.sub(r"[^\u4e00-\u9fff]", "", row["text"])
            words = [han[i : i + 2] for i in range(0, len(han) - 1, 2)]
        by_lang.setdefault(row["lang"], Counter()).update(words)
    pools = {lang: [w for w, _ in c.most_common(400)[20:]] for lang, c in by_lang.items()}
    shapes = ["{a}", "{a} AND {b}", "{a} OR {b}", '"{a} {b}"', "{a} NEAR/5 {b}", "{a} -{b}"]
    queries = []
    langs = sorted(pools)
    for i in range(n):
        pool = pools[langs[i % len(langs)]]
        a, b = rng.sample(pool, 2)
        queries.append(rng.choice(shapes).format(a=a, b=b))
    return queries


def setup(url: str, queries: list[str]) -> tuple[object, list[int]]:
    engine = create_db_engine(url)
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        unit = Unit(name="Bench ministry", kind=UnitKind.MINISTRY, path="/", country="UA",
                    timezone="Europe/Kyiv")  # fmt: skip
        session.add(unit)
        session.flush()
        unit.path = f"/{unit.id}/"
        projects = []
        for p in range(50):
            project = Project(slug=f"bench-{p}", names={"en": f"Bench {p}"},
                              owner_unit_id=unit.id)  # fmt: skip
            session.add(project)
            projects.append(project)
        session.flush()
        for i, text in enumerate(queries):
            session.add(MonitoringQuery(project_id=projects[i % 50].id, name=f"q{i}", text=text))
        sources = [Source(name=f"feed-{s}", connector="rss", config={}, owner_unit_id=unit.id,
                          country="UA") for s in range(6)]  # fmt: skip
        session.add_all(sources)
        session.flush()
        source_ids = [s.id for s in sources]
    return sessions, source_ids


def run(
    url: str, items: list[tuple[str, RawItem]], queries: list[str]
) -> tuple[float, float, BatchReport]:
    """Wall seconds, CPU seconds of this process (the database server's excluded), report."""
    sessions, source_ids = setup(url, queries)
    context = IngestContext(secret="bench-secret")  # noqa: S106 - a throwaway benchmark key
    total = BatchReport()
    started, started_cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(items), BATCH):
        chunk = [item for _lang, item in items[start : start + BATCH]]
        with session_scope(sessions) as session:  # type: ignore[arg-type]
            source = session.get(Source, source_ids[(start // BATCH) % len(source_ids)])
            assert source is not None
            total.add(ingest_batch(session, source=source, items=chunk, context=context))
    return time.perf_counter() - started, time.process_time() - started_cpu, total


def pg_url() -> str | None:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return None
    import psycopg

    name = f"resonance_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(host="127.0.0.1", dbname="test", user="postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def print_table(name: str, seconds: float, cpu: float, report: BatchReport, n: int) -> None:
    rate = n / seconds
    print(f"\n{name}: {n} items in {seconds:.1f} s (CPU {cpu:.1f} s), {report.mentions} mentions, "
          f"{report.exact_duplicates} exact duplicates, {report.reprints} in reprint clusters, "
          f"{report.dead_letters} dead letters")  # fmt: skip
    print(f"{'measure':<28}{'measured':>14}{'target':>14}")
    print(f"{'items/s end to end':<28}{rate:>14,.0f}{TARGET_ITEMS_PER_S:>14,}")
    # On a machine shared with other jobs, wall time also counts their use of the cores.
    print(f"{'  items per CPU-second':<28}{n / cpu:>14,.0f}{'':>14}")
    for stage, spent in sorted(report.timings.items(), key=lambda kv: -kv[1]):
        print(f"{'  ' + stage + ' items/s':<28}{n / spent if spent else 0:>14,.0f}{'':>14}")
    print(f"{'peak RSS (MB)':<28}{peak_rss_mb():>14,.0f}{TARGET_RSS_MB:>14,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    rng = random.Random(7)
    rows = load_texts()
    items = make_items(rows, args.items, rng)
    queries = make_queries(rows, args.queries, rng)
    print(f"{args.items} items in {len(Counter(lang for lang, _ in items))} languages, "
          f"{len(queries)} queries over 50 projects, batches of {BATCH}")  # fmt: skip
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            seconds, cpu, report = run(f"sqlite:///{tmp}/bench.db", items, queries)
            print_table("SQLite", seconds, cpu, report, args.items)
    if args.backend in ("postgresql", "both"):
        url = pg_url()
        if url is None:
            print("\nPostgreSQL is not reachable on 127.0.0.1:5432; skipped.")
            return
        seconds, cpu, report = run(url, items, queries)
        print_table("PostgreSQL", seconds, cpu, report, args.items)


if __name__ == "__main__":
    main()
