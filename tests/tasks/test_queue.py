"""The same guarantees on every backend: run, retry with backoff, dead letters, dedupe, leases."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from resonance.errors import Invalid
from resonance.tasks import Scheduler, TaskStatus, WorkerStats, enqueue, run_worker
from resonance.tasks.backend import WORKER_LOST_ERROR
from tests.tasks import sample_tasks
from tests.tasks.conftest import QueueEnv, wait_for
from tests.tasks.sample_tasks import lines


def _put(queue: QueueEnv, name: str, **kwargs: Any) -> str:
    return enqueue(queue.backend, name, registry=sample_tasks.registry, **kwargs)


def _burst(queue: QueueEnv, **options: Any) -> WorkerStats:
    return run_worker(
        queue.settings,
        queue.db,
        backend=queue.backend,
        registry=sample_tasks.registry,
        burst=True,
        **options,
    )


@contextmanager
def _worker_thread(queue: QueueEnv, **options: Any) -> Iterator[threading.Event]:
    """A non-burst worker in a thread of this process, stopped when the block ends."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_worker,
        args=(queue.settings, queue.db),
        kwargs={
            "backend": queue.backend,
            "registry": sample_tasks.registry,
            "stop_event": stop,
            "poll_interval": 0.05,
            "reap_interval": 0.1,
            "scheduler": False,
            **options,
        },
    )
    thread.start()
    try:
        yield stop
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def _status(queue: QueueEnv, task_id: str) -> TaskStatus:
    info = queue.backend.get(task_id)
    assert info is not None
    return info.status


def test_an_enqueued_task_runs_once_and_is_done(queue: QueueEnv, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    task_id = sample_tasks.record.enqueue(queue.backend, path=str(out), value="hello")
    info = queue.backend.get(task_id)
    assert info is not None
    assert (info.status, info.name, info.payload) == (
        TaskStatus.QUEUED,
        "sample.record",
        {"path": str(out), "value": "hello"},
    )

    stats = _burst(queue)

    assert (stats.done, stats.retried, stats.failed) == (1, 0, 0)
    assert lines(out) == ["hello attempt=1"]
    info = queue.backend.get(task_id)
    assert info is not None
    assert info.status is TaskStatus.DONE
    assert info.attempts == 1
    assert info.finished_at is not None


def test_tasks_of_one_queue_run_in_enqueue_order(queue: QueueEnv, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    for n in range(5):
        _put(queue, "sample.record", path=str(out), value=str(n))

    _burst(queue)

    assert [line.split()[0] for line in lines(out)] == ["0", "1", "2", "3", "4"]


def test_a_failing_task_is_retried_with_exponential_backoff(
    queue: QueueEnv, tmp_path: Path
) -> None:
    out = tmp_path / "attempts.txt"
    task_id = _put(queue, "sample.flaky", path=str(out), failures=2)

    with _worker_thread(queue):
        wait_for(lambda: _status(queue, task_id) is TaskStatus.DONE, what="the third attempt")

    started = [float(line.split()[0]) for line in lines(out)]
    assert len(started) == 3
    # Backoff base 0.05 s, doubled: at least 0.05 s before attempt 2 and 0.1 s before attempt 3.
    assert started[1] - started[0] >= 0.05
    assert started[2] - started[1] >= 0.1
    info = queue.backend.get(task_id)
    assert info is not None
    assert info.attempts == 3
    assert info.last_error is not None
    assert "planned failure 2" in info.last_error


def test_a_task_failing_every_attempt_is_kept_as_failed_and_can_be_replayed(
    queue: QueueEnv, tmp_path: Path
) -> None:
    out = tmp_path / "broken.txt"
    task_id = _put(queue, "sample.broken", path=str(out))

    with _worker_thread(queue):
        wait_for(lambda: _status(queue, task_id) is TaskStatus.FAILED, what="the dead letter")

    failed = queue.backend.list_tasks(TaskStatus.FAILED)
    assert [info.id for info in failed] == [task_id]
    assert failed[0].attempts == 2
    assert failed[0].last_error is not None
    assert "ValueError: the input is broken" in failed[0].last_error
    assert lines(out) == ["attempt=1", "attempt=2"]

    Path(str(out) + ".fixed").touch()
    assert queue.backend.replay(task_id)
    assert not queue.backend.replay(task_id), "only a failed task can be replayed"
    stats = _burst(queue)

    assert stats.done == 1
    assert _status(queue, task_id) is TaskStatus.DONE
    assert queue.backend.list_tasks(TaskStatus.FAILED) == []
    assert lines(out)[-1] == "attempt=1"


def test_a_permanent_error_fails_the_task_without_retrying(queue: QueueEnv) -> None:
    task_id = _put(queue, "sample.permanent")

    stats = _burst(queue)

    assert (stats.failed, stats.retried) == (1, 0)
    info = queue.backend.get(task_id)
    assert info is not None
    assert (info.status, info.attempts) == (TaskStatus.FAILED, 1)


def test_a_unique_key_keeps_one_task(queue: QueueEnv, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    first = _put(queue, "sample.record", unique_key="report:7", path=str(out), value="a")
    second = _put(queue, "sample.record", unique_key="report:7", path=str(out), value="b")
    other = _put(queue, "sample.record", unique_key="report:8", path=str(out), value="c")

    assert first == second
    assert other != first
    _burst(queue)
    assert sorted(lines(out)) == ["a attempt=1", "c attempt=1"]
    again = _put(queue, "sample.record", unique_key="report:7", path=str(out), value="d")
    assert again == first, "the key stays taken while the done task is kept"


def test_a_delayed_task_waits_until_it_is_due(queue: QueueEnv, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    later = _put(queue, "sample.record", delay=60, path=str(out), value="later")
    enqueued_at = time.monotonic()
    soon = _put(queue, "sample.record", delay=0.3, path=str(out), value="soon")

    with _worker_thread(queue):
        wait_for(lambda: _status(queue, soon) is TaskStatus.DONE, what="the delayed task")
        ran_after = time.monotonic() - enqueued_at

    assert ran_after >= 0.3
    assert lines(out) == ["soon attempt=1"]
    assert _status(queue, later) is TaskStatus.QUEUED
    assert [info.id for info in queue.backend.list_tasks(TaskStatus.QUEUED)] == [later]


def test_an_expired_lease_requeues_the_task_and_fences_the_old_worker(
    queue: QueueEnv, tmp_path: Path
) -> None:
    task_id = _put(queue, "sample.record", path=str(tmp_path / "o.txt"), value="x")
    stale = queue.backend.claim(["default"], "host:1:0", timedelta(milliseconds=100))
    assert stale is not None
    assert queue.backend.claim(["default"], "host:2:0", timedelta(seconds=5)) is None

    wait_for(lambda: queue.backend.requeue_expired() == 1, what="the lease to lapse")
    fresh = queue.backend.claim(["default"], "host:2:0", timedelta(seconds=5))

    assert fresh is not None
    assert (fresh.id, fresh.attempt) == (task_id, 2)
    assert not queue.backend.extend(stale, timedelta(seconds=5))
    assert not queue.backend.complete(stale), "the lost worker may not record an outcome"
    assert queue.backend.extend(fresh, timedelta(seconds=5))
    assert queue.backend.complete(fresh)
    assert _status(queue, task_id) is TaskStatus.DONE


def test_a_task_whose_worker_dies_on_its_last_attempt_is_failed(queue: QueueEnv) -> None:
    task_id = _put(queue, "sample.record", max_attempts=1, path="unused", value="x")
    claim = queue.backend.claim(["default"], "host:1:0", timedelta(milliseconds=50))
    assert claim is not None

    wait_for(lambda: queue.backend.requeue_expired() == 1, what="the lease to lapse")

    info = queue.backend.get(task_id)
    assert info is not None
    assert (info.status, info.last_error) == (TaskStatus.FAILED, WORKER_LOST_ERROR)


def test_done_tasks_are_purged_after_the_retention(queue: QueueEnv, tmp_path: Path) -> None:
    task_id = _put(queue, "sample.record", unique_key="k", path=str(tmp_path / "o"), value="x")
    _burst(queue)

    assert queue.backend.purge_done(timedelta(days=7)) == 0
    assert queue.backend.purge_done(timedelta(0)) == 1

    assert queue.backend.get(task_id) is None
    again = queue.backend.get(_put(queue, "sample.record", unique_key="k", path="o", value="y"))
    assert again is not None, "the purge freed the unique key"
    assert (again.status, again.payload["value"]) == (TaskStatus.QUEUED, "y")


def test_two_schedulers_racing_enqueue_each_slot_exactly_once(queue: QueueEnv) -> None:
    backends = [queue.backend, queue.new_backend()]
    start = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)  # a Tuesday, in office hours
    rounds = 12
    barrier = threading.Barrier(len(backends))
    created: list[list[str]] = [[] for _ in backends]

    def race(n: int) -> None:
        scheduler = Scheduler(backends[n], sample_tasks.registry)
        for minute in range(rounds):
            barrier.wait()
            created[n].extend(scheduler.tick(start + timedelta(minutes=minute)))

    threads = [threading.Thread(target=race, args=(n,)) for n in range(len(backends))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    ids = created[0] + created[1]
    # sample.tick every minute (12 slots) + sample.office_hours at 9:00 and 9:15 is past: 1 slot.
    assert len(ids) == len(set(ids)) == rounds + 1
    queued = queue.backend.list_tasks(TaskStatus.QUEUED, limit=100)
    keys = sorted(info.unique_key or "" for info in queued)
    assert len(keys) == rounds + 1
    assert keys[0] == "periodic:sample.office_hours:2026-12-01T09:00"
    assert keys[1] == "periodic:sample.tick:2026-12-01T09:00:00"
    assert Scheduler(queue.new_backend(), sample_tasks.registry).tick(start) == []


def test_a_worker_with_several_threads_runs_each_task_once(queue: QueueEnv, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    for n in range(20):
        _put(queue, "sample.record", path=str(out), value=str(n))

    stats = _burst(queue, concurrency=4)

    assert stats.done == 20
    assert sorted(int(line.split()[0]) for line in lines(out)) == list(range(20))


def test_enqueue_refuses_unknown_tasks_and_non_json_arguments(queue: QueueEnv) -> None:
    with pytest.raises(Invalid, match="No task is registered"):
        _put(queue, "sample.nope")
    with pytest.raises(Invalid, match="JSON"):
        _put(queue, "sample.record", path="p", value=object())
    with pytest.raises(Invalid, match="negative"):
        _put(queue, "sample.record", delay=-1, path="p", value="v")
    assert queue.backend.list_tasks(TaskStatus.QUEUED) == []
