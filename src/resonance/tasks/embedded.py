"""The embedded worker: the worker and scheduler in a daemon thread of `resonance serve`."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from resonance.config import Settings
from resonance.storage.runtime import Database
from resonance.tasks.registry import TaskRegistry
from resonance.tasks.worker import WorkerStats, run_worker

log = logging.getLogger(__name__)


@dataclass
class EmbeddedWorker:
    """A worker thread inside another process; `stop()` lets the current task finish."""

    thread: threading.Thread
    stop_event: threading.Event
    stats: list[WorkerStats] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.thread.is_alive()

    def stop(self, timeout: float | None = 30.0) -> bool:
        """Ask the worker to stop and wait; True if it stopped within `timeout` seconds."""
        self.stop_event.set()
        self.thread.join(timeout)
        if self.thread.is_alive():
            # Its task keeps its lease until the process exits; then the lease lapses and
            # another worker runs it again (at-least-once).
            log.warning("The embedded worker is still finishing a task after %s s.", timeout)
            return False
        return True


def start_embedded_worker(
    settings: Settings,
    db: Database,
    *,
    concurrency: int = 1,
    registry: TaskRegistry | None = None,
) -> EmbeddedWorker:
    """Start the worker and the periodic scheduler in a daemon thread of this process."""
    stop_event = threading.Event()
    stats: list[WorkerStats] = []

    def target() -> None:
        try:
            stats.append(
                run_worker(
                    settings, db, concurrency=concurrency, stop_event=stop_event, registry=registry
                )
            )
        except Exception:
            log.exception("The embedded task worker stopped on an error.")

    thread = threading.Thread(target=target, name="embedded-task-worker", daemon=True)
    thread.start()
    return EmbeddedWorker(thread=thread, stop_event=stop_event, stats=stats)
