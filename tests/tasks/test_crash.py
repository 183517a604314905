"""Real worker processes: a task survives SIGKILL of its worker; SIGTERM finishes the task."""

from __future__ import annotations

import signal
from pathlib import Path

from resonance.tasks import TaskStatus, enqueue
from tests.tasks import sample_tasks
from tests.tasks.conftest import QueueEnv, wait_for
from tests.tasks.sample_tasks import lines


def _status(queue: QueueEnv, task_id: str) -> TaskStatus | None:
    info = queue.backend.get(task_id)
    return info.status if info else None


def test_no_task_is_lost_when_its_worker_is_killed_mid_task(
    queue: QueueEnv, tmp_path: Path
) -> None:
    out = tmp_path / "attempts.txt"
    task_id = enqueue(
        queue.backend, "sample.slow_once", registry=sample_tasks.registry, path=str(out)
    )
    first = queue.spawn_worker(lease=2.0, log=tmp_path / "worker1.log")
    wait_for(lambda: "start 1" in lines(out), timeout=20, what="the first worker to start")

    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert _status(queue, task_id) is TaskStatus.RUNNING, "the dead worker still holds the lease"

    second = queue.spawn_worker(lease=2.0, log=tmp_path / "worker2.log")
    wait_for(
        lambda: _status(queue, task_id) is TaskStatus.DONE,
        timeout=20,
        what="the second worker to run the task",
    )
    second.send_signal(signal.SIGTERM)

    assert second.wait(10) == 0
    assert lines(out) == ["start 1", "start 2", "done 2"]
    info = queue.backend.get(task_id)
    assert info is not None
    assert info.attempts == 2


def test_sigterm_lets_the_running_task_finish_and_takes_no_new_one(
    queue: QueueEnv, tmp_path: Path
) -> None:
    out = tmp_path / "slow.txt"
    first = enqueue(
        queue.backend, "sample.slow", registry=sample_tasks.registry, path=str(out), seconds=1.0
    )
    worker = queue.spawn_worker(lease=5.0, log=tmp_path / "worker.log")
    wait_for(lambda: f"start {first}" in lines(out), timeout=20, what="the task to start")
    second = enqueue(
        queue.backend, "sample.slow", registry=sample_tasks.registry, path=str(out), seconds=1.0
    )

    worker.send_signal(signal.SIGTERM)

    assert worker.wait(15) == 0
    assert lines(out) == [f"start {first}", f"done {first}"]
    assert _status(queue, first) is TaskStatus.DONE
    assert _status(queue, second) is TaskStatus.QUEUED
