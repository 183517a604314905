"""The embedded worker, the housekeeping task and the `resonance worker` / `tasks` commands."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import typer
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from resonance.auth.models import WebSession
from resonance.cli.worker import tasks_app, worker
from resonance.config import get_settings
from resonance.storage.base import utcnow
from resonance.storage.runtime import Database
from resonance.tasks import TaskRecord, TaskStatus, enqueue, run_worker, start_embedded_worker
from resonance.tasks.database import DatabaseBackend
from resonance.tasks.registry import default_registry
from tests.factories import make_user
from tests.tasks import sample_tasks
from tests.tasks.conftest import QueueEnv, wait_for
from tests.tasks.sample_tasks import lines


def _web_session(session: Session, user_id: int, expires_in: timedelta) -> None:
    session.add(
        WebSession(
            id_hash=secrets.token_hex(32),
            user_id=user_id,
            csrf_token="t",
            expires_at=utcnow() + expires_in,
        )
    )


def _due(queue: QueueEnv, task_id: str) -> bool:
    info = queue.backend.get(task_id)
    return info is not None and info.run_at is not None and info.run_at <= utcnow()


def test_housekeeping_purges_expired_sessions_and_old_done_tasks(
    db: Database, session: Session
) -> None:
    user = make_user(session)
    _web_session(session, user.id, timedelta(hours=-1))
    _web_session(session, user.id, timedelta(hours=1))
    old, recent = (TaskRecord(name="x", status=TaskStatus.DONE) for _ in range(2))
    session.add_all([old, recent])
    session.flush()
    session.execute(
        update(TaskRecord)
        .where(TaskRecord.id == old.id)
        .values(finished_at=utcnow() - timedelta(days=8))
    )
    recent.finished_at = utcnow() - timedelta(days=6)
    session.commit()
    backend = DatabaseBackend(db)
    task_id = enqueue(backend, "housekeeping.purge")

    stats = run_worker(get_settings(), db, backend=backend, burst=True, queues=["default"])

    assert stats.done == 1
    assert session.scalar(select(func.count()).select_from(WebSession)) == 1
    remaining = set(session.scalars(select(TaskRecord.id)))
    assert remaining == {recent.id, int(task_id)}


@pytest.mark.parametrize("queue", ["sqlite"], indirect=True)
def test_the_embedded_worker_runs_tasks_in_a_thread_and_stops(
    queue: QueueEnv, tmp_path: Path
) -> None:
    out = tmp_path / "out.txt"
    embedded = start_embedded_worker(queue.settings, queue.db, registry=sample_tasks.registry)
    try:
        task_id = sample_tasks.record.enqueue(queue.backend, path=str(out), value="inline")
        wait_for(lambda: lines(out) == ["inline attempt=1"], what="the embedded worker")
    finally:
        assert embedded.stop(timeout=10)
    assert not embedded.running
    info = queue.backend.get(task_id)
    assert info is not None
    assert info.status is TaskStatus.DONE


@pytest.fixture
def cli(queue: QueueEnv, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    """The commands as the lead registers them, reading settings from the environment."""
    monkeypatch.setenv("RESONANCE_DATABASE_URL", queue.settings.resolved_database_url)
    monkeypatch.setenv("RESONANCE_TASK_BACKEND", "embedded")
    get_settings.cache_clear()
    app = typer.Typer()
    app.command("worker")(worker)
    app.add_typer(tasks_app, name="tasks")
    yield app
    get_settings.cache_clear()


@pytest.mark.parametrize("queue", ["sqlite"], indirect=True)
def test_failed_tasks_are_listed_and_replayed_from_the_command_line(
    queue: QueueEnv, cli: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `resonance worker` serves the process-wide registry; lend it a sample task.
    monkeypatch.setitem(default_registry._tasks, "sample.broken", sample_tasks.broken)
    path = str(tmp_path / "broken.txt")
    task_id = enqueue(queue.backend, "sample.broken", path=path)
    runner = CliRunner()

    for _ in range(2):  # two attempts, the second after a 0.05 s backoff
        result = runner.invoke(cli, ["worker", "--burst", "--queue", "default"])
        assert result.exit_code == 0, result.output
        wait_for(lambda: _due(queue, task_id), what="the retry to be due")
    listed = runner.invoke(cli, ["tasks", "list-failed"])
    assert listed.exit_code == 0
    assert f"{task_id}\tsample.broken\t2/2" in listed.output
    assert "ValueError: the input is broken" in listed.output

    Path(path + ".fixed").touch()
    assert runner.invoke(cli, ["tasks", "replay", "--all"]).output.strip() == "Replayed 1 task(s)."
    assert runner.invoke(cli, ["tasks", "replay", task_id]).exit_code == 1
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    assert runner.invoke(cli, ["tasks", "list-failed"]).output.strip() == "No failed tasks."
