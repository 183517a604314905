"""Background jobs: one task API with an embedded (database) and a Redis backend."""

from resonance.tasks.api import TaskContext, enqueue, get_backend
from resonance.tasks.backend import DONE_RETENTION, Backend, Claim, Enqueued, NewTask, TaskInfo
from resonance.tasks.embedded import EmbeddedWorker, start_embedded_worker
from resonance.tasks.models import TaskRecord, TaskStatus
from resonance.tasks.registry import Backoff, TaskDef, TaskRegistry, default_registry, task
from resonance.tasks.schedule import Cron, Every, Scheduler, periodic
from resonance.tasks.worker import WorkerStats, install_signal_handlers, run_worker

__all__ = [
    "DONE_RETENTION",
    "Backend",
    "Backoff",
    "Claim",
    "Cron",
    "EmbeddedWorker",
    "Enqueued",
    "Every",
    "NewTask",
    "Scheduler",
    "TaskContext",
    "TaskDef",
    "TaskInfo",
    "TaskRecord",
    "TaskRegistry",
    "TaskStatus",
    "WorkerStats",
    "default_registry",
    "enqueue",
    "get_backend",
    "install_signal_handlers",
    "periodic",
    "run_worker",
    "start_embedded_worker",
    "task",
]
