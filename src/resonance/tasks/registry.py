"""The task registry: task and periodic definitions, looked up by name at enqueue and run time."""

from __future__ import annotations

import importlib
import inspect
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar

from resonance.errors import Invalid

if TYPE_CHECKING:
    from resonance.tasks.api import TaskContext
    from resonance.tasks.backend import Backend
    from resonance.tasks.schedule import Schedule

P = ParamSpec("P")
R = TypeVar("R")

# Options of `enqueue`; a task may not use them as parameter names.
RESERVED_KWARGS = frozenset({"unique_key", "delay", "queue", "max_attempts"})
BUILTIN_TASK_MODULES: tuple[str, ...] = (
    "resonance.tasks.jobs.housekeeping",
    "resonance.ingest.jobs",
    "resonance.alerts.jobs",
    "resonance.feedback.jobs",
    "resonance.feedback.analysis_jobs",
)


@dataclass(frozen=True)
class Backoff:
    """Exponential retry delay: base * factor**(attempt-1), capped, plus up to `jitter` share."""

    base: float = 10.0
    factor: float = 2.0
    cap: float = 3600.0
    jitter: float = 0.1

    def delay(self, attempt: int) -> timedelta:
        seconds = min(self.cap, self.base * self.factor ** max(0, attempt - 1))
        # Jitter spreads the retries of many tasks that failed together (e.g. a database restart).
        seconds *= 1.0 + self.jitter * random.random()  # noqa: S311 - not security relevant
        return timedelta(seconds=seconds)


@dataclass(frozen=True)
class TaskDef(Generic[P, R]):
    """A registered task: its function and how it is queued and retried."""

    name: str
    fn: Callable[Concatenate[TaskContext, P], R]
    queue: str = "default"
    max_attempts: int = 3
    backoff: Backoff = field(default_factory=Backoff)
    registry: TaskRegistry | None = field(default=None, compare=False, repr=False)

    def __call__(self, ctx: TaskContext, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run the task inline (tests, or a caller that wants it now)."""
        return self.fn(ctx, *args, **kwargs)

    def enqueue(
        self, backend: Backend, *, unique_key: str | None = None, delay: float = 0.0, **kwargs: Any
    ) -> str:
        """Put a run of this task on the queue; returns the task id."""
        from resonance.tasks.api import enqueue

        return enqueue(
            backend, self.name, unique_key=unique_key, delay=delay, registry=self.registry, **kwargs
        )


@dataclass(frozen=True)
class PeriodicDef:
    """A task that the scheduler enqueues once per slot of its schedule."""

    task_name: str
    schedule: Schedule
    kwargs: dict[str, Any] = field(default_factory=dict)


class TaskRegistry:
    """Task definitions by name; the process-wide one is `registry`, tests may make their own."""

    def __init__(self) -> None:
        self._tasks: dict[str, TaskDef[Any, Any]] = {}
        self._periodic: dict[str, PeriodicDef] = {}

    def add(self, definition: TaskDef[Any, Any]) -> None:
        existing = self._tasks.get(definition.name)
        if existing is not None and existing.fn is not definition.fn:
            raise Invalid(f"Two tasks are named {definition.name!r}.")
        self._tasks[definition.name] = definition

    def add_periodic(self, periodic: PeriodicDef) -> None:
        self.get(periodic.task_name)
        self._periodic[periodic.task_name] = periodic

    def find(self, name: str) -> TaskDef[Any, Any] | None:
        return self._tasks.get(name)

    def get(self, name: str) -> TaskDef[Any, Any]:
        definition = self._tasks.get(name)
        if definition is None:
            raise Invalid(f"No task is registered as {name!r}.", name=name)
        return definition

    def list_tasks(self) -> list[TaskDef[Any, Any]]:
        return sorted(self._tasks.values(), key=lambda d: d.name)

    def list_periodic(self) -> list[PeriodicDef]:
        return sorted(self._periodic.values(), key=lambda p: p.task_name)

    def queues(self) -> list[str]:
        return sorted({d.queue for d in self._tasks.values()} or {"default"})

    def task(
        self,
        name: str | None = None,
        *,
        queue: str = "default",
        max_attempts: int = 3,
        retry_backoff: Backoff | float = 10.0,
    ) -> Callable[[Callable[Concatenate[TaskContext, P], R]], TaskDef[P, R]]:
        """Register a function `fn(ctx, **json_kwargs)` as a task of this registry."""
        if max_attempts < 1:
            raise Invalid("max_attempts must be at least 1.")
        backoff = retry_backoff if isinstance(retry_backoff, Backoff) else Backoff(retry_backoff)

        def decorate(fn: Callable[Concatenate[TaskContext, P], R]) -> TaskDef[P, R]:
            clash = RESERVED_KWARGS & set(inspect.signature(fn).parameters)
            if clash:
                raise Invalid(f"Task parameters may not be named {', '.join(sorted(clash))}.")
            task_name = name or f"{fn.__module__}.{fn.__qualname__}"
            definition = TaskDef(task_name, fn, queue, max_attempts, backoff, self)
            self.add(definition)
            return definition

        return decorate


default_registry = TaskRegistry()
task = default_registry.task


def load_task_modules(modules: Iterable[str] = BUILTIN_TASK_MODULES) -> None:
    """Import the modules that define tasks, so the registry knows them by name."""
    for module in modules:
        importlib.import_module(module)
