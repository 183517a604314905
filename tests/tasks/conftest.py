"""Queues for the task tests: own SQLite file, own PostgreSQL database, Redis db 15 by prefix."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from redis import Redis
from sqlalchemy import delete

from resonance.config import Settings
from resonance.storage.runtime import Database
from resonance.storage.schema import upgrade_to_head
from resonance.tasks import Backend, TaskRecord
from resonance.tasks.database import DatabaseBackend
from resonance.tasks.redis import RedisBackend
from tests.services import PG_HOST, PG_PORT, REDIS_URL, require_server

REPO_ROOT = Path(__file__).resolve().parents[2]
DB_KINDS = tuple(
    b for b in os.environ.get("RESONANCE_TEST_BACKENDS", "sqlite,postgresql").split(",") if b
)
QUEUE_KINDS = (*DB_KINDS, "redis")


def wait_for(predicate: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """Poll until `predicate()` is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(0.02)


def _admin_pg() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=PG_HOST, port=PG_PORT, dbname="test", user="postgres", autocommit=True
    )


def _migrated(url: str) -> Database:
    db = Database.from_settings(Settings(database_url=url))
    upgrade_to_head(db.engine)
    return db


@pytest.fixture(scope="session")
def sqlite_queue_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A migrated SQLite file of its own: workers in other processes commit to it for real."""
    db = _migrated(f"sqlite:///{tmp_path_factory.mktemp('queue')}/queue.db")
    yield db
    db.engine.dispose()


@pytest.fixture(scope="session")
def pg_queue_db() -> Iterator[Database]:
    """A PostgreSQL database of its own, not the rolled-back one other tests share."""
    require_server("PostgreSQL", PG_HOST, PG_PORT)
    name = f"resonance_tasks_{uuid.uuid4().hex[:12]}"
    with _admin_pg() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db = _migrated(f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}")
    try:
        yield db
    finally:
        db.engine.dispose()
        with _admin_pg() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _redis_client() -> Redis[str]:
    host_port = REDIS_URL.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    require_server("Redis", host, int(port or 6379))
    return Redis.from_url(REDIS_URL, decode_responses=True)


@dataclass
class QueueEnv:
    """One queue under test: its settings, database, backend and how to start a worker on it."""

    kind: str
    settings: Settings
    db: Database
    backend: Backend
    prefix: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def new_backend(self) -> Backend:
        """A second, independent handle on the same queue (another host's scheduler)."""
        if self.kind == "redis":
            return RedisBackend.from_url(self.settings.redis_url, prefix=self.prefix)
        return DatabaseBackend(Database.from_settings(self.settings))

    def spawn_worker(self, *, lease: float = 2.0, log: Path) -> subprocess.Popen[bytes]:
        """Start a real worker process (tests.tasks.worker_entry) on this queue."""
        env = {
            **os.environ,
            "RESONANCE_DATABASE_URL": self.settings.resolved_database_url,
            "RESONANCE_TASK_BACKEND": self.settings.task_backend,
            "RESONANCE_REDIS_URL": self.settings.redis_url,
            "PYTHONPATH": str(REPO_ROOT),
        }
        command = [sys.executable, "-m", "tests.tasks.worker_entry", "--prefix", self.prefix]
        with log.open("ab") as out:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [*command, "--lease", str(lease)], cwd=REPO_ROOT, env=env, stdout=out, stderr=out
            )
        self.processes.append(process)
        return process


@pytest.fixture(params=QUEUE_KINDS)
def queue(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[QueueEnv]:
    """An empty queue on SQLite, PostgreSQL or Redis."""
    kind: str = request.param
    prefix = f"resonance-test:{uuid.uuid4().hex[:10]}"
    if kind == "redis":
        client = _redis_client()
        db: Database = request.getfixturevalue("sqlite_queue_db")
        backend: Backend = RedisBackend(client, prefix=prefix)
    else:
        db = request.getfixturevalue("pg_queue_db" if kind == "postgresql" else "sqlite_queue_db")
        backend = DatabaseBackend(db)
    settings = Settings(
        var_dir=tmp_path,
        database_url=db.engine.url.render_as_string(hide_password=False),
        task_backend="redis" if kind == "redis" else "embedded",
        redis_url=REDIS_URL,
    )
    env = QueueEnv(kind=kind, settings=settings, db=db, backend=backend, prefix=prefix)
    try:
        yield env
    finally:
        for process in env.processes:
            if process.poll() is None:
                process.kill()
                process.wait(10)
        if kind == "redis":
            keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
            if keys:
                client.delete(*keys)
            client.close()
        with db.sessions() as session:
            session.execute(delete(TaskRecord))
            session.commit()
