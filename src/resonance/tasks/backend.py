"""The Backend protocol that both queues implement, and the values passed across it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from resonance.tasks.models import TaskStatus

# Done tasks are kept this long (status queries, unique keys), then purged by housekeeping.
DONE_RETENTION = timedelta(days=7)
WORKER_LOST_ERROR = "The worker was lost mid-task (lease expired) on the last attempt."


@dataclass(frozen=True)
class NewTask:
    """A task to put on a queue."""

    name: str
    queue: str
    payload: dict[str, Any]
    max_attempts: int
    delay: timedelta = timedelta(0)
    unique_key: str | None = None


@dataclass(frozen=True)
class Enqueued:
    """The id of the task, and False when an existing task with the same unique key was kept."""

    id: str
    created: bool


@dataclass(frozen=True)
class Claim:
    """A task leased to one worker; (id, worker_id, attempt) fences every later write."""

    id: str
    name: str
    queue: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int
    worker_id: str


@dataclass(frozen=True)
class TaskInfo:
    """What a backend knows about one task (status pages, the CLI, tests)."""

    id: str
    name: str
    queue: str
    payload: dict[str, Any]
    status: TaskStatus
    attempts: int
    max_attempts: int
    run_at: datetime | None
    unique_key: str | None
    worker_id: str | None
    last_error: str | None
    created_at: datetime | None
    finished_at: datetime | None


class Backend(Protocol):
    """A reliable queue: at-least-once delivery through leases that lapse when a worker dies."""

    def push(self, task: NewTask) -> Enqueued:
        """Add a task; with a unique key already taken, keep the existing task instead."""

    def claim(self, queues: Sequence[str], worker_id: str, lease: timedelta) -> Claim | None:
        """Lease the next due task of the given queues to a worker, or None if none is due."""

    def extend(self, claim: Claim, lease: timedelta) -> bool:
        """Renew the lease (heartbeat); False if the worker no longer holds the task."""

    def complete(self, claim: Claim) -> bool:
        """Mark the task done; False if the lease was lost meanwhile (another worker has it)."""

    def retry(self, claim: Claim, error: str, delay: timedelta) -> bool:
        """Put the task back to run again after `delay`, keeping the error."""

    def fail(self, claim: Claim, error: str) -> bool:
        """Mark the task failed for good (a dead letter kept with its error)."""

    def requeue_expired(self) -> int:
        """Re-queue running tasks whose lease expired (their worker died); returns how many."""

    def get(self, task_id: str) -> TaskInfo | None:
        """The task with this id, or None."""

    def list_tasks(self, status: TaskStatus, *, limit: int = 100) -> list[TaskInfo]:
        """Tasks in one status, oldest first."""

    def replay(self, task_id: str) -> bool:
        """Queue a failed task again with fresh attempts; False if it is not failed."""

    def purge_done(self, older_than: timedelta = DONE_RETENTION) -> int:
        """Delete done tasks finished longer ago than `older_than`; returns how many."""

    def close(self) -> None:
        """Release connections."""
