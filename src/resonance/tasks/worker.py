"""The worker: claim a task, run it under a renewed lease, then ack, retry or dead-letter it."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from types import FrameType

from resonance.config import Settings
from resonance.storage.runtime import Database
from resonance.tasks.api import TaskContext, get_backend
from resonance.tasks.backend import Backend, Claim
from resonance.tasks.registry import Backoff, TaskRegistry, default_registry, load_task_modules
from resonance.tasks.schedule import run_scheduler

log = logging.getLogger(__name__)
MAX_ERROR_CHARS = 4000


@dataclass
class WorkerStats:
    """What a worker did; counters are shared by its threads."""

    done: int = 0
    retried: int = 0
    failed: int = 0
    lost: int = 0  # outcomes not recorded because the lease had passed to another worker
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, outcome: str) -> None:
        with self._lock:
            setattr(self, outcome, getattr(self, outcome) + 1)


def describe_error(error: BaseException) -> str:
    """The error and the end of its traceback, as kept on a retried or failed task."""
    text = "".join(traceback.format_exception(error)).strip()
    return text if len(text) <= MAX_ERROR_CHARS else "…" + text[-MAX_ERROR_CHARS:]


class _Heartbeat:
    """Renews the leases of the tasks this process runs, every third of the lease."""

    def __init__(self, backend: Backend, lease: timedelta, stop_event: threading.Event) -> None:
        self.backend, self.lease, self._stop = backend, lease, stop_event
        self._claims: dict[tuple[str, int], Claim] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="task-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def add(self, claim: Claim) -> None:
        with self._lock:
            self._claims[claim.id, claim.attempt] = claim

    def remove(self, claim: Claim) -> None:
        # Under the lock: once this returns, no renewal of this claim is in flight.
        with self._lock:
            self._claims.pop((claim.id, claim.attempt), None)

    def _run(self) -> None:
        interval = self.lease.total_seconds() / 3
        while not self._stop.wait(interval):
            with self._lock:
                for claim in list(self._claims.values()):
                    self._renew(claim)

    def _renew(self, claim: Claim) -> None:
        try:
            if not self.backend.extend(claim, self.lease):
                log.warning(
                    "Task %s (%s) lost its lease; another worker may run it.", claim.id, claim.name
                )
        except Exception:
            log.exception("Could not renew the lease of task %s; retrying.", claim.id)


@dataclass
class Worker:
    """One worker process: its threads share the backend, the heartbeat and the stop event."""

    settings: Settings
    db: Database
    backend: Backend
    registry: TaskRegistry
    queues: Sequence[str]
    lease: timedelta
    stop_event: threading.Event
    burst: bool = False
    poll_interval: float = 1.0
    reap_interval: float = 5.0
    stats: WorkerStats = field(default_factory=WorkerStats)
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")

    def __post_init__(self) -> None:
        self._reap_lock = threading.Lock()
        self._next_reap = 0.0
        # The heartbeat outlives stop_event: tasks still finishing need their leases renewed.
        self._done = threading.Event()
        self._heartbeat = _Heartbeat(self.backend, self.lease, self._done)

    def run(self, concurrency: int = 1) -> WorkerStats:
        self._heartbeat.start()
        try:
            if concurrency == 1:
                self._loop(f"{self.worker_id}:0")
            else:
                threads = [
                    threading.Thread(
                        target=self._loop, args=(f"{self.worker_id}:{n}",), name=f"task-worker-{n}"
                    )
                    for n in range(concurrency)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
        finally:
            self._done.set()
        return self.stats

    def _loop(self, worker_id: str) -> None:
        idle = 0.05
        while not self.stop_event.is_set():
            try:
                self._reap()
                claim = self.backend.claim(self.queues, worker_id, self.lease)
            except Exception:
                log.exception("Could not claim a task; retrying in %.0f s.", self.poll_interval)
                self.stop_event.wait(self.poll_interval)
                continue
            if claim is None:
                if self.burst:
                    return
                # Back off while idle, so an empty queue costs little; start fast after work.
                self.stop_event.wait(idle)
                idle = min(idle * 2, self.poll_interval)
                continue
            idle = 0.05
            self.execute(claim)

    def _reap(self) -> None:
        with self._reap_lock:
            if time.monotonic() < self._next_reap:
                return
            self._next_reap = time.monotonic() + self.reap_interval
        count = self.backend.requeue_expired()
        if count:
            log.warning("Re-queued %d task(s) whose worker was lost (lease expired).", count)

    def execute(self, claim: Claim) -> None:
        """Run one claimed task and record its outcome, fenced by the claim."""
        self._heartbeat.add(claim)
        started = time.monotonic()
        try:
            self._call(claim)
        except Exception as error:
            self._heartbeat.remove(claim)
            self._record_error(claim, error)
            return
        except BaseException:
            # Interpreter shutdown mid-task: leave the lease to lapse, so the task runs again.
            self._heartbeat.remove(claim)
            raise
        self._heartbeat.remove(claim)
        ok = self._safely(lambda: self.backend.complete(claim), claim)
        self.stats.count("done" if ok else "lost")
        log.info(
            "Task %s (%s) done in %.2f s, attempt %d.",
            claim.id,
            claim.name,
            time.monotonic() - started,
            claim.attempt,
        )

    def _call(self, claim: Claim) -> None:
        definition = self.registry.find(claim.name)
        if definition is None:
            raise LookupError(f"No task named {claim.name!r} is registered in this worker.")
        ctx = TaskContext(
            settings=self.settings,
            db=self.db,
            backend=self.backend,
            task_id=claim.id,
            attempt=claim.attempt,
            worker_id=claim.worker_id,
        )
        definition.fn(ctx, **claim.payload)

    def _record_error(self, claim: Claim, error: Exception) -> None:
        text = describe_error(error)
        permanent = bool(getattr(error, "permanent", False))
        if permanent or claim.attempt >= claim.max_attempts:
            log.error(
                "Task %s (%s) failed for good on attempt %d: %s",
                claim.id,
                claim.name,
                claim.attempt,
                error,
            )
            ok = self._safely(lambda: self.backend.fail(claim, text), claim)
            self.stats.count("failed" if ok else "lost")
            return
        definition = self.registry.find(claim.name)
        backoff = definition.backoff if definition is not None else Backoff()
        delay = backoff.delay(claim.attempt)
        log.warning(
            "Task %s (%s) failed on attempt %d, retry in %.1f s: %s",
            claim.id,
            claim.name,
            claim.attempt,
            delay.total_seconds(),
            error,
        )
        ok = self._safely(lambda: self.backend.retry(claim, text, delay), claim)
        self.stats.count("retried" if ok else "lost")

    def _safely(self, write: Callable[[], bool], claim: Claim) -> bool:
        """Record an outcome; if the backend refuses or fails, the lease decides what happens."""
        try:
            ok = write()
        except Exception:
            log.exception("Could not record the outcome of task %s; it will run again.", claim.id)
            return False
        if not ok:
            log.warning(
                "Task %s (%s) had lost its lease; its outcome was not recorded.",
                claim.id,
                claim.name,
            )
        return ok


def run_worker(
    settings: Settings,
    db: Database,
    *,
    queues: Sequence[str] = (),
    concurrency: int = 1,
    stop_event: threading.Event | None = None,
    burst: bool = False,
    backend: Backend | None = None,
    registry: TaskRegistry | None = None,
    lease: timedelta | None = None,
    scheduler: bool | None = None,
    poll_interval: float = 1.0,
    reap_interval: float = 5.0,
) -> WorkerStats:
    """Run tasks until `stop_event` is set (or, with burst, until no task is due).

    `queues` defaults to every queue of the registered tasks. The scheduler of periodic tasks
    runs alongside unless `scheduler=False`; burst mode runs no scheduler by default.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    chosen_registry = registry or default_registry
    if registry is None:
        load_task_modules()
    worker = Worker(
        settings=settings,
        db=db,
        backend=backend or get_backend(settings, db),
        registry=chosen_registry,
        queues=list(queues) or chosen_registry.queues(),
        lease=lease or timedelta(seconds=settings.task_lease_seconds),
        stop_event=stop_event or threading.Event(),
        burst=burst,
        poll_interval=poll_interval,
        reap_interval=reap_interval,
    )
    sched_stop = threading.Event()
    if scheduler if scheduler is not None else not burst:
        threading.Thread(
            target=run_scheduler,
            args=(worker.backend, sched_stop),
            kwargs={"registry": chosen_registry},
            name="task-scheduler",
            daemon=True,
        ).start()
    log.info("Worker %s runs queues %s.", worker.worker_id, ", ".join(worker.queues))
    try:
        return worker.run(concurrency)
    finally:
        sched_stop.set()


def install_signal_handlers(stop_event: threading.Event) -> Callable[[], None]:
    """SIGTERM/SIGINT: finish the current task, then exit; a second signal exits at once.

    Returns a function that puts the previous handlers back.
    """
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

    def handle(signum: int, _frame: FrameType | None) -> None:
        log.warning("Signal %d: finishing the current task, then stopping.", signum)
        stop_event.set()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    for sig in previous:
        signal.signal(sig, handle)
    return restore
