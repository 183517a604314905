"""The task API without a queue: registration rules, backoff, schedules and cron expressions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from resonance.config import Settings
from resonance.errors import Invalid
from resonance.storage.runtime import Database
from resonance.tasks import Backoff, Cron, Every, TaskRegistry, get_backend, periodic
from resonance.tasks._cron import CronSpec
from resonance.tasks.api import TaskContext
from resonance.tasks.database import DatabaseBackend
from resonance.tasks.redis import RedisBackend
from resonance.tasks.registry import default_registry


def test_a_task_is_registered_under_its_module_and_name_by_default() -> None:
    registry = TaskRegistry()

    @registry.task(queue="reports", max_attempts=5)
    def build_report(ctx: TaskContext, report_id: int) -> None:
        """A task."""

    [definition] = registry.list_tasks()
    assert definition.name.startswith(f"{__name__}.")
    assert definition.name.endswith(".build_report")
    assert definition is build_report
    assert (definition.queue, definition.max_attempts) == ("reports", 5)
    assert registry.queues() == ["reports"]


def test_two_functions_may_not_share_a_task_name() -> None:
    registry = TaskRegistry()

    @registry.task("same")
    def first(ctx: TaskContext) -> None:
        """A task."""

    with pytest.raises(Invalid, match="Two tasks"):

        @registry.task("same")
        def second(ctx: TaskContext) -> None:
            """Another task."""


def test_a_task_may_not_take_an_enqueue_option_as_a_parameter() -> None:
    with pytest.raises(Invalid, match="unique_key"):

        @TaskRegistry().task("bad")
        def bad(ctx: TaskContext, unique_key: str) -> None:
            """A task."""


def test_backoff_doubles_up_to_its_cap() -> None:
    backoff = Backoff(base=10, factor=2, cap=60, jitter=0)
    delays = [backoff.delay(attempt).total_seconds() for attempt in range(1, 6)]
    assert delays == [10, 20, 40, 60, 60]


def test_backoff_jitter_only_lengthens_the_delay() -> None:
    backoff = Backoff(base=10, jitter=0.1)
    assert all(10 <= backoff.delay(1).total_seconds() <= 11 for _ in range(50))


def test_every_aligns_slots_on_the_epoch() -> None:
    hourly = Every(timedelta(hours=1))
    assert hourly.slot(datetime(2026, 3, 1, 10, 59, 59, tzinfo=UTC)) == "2026-03-01T10:00:00"
    assert hourly.slot(datetime(2026, 3, 1, 11, 0, 0, tzinfo=UTC)) == "2026-03-01T11:00:00"


@pytest.mark.parametrize(
    ("expression", "at", "due"),
    [
        ("*/15 8-18 * * 1-5", datetime(2026, 12, 1, 9, 30, tzinfo=UTC), True),
        ("*/15 8-18 * * 1-5", datetime(2026, 12, 1, 9, 31, tzinfo=UTC), False),
        ("*/15 8-18 * * 1-5", datetime(2026, 12, 6, 9, 30, tzinfo=UTC), False),  # Sunday
        ("0 3 * * 0", datetime(2026, 12, 6, 3, 0, tzinfo=UTC), True),  # Sunday as 0
        ("0 3 * * 7", datetime(2026, 12, 6, 3, 0, tzinfo=UTC), True),  # Sunday as 7
        ("0 0 1 * 1", datetime(2026, 12, 7, 0, 0, tzinfo=UTC), True),  # day OR weekday
        ("0 0 1 * 1", datetime(2026, 12, 8, 0, 0, tzinfo=UTC), False),
        ("5,35 * * 1,7 *", datetime(2026, 7, 4, 12, 35, tzinfo=UTC), True),
    ],
)
def test_cron_expressions_match_like_cron(expression: str, at: datetime, due: bool) -> None:
    slot = Cron(CronSpec.parse(expression)).slot(at)
    assert (slot is not None) is due
    if due:
        assert slot == at.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("expression", ["* * * *", "60 * * * *", "*/0 * * * *", "5-1 * * * *"])
def test_a_bad_cron_expression_is_refused(expression: str) -> None:
    with pytest.raises(Invalid):
        CronSpec.parse(expression)


def test_a_periodic_task_needs_exactly_one_schedule() -> None:
    with pytest.raises(Invalid, match="exactly one"):
        periodic(every=timedelta(minutes=1), cron="* * * * *", registry=TaskRegistry())
    with pytest.raises(Invalid, match="exactly one"):
        periodic(registry=TaskRegistry())


def test_get_backend_follows_the_settings() -> None:
    settings = Settings(database_url="sqlite://", task_backend="embedded")
    db = Database.from_settings(settings)
    assert isinstance(get_backend(settings, db), DatabaseBackend)
    redis_backend = get_backend(settings.model_copy(update={"task_backend": "redis"}), db)
    assert isinstance(redis_backend, RedisBackend)
    redis_backend.close()
    assert default_registry.find("housekeeping.purge") is not None, "built-in tasks are loaded"
