"""A real worker process for the crash tests: `python -m tests.tasks.worker_entry ...`."""

from __future__ import annotations

import argparse
import logging
import threading
from datetime import timedelta

from resonance.config import Settings
from resonance.storage.runtime import Database
from resonance.tasks import Backend, install_signal_handlers, run_worker
from resonance.tasks.database import DatabaseBackend
from resonance.tasks.redis import RedisBackend
from tests.tasks import sample_tasks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--lease", type=float, default=2.0)
    parser.add_argument("--queue", action="append", default=[])
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = Settings()
    db = Database.from_settings(settings)
    backend: Backend
    if settings.task_backend == "redis":
        backend = RedisBackend.from_url(settings.redis_url, prefix=args.prefix)
    else:
        backend = DatabaseBackend(db)
    stop_event = threading.Event()
    install_signal_handlers(stop_event)
    run_worker(
        settings,
        db,
        queues=args.queue or sample_tasks.registry.queues(),
        stop_event=stop_event,
        backend=backend,
        registry=sample_tasks.registry,
        lease=timedelta(seconds=args.lease),
        scheduler=False,
        poll_interval=0.1,
        reap_interval=0.2,
    )


if __name__ == "__main__":
    main()
