"""Periodic tasks: `@periodic(every=... | cron=...)` and the scheduler that enqueues due slots."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from resonance.errors import Invalid
from resonance.storage.base import utcnow
from resonance.tasks._cron import CronSpec
from resonance.tasks.api import TaskContext
from resonance.tasks.backend import Backend, NewTask
from resonance.tasks.registry import Backoff, PeriodicDef, TaskDef, TaskRegistry, default_registry

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Schedule(Protocol):
    """When a periodic task is due: the key of the slot that contains `now`, or None."""

    def slot(self, now: datetime) -> str | None: ...


@dataclass(frozen=True)
class Every:
    """Once per interval, slots aligned on the Unix epoch (every hour = on the hour, UTC)."""

    interval: timedelta

    def slot(self, now: datetime) -> str:
        index = (now - _EPOCH) // self.interval
        return (_EPOCH + index * self.interval).strftime("%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True)
class Cron:
    """At the minutes a cron expression names (UTC); a minute no scheduler saw is skipped."""

    spec: CronSpec

    def slot(self, now: datetime) -> str | None:
        minute = now.astimezone(UTC).replace(second=0, microsecond=0)
        return minute.strftime("%Y-%m-%dT%H:%M") if self.spec.matches(minute) else None


def periodic(
    every: timedelta | None = None,
    cron: str | None = None,
    *,
    name: str | None = None,
    queue: str = "default",
    max_attempts: int = 3,
    retry_backoff: Backoff | float = 10.0,
    registry: TaskRegistry | None = None,
) -> Callable[[Callable[Concatenate[TaskContext, P], R]], TaskDef[P, R]]:
    """Register a task without arguments that the scheduler enqueues once per slot."""
    if (every is None) == (cron is None):
        raise Invalid("A periodic task needs exactly one of every= or cron=.")
    if every is not None and every < timedelta(seconds=1):
        raise Invalid("A periodic task runs at most once a second.")
    schedule: Schedule = Every(every) if every is not None else Cron(CronSpec.parse(str(cron)))
    target = registry or default_registry

    def decorate(fn: Callable[Concatenate[TaskContext, P], R]) -> TaskDef[P, R]:
        definition = target.task(
            name, queue=queue, max_attempts=max_attempts, retry_backoff=retry_backoff
        )(fn)
        target.add_periodic(PeriodicDef(definition.name, schedule))
        return definition

    return decorate


class Scheduler:
    """Enqueues each due slot once; many schedulers may race, the unique key keeps one run."""

    def __init__(self, backend: Backend, registry: TaskRegistry | None = None) -> None:
        self.backend = backend
        self.registry = registry or default_registry
        self._seen: dict[str, str] = {}

    def tick(self, now: datetime | None = None) -> list[str]:
        """Enqueue the current slot of every periodic task not yet enqueued; returns new ids."""
        at = now or utcnow()
        created: list[str] = []
        for item in self.registry.list_periodic():
            slot = item.schedule.slot(at)
            if slot is None or self._seen.get(item.task_name) == slot:
                continue
            definition = self.registry.get(item.task_name)
            result = self.backend.push(
                NewTask(
                    name=definition.name,
                    queue=definition.queue,
                    payload=dict(item.kwargs),
                    max_attempts=definition.max_attempts,
                    unique_key=f"periodic:{definition.name}:{slot}",
                )
            )
            self._seen[item.task_name] = slot
            if result.created:
                created.append(result.id)
        return created


def run_scheduler(
    backend: Backend,
    stop_event: threading.Event,
    *,
    registry: TaskRegistry | None = None,
    interval: float = 5.0,
) -> None:
    """Tick until `stop_event` is set; a failing tick (broker down) is logged and retried."""
    scheduler = Scheduler(backend, registry)
    while not stop_event.is_set():
        try:
            scheduler.tick()
        except Exception:
            log.exception("The task scheduler could not enqueue periodic tasks; retrying.")
        stop_event.wait(interval)
