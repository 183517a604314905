"""Ingest scale-out: the same batches run by 1 and by N worker processes over the Redis backend."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import BATCH, load_texts, make_items, make_queries, pg_url, setup

from resonance.config import Settings
from resonance.ingest import IngestContext, ingest_batch
from resonance.sources.base import RawItem
from resonance.sources.models import Source
from resonance.storage.engine import session_scope
from resonance.storage.runtime import Database
from resonance.tasks import TaskContext, TaskRegistry, TaskStatus, enqueue, run_worker
from resonance.tasks.redis import RedisBackend
from resonance.text.analyzer import analyzer
from resonance.text.language import load_model

TARGET_RATIO = 1.8
LANGS = ("uk", "ru", "zh", "vi", "fr", "en", "other")
QUEUE = "bench-ingest"
TASK = "bench.ingest_batch"
registry = TaskRegistry()
_items: list[RawItem] = []  # the whole stream, built identically in every worker process
_context: IngestContext | None = None  # one per worker process: warm models and caches


@registry.task(name=TASK, queue=QUEUE, max_attempts=1)
def ingest_slice(ctx: TaskContext, start: int, source_id: int) -> None:
    """Ingest items [start, start + BATCH) of the stream for one source."""
    global _context
    if _context is None:
        _context = IngestContext(secret="bench-secret")  # noqa: S106 - a throwaway key
    with ctx.session() as session:
        source = session.get(Source, source_id)
        assert source is not None
        ingest_batch(session, source=source, items=_items[start : start + BATCH], context=_context)


def build_items(n: int) -> list[RawItem]:
    """The benchmark stream of bench_ingest (same seed, same items in every process)."""
    rng = random.Random(7)
    return [item for _lang, item in make_items(load_texts(), n, rng)]


def warm_up(db: Database) -> None:
    """Load the models and compile the queries, as a long-lived worker has done already."""
    global _context
    _context = IngestContext(secret="bench-secret")  # noqa: S106 - a throwaway key
    load_model()
    for lang in LANGS:
        analyzer(lang).tokens("warm-up")
    _context.tone(["warm-up"], ["en"])
    with session_scope(db.sessions) as session:
        _context.matcher.refresh(session)


def worker_main(settings: Settings, n_items: int, ready: multiprocessing.Barrier) -> None:
    """One worker process: build the stream, warm up, wait for the others, run until empty."""
    _items[:] = build_items(n_items)
    db = Database.from_settings(settings)
    warm_up(db)
    backend = RedisBackend.from_url(settings.redis_url, prefix=f"bench:{settings.secret_key}")
    ready.wait()
    run_worker(settings, db, queues=[QUEUE], burst=True, backend=backend, registry=registry,
               scheduler=False)  # fmt: skip


@contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server on a free port, without persistence."""
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(  # noqa: S603 - a fixed local executable
            [exe, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", tmp],
            stdout=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def run(
    workers: int, db_url: str, redis_url: str, n_items: int, queries: list[str]
) -> tuple[float, float]:
    """Wall and worker-CPU seconds from the first claim to the last exit, on a fresh database.

    Worker CPU counts the warm-up too (models, queries, stream): the work, not the parallelism.
    """
    _sessions, source_ids = setup(db_url, queries)
    settings = Settings(database_url=db_url, task_backend="redis", redis_url=redis_url,
                        secret_key=uuid.uuid4().hex)  # fmt: skip
    backend = RedisBackend.from_url(redis_url, prefix=f"bench:{settings.secret_key}")
    for start in range(0, n_items, BATCH):
        source_id = source_ids[(start // BATCH) % len(source_ids)]
        enqueue(backend, TASK, registry=registry, start=start, source_id=source_id)
    # Workers load models and build the stream before the clock starts, as long-lived ones have.
    ready = multiprocessing.Barrier(workers + 1)
    procs = [
        multiprocessing.Process(target=worker_main, args=(settings, n_items, ready))
        for _ in range(workers)
    ]
    for proc in procs:
        proc.start()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    ready.wait()
    started = time.perf_counter()
    for proc in procs:
        proc.join()
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    failed = backend.list_tasks(TaskStatus.FAILED)
    if failed:  # SQLite: "database is locked" once two processes write (one writer at a time)
        raise SystemExit(f"{workers} worker(s): {len(failed)} batch(es) failed (log above)")
    return seconds, cpu


def database_url(kind: str, tmp: str, workers: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp}/scaleout-{workers}.db"
    url = pg_url()
    if url is None:
        raise SystemExit("PostgreSQL is not reachable on 127.0.0.1:5432")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=2, help="compared with 1 worker")
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args()
    queries = make_queries(load_texts(), args.queries, random.Random(7))
    print(f"{args.items} items, {len(queries)} queries, batches of {BATCH}, {args.database}, "
          f"Redis task backend, {multiprocessing.cpu_count()} CPUs")  # fmt: skip
    # The ratio only means something on an otherwise idle machine with a core per worker.
    print("load average before: " + ", ".join(f"{load:.1f}" for load in os.getloadavg()))
    rates = {}
    with redis_server() as redis_url, tempfile.TemporaryDirectory() as tmp:
        for workers in (1, args.workers):
            url = database_url(args.database, tmp, workers)
            seconds, cpu = run(workers, url, redis_url, args.items, queries)
            rates[workers] = args.items / seconds
            print(f"  {workers} worker(s): {seconds:.1f} s, {rates[workers]:,.0f} items/s wall, "
                  f"workers' CPU {cpu:.1f} s (with warm-up)")  # fmt: skip
    ratio = rates[args.workers] / rates[1]
    print(f"{'ratio':<12}{ratio:>8.2f}x   target >= {TARGET_RATIO}x with {args.workers} workers")


if __name__ == "__main__":
    main()
