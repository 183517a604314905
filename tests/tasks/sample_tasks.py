"""Tasks used by the task tests, in their own registry so they never mix with real ones."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from resonance.tasks import Backoff, TaskContext, TaskRegistry
from resonance.tasks.schedule import periodic

registry = TaskRegistry()
FAST_RETRY = Backoff(base=0.05, factor=2.0, jitter=0.0)


def note(path: str, line: str) -> None:
    """Append a line; a test reads the file to see what ran, in process or in a subprocess."""
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


class PermanentError(Exception):
    permanent = True


@registry.task("sample.record")
def record(ctx: TaskContext, path: str, value: str) -> None:
    note(path, f"{value} attempt={ctx.attempt}")


@registry.task("sample.flaky", max_attempts=4, retry_backoff=FAST_RETRY)
def flaky(ctx: TaskContext, path: str, failures: int) -> None:
    note(path, f"{time.monotonic()} attempt={ctx.attempt}")
    if ctx.attempt <= failures:
        raise RuntimeError(f"planned failure {ctx.attempt}")


@registry.task("sample.broken", max_attempts=2, retry_backoff=FAST_RETRY)
def broken(ctx: TaskContext, path: str) -> None:
    note(path, f"attempt={ctx.attempt}")
    if not Path(path + ".fixed").exists():
        raise ValueError("the input is broken")


@registry.task("sample.permanent", max_attempts=5, retry_backoff=FAST_RETRY)
def permanent(ctx: TaskContext) -> None:
    raise PermanentError("retrying cannot help")


@registry.task("sample.slow_once", queue="slow")
def slow_once(ctx: TaskContext, path: str) -> None:
    """The first attempt hangs (the test kills its worker); later attempts finish at once."""
    note(path, f"start {ctx.attempt}")
    if ctx.attempt == 1:
        time.sleep(60)
    note(path, f"done {ctx.attempt}")


@registry.task("sample.slow", queue="slow")
def slow(ctx: TaskContext, path: str, seconds: float) -> None:
    note(path, f"start {ctx.task_id}")
    time.sleep(seconds)
    note(path, f"done {ctx.task_id}")


@periodic(every=timedelta(minutes=1), name="sample.tick", registry=registry)
def tick(ctx: TaskContext) -> None:
    """A periodic task for the scheduler tests."""


@periodic(cron="*/15 8-18 * * 1-5", name="sample.office_hours", registry=registry)
def office_hours(ctx: TaskContext) -> None:
    """A cron-scheduled periodic task for the scheduler tests."""
