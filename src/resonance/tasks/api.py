"""The task API used by all code: the context tasks receive, `enqueue` and `get_backend`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.errors import Invalid
from resonance.storage.engine import session_scope
from resonance.storage.runtime import Database
from resonance.tasks.backend import Backend, NewTask
from resonance.tasks.registry import TaskRegistry, default_registry, load_task_modules


@dataclass(frozen=True)
class TaskContext:
    """What a running task gets as its first argument: settings, database, queue, attempt."""

    settings: Settings
    db: Database
    backend: Backend
    task_id: str
    attempt: int
    worker_id: str

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back on error."""
        with session_scope(self.db.sessions) as session:
            yield session


def _json_payload(name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    try:
        # A round trip, so the task sees exactly what a worker on another host would see.
        payload: dict[str, Any] = json.loads(json.dumps(kwargs, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise Invalid(f"Arguments of task {name!r} must be JSON values: {error}") from error
    return payload


def enqueue(
    backend: Backend,
    name: str,
    /,
    *,
    unique_key: str | None = None,
    delay: float | timedelta = 0.0,
    queue: str | None = None,
    max_attempts: int | None = None,
    registry: TaskRegistry | None = None,
    **kwargs: Any,
) -> str:
    """Queue a run of task `name` with JSON keyword arguments; returns the task id.

    With `unique_key`, a second enqueue while a task with that key exists (queued, running,
    failed, or done and not yet purged) returns the existing task's id and adds nothing.
    """
    if registry is None:
        load_task_modules()
    definition = (registry or default_registry).get(name)
    if unique_key is not None and not 0 < len(unique_key) <= 200:
        raise Invalid("A unique key has 1 to 200 characters.")
    wait = delay if isinstance(delay, timedelta) else timedelta(seconds=delay)
    if wait < timedelta(0):
        raise Invalid("A task cannot be delayed by a negative time.")
    new = NewTask(
        name=definition.name,
        queue=queue or definition.queue,
        payload=_json_payload(name, kwargs),
        max_attempts=max_attempts or definition.max_attempts,
        delay=wait,
        unique_key=unique_key,
    )
    return backend.push(new).id


def get_backend(settings: Settings, db: Database) -> Backend:
    """The backend chosen by settings.task_backend, with the built-in tasks registered."""
    load_task_modules()
    if settings.task_backend == "redis":
        from resonance.tasks.redis import RedisBackend

        return RedisBackend.from_url(settings.redis_url)
    from resonance.tasks.database import DatabaseBackend

    return DatabaseBackend(db)
