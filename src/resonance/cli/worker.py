"""`resonance worker` and `resonance tasks ...`: run jobs, list and replay failed ones."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from resonance.config import get_settings
from resonance.storage.runtime import Database
from resonance.storage.schema import assert_schema_current
from resonance.tasks import Backend, TaskStatus, get_backend, install_signal_handlers, run_worker


@contextmanager
def _backend() -> Iterator[tuple[Backend, Database]]:
    settings = get_settings()
    db = Database.from_settings(settings)
    assert_schema_current(db.engine)
    backend = get_backend(settings, db)
    try:
        yield backend, db
    finally:
        backend.close()
        db.engine.dispose()


def worker(
    queues: Annotated[
        list[str] | None,
        typer.Option("--queue", "-q", help="Queue to take tasks from; repeat it. Default: all."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Tasks run at the same time (threads).")
    ] = 1,
    burst: Annotated[
        bool, typer.Option("--burst", help="Exit when no task is due (no periodic scheduler).")
    ] = False,
) -> None:
    """Run background tasks until SIGTERM or Ctrl-C (the current task is finished first)."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = get_settings()
    stop_event = threading.Event()
    restore_signals = install_signal_handlers(stop_event)
    try:
        with _backend() as (backend, db):
            stats = run_worker(
                settings,
                db,
                queues=queues or (),
                concurrency=concurrency,
                stop_event=stop_event,
                burst=burst,
                backend=backend,
            )
    finally:
        restore_signals()
    typer.echo(f"Worker stopped: {stats.done} done, {stats.retried} retried, {stats.failed} failed")


tasks_app = typer.Typer(help="Background tasks: list and replay failed ones.", no_args_is_help=True)


@tasks_app.command("list-failed")
def list_failed(
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 50,
) -> None:
    """List tasks that failed for good (dead letters), oldest first, with their last error."""
    with _backend() as (backend, _db):
        failed = backend.list_tasks(TaskStatus.FAILED, limit=limit)
    if not failed:
        typer.echo("No failed tasks.")
        return
    for info in failed:
        error = (info.last_error or "").strip().splitlines()
        finished = info.finished_at.isoformat(timespec="seconds") if info.finished_at else "-"
        typer.echo(f"{info.id}\t{info.name}\t{info.attempts}/{info.max_attempts}\t{finished}")
        typer.echo(f"\t{error[-1] if error else '(no error recorded)'}")


@tasks_app.command("replay")
def replay(
    task_id: Annotated[str | None, typer.Argument(help="Id of the failed task.")] = None,
    replay_all: Annotated[bool, typer.Option("--all", help="Replay every failed task.")] = False,
) -> None:
    """Queue failed tasks again with fresh attempts."""
    if (task_id is not None) == replay_all:
        raise typer.BadParameter("Give a task id or --all (not both).")
    with _backend() as (backend, _db):
        if task_id is not None:
            if not backend.replay(task_id):
                typer.echo(f"Task {task_id} is not a failed task.", err=True)
                raise typer.Exit(1)
            typer.echo(f"Replayed task {task_id}.")
            return
        count = 0
        while batch := backend.list_tasks(TaskStatus.FAILED, limit=500):
            count += sum(backend.replay(info.id) for info in batch)
        typer.echo(f"Replayed {count} task(s).")
