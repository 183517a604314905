"""The database queue (table task_queue): atomic claims, leases, retries, dead letters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from resonance.storage.base import utcnow
from resonance.storage.engine import session_scope
from resonance.storage.runtime import Database
from resonance.tasks.backend import (
    DONE_RETENTION,
    WORKER_LOST_ERROR,
    Claim,
    Enqueued,
    NewTask,
    TaskInfo,
)
from resonance.tasks.models import TaskRecord, TaskStatus

T = TaskRecord


def _owned(claim: Claim) -> ColumnElement[bool]:
    """The fence: only the worker holding this attempt of the task may write its outcome."""
    return (
        (T.id == int(claim.id))
        & (T.status == TaskStatus.RUNNING)
        & (T.worker_id == claim.worker_id)
        & (T.attempts == claim.attempt)
    )


def _info(record: TaskRecord) -> TaskInfo:
    return TaskInfo(
        id=str(record.id),
        name=record.name,
        queue=record.queue,
        payload=dict(record.payload),
        status=record.status,
        attempts=record.attempts,
        max_attempts=record.max_attempts,
        run_at=record.run_at,
        unique_key=record.unique_key,
        worker_id=record.worker_id,
        last_error=record.last_error,
        created_at=record.created_at,
        finished_at=record.finished_at,
    )


class DatabaseBackend:
    """Tasks as rows of task_queue, on SQLite (one box) or PostgreSQL (SKIP LOCKED claims)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.dialect = db.engine.dialect.name

    def push(self, task: NewTask) -> Enqueued:
        now = utcnow()
        values: dict[str, Any] = {
            "queue": task.queue,
            "name": task.name,
            "payload": task.payload,
            "status": TaskStatus.QUEUED,
            "unique_key": task.unique_key,
            "attempts": 0,
            "max_attempts": task.max_attempts,
            "run_at": now + task.delay,
            "created_at": now,
        }
        with session_scope(self.db.sessions) as session:
            if task.unique_key is None:
                new_id = session.scalar(insert(T).values(values).returning(T.id))
                return Enqueued(str(new_id), created=True)
            dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
            # ON CONFLICT DO NOTHING makes racing enqueuers (schedulers on many hosts) agree
            # without an error: exactly one row carries the key.
            stmt = (
                dialect_insert(T)
                .values(values)
                .on_conflict_do_nothing(index_elements=["unique_key"])
                .returning(T.id)
            )
            new_id = session.scalar(stmt)
            if new_id is not None:
                return Enqueued(str(new_id), created=True)
            existing = session.scalar(select(T.id).where(T.unique_key == task.unique_key))
            return Enqueued(str(existing), created=False)

    def claim(self, queues: Sequence[str], worker_id: str, lease: timedelta) -> Claim | None:
        now = utcnow()
        # SKIP LOCKED (PostgreSQL) lets concurrent workers pass over each other's candidate;
        # SQLite ignores it and serialises writers, so the guarded UPDATE is atomic there too.
        candidate = (
            select(T.id)
            .where(T.status == TaskStatus.QUEUED, T.queue.in_(list(queues)), T.run_at <= now)
            .order_by(T.run_at, T.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        stmt = (
            update(T)
            .where(T.id == candidate, T.status == TaskStatus.QUEUED)
            .values(
                status=TaskStatus.RUNNING,
                worker_id=worker_id,
                attempts=T.attempts + 1,
                lease_expires_at=now + lease,
            )
            .returning(T.id, T.name, T.queue, T.payload, T.attempts, T.max_attempts)
        )
        with session_scope(self.db.sessions) as session:
            row: Row[Any] | None = session.execute(stmt).first()
        if row is None:
            return None
        return Claim(
            id=str(row.id),
            name=row.name,
            queue=row.queue,
            payload=dict(row.payload),
            attempt=row.attempts,
            max_attempts=row.max_attempts,
            worker_id=worker_id,
        )

    def _write(self, claim: Claim, **values: Any) -> bool:
        with session_scope(self.db.sessions) as session:
            result = session.execute(update(T).where(_owned(claim)).values(**values))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def extend(self, claim: Claim, lease: timedelta) -> bool:
        return self._write(claim, lease_expires_at=utcnow() + lease)

    def complete(self, claim: Claim) -> bool:
        return self._write(
            claim, status=TaskStatus.DONE, finished_at=utcnow(), lease_expires_at=None
        )

    def retry(self, claim: Claim, error: str, delay: timedelta) -> bool:
        return self._write(
            claim,
            status=TaskStatus.QUEUED,
            run_at=utcnow() + delay,
            last_error=error,
            worker_id=None,
            lease_expires_at=None,
        )

    def fail(self, claim: Claim, error: str) -> bool:
        return self._write(
            claim,
            status=TaskStatus.FAILED,
            last_error=error,
            finished_at=utcnow(),
            lease_expires_at=None,
        )

    def requeue_expired(self) -> int:
        now = utcnow()
        expired = (T.status == TaskStatus.RUNNING) & (T.lease_expires_at < now)
        with session_scope(self.db.sessions) as session:
            # A task that keeps killing its worker (out of memory, segfault) must not loop forever.
            dead = session.execute(
                update(T)
                .where(expired, T.attempts >= T.max_attempts)
                .values(
                    status=TaskStatus.FAILED,
                    last_error=WORKER_LOST_ERROR,
                    finished_at=now,
                    lease_expires_at=None,
                )
            )
            requeued = session.execute(
                update(T)
                .where(expired)
                .values(status=TaskStatus.QUEUED, run_at=now, worker_id=None, lease_expires_at=None)
            )
            return int(dead.rowcount or 0) + int(requeued.rowcount or 0)  # type: ignore[attr-defined]

    def get(self, task_id: str) -> TaskInfo | None:
        if not task_id.isdigit():
            return None
        with session_scope(self.db.sessions) as session:
            record = session.get(T, int(task_id))
            return _info(record) if record is not None else None

    def list_tasks(self, status: TaskStatus, *, limit: int = 100) -> list[TaskInfo]:
        order = T.finished_at if status in (TaskStatus.DONE, TaskStatus.FAILED) else T.run_at
        stmt = select(T).where(T.status == status).order_by(order, T.id).limit(limit)
        with session_scope(self.db.sessions) as session:
            return [_info(record) for record in session.scalars(stmt)]

    def replay(self, task_id: str) -> bool:
        if not task_id.isdigit():
            return False
        stmt = (
            update(T)
            .where(T.id == int(task_id), T.status == TaskStatus.FAILED)
            .values(
                status=TaskStatus.QUEUED,
                attempts=0,
                run_at=utcnow(),
                worker_id=None,
                finished_at=None,
            )
        )
        with session_scope(self.db.sessions) as session:
            return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def purge_done(self, older_than: timedelta = DONE_RETENTION) -> int:
        cutoff = utcnow() - older_than
        stmt = delete(T).where(T.status == TaskStatus.DONE, T.finished_at < cutoff)
        with session_scope(self.db.sessions) as session:
            return int(session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]

    def close(self) -> None:
        """The Database belongs to the caller; nothing to release here."""
