"""The Redis queue: a reliable queue with leases in a sorted set, moved by Lua scripts."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import redis

from resonance.tasks import _lua
from resonance.tasks.backend import (
    DONE_RETENTION,
    WORKER_LOST_ERROR,
    Claim,
    Enqueued,
    NewTask,
    TaskInfo,
)
from resonance.tasks.models import TaskStatus

DEFAULT_PREFIX = "resonance:tasks"


def _time(value: str | None) -> datetime | None:
    return datetime.fromtimestamp(float(value), UTC) if value else None


def _info(fields: dict[str, str]) -> TaskInfo:
    return TaskInfo(
        id=fields["id"],
        name=fields["name"],
        queue=fields["queue"],
        payload=json.loads(fields["payload"]),
        status=TaskStatus(fields["status"]),
        attempts=int(fields.get("attempts", 0)),
        max_attempts=int(fields["max_attempts"]),
        run_at=_time(fields.get("run_at")),
        unique_key=fields.get("unique_key") or None,
        worker_id=fields.get("worker_id") or None,
        last_error=fields.get("last_error") or None,
        created_at=_time(fields.get("created_at")),
        finished_at=_time(fields.get("finished_at")),
    )


class RedisBackend:
    """Tasks in Redis under one key prefix; several deployments may share a server by prefix."""

    def __init__(self, client: redis.Redis[str], *, prefix: str = DEFAULT_PREFIX) -> None:
        self.client = client
        self.prefix = prefix
        self._scripts = {
            name: client.register_script(getattr(_lua, name))
            for name in (
                "ENQUEUE",
                "CLAIM",
                "EXTEND",
                "COMPLETE",
                "RETRY",
                "FAIL",
                "REQUEUE_EXPIRED",
                "REPLAY",
                "PURGE_DONE",
            )
        }

    @classmethod
    def from_url(cls, url: str, *, prefix: str = DEFAULT_PREFIX) -> RedisBackend:
        client = redis.Redis.from_url(url, decode_responses=True, health_check_interval=30)
        return cls(client, prefix=prefix)

    def _run(self, script: str, *args: str | int | float) -> Any:
        return self._scripts[script](keys=[], args=[self.prefix, *args])

    def push(self, task: NewTask) -> Enqueued:
        task_id, created = self._run(
            "ENQUEUE",
            uuid.uuid4().hex,
            task.name,
            task.queue,
            json.dumps(task.payload),
            task.max_attempts,
            task.delay.total_seconds(),
            task.unique_key or "",
        )
        return Enqueued(str(task_id), created=bool(created))

    def claim(self, queues: Sequence[str], worker_id: str, lease: timedelta) -> Claim | None:
        row = self._run("CLAIM", worker_id, lease.total_seconds(), *queues)
        if not row:
            return None
        task_id, attempt, name, queue, payload, max_attempts = row
        return Claim(
            id=task_id,
            name=name,
            queue=queue,
            payload=json.loads(payload),
            attempt=int(attempt),
            max_attempts=int(max_attempts),
            worker_id=worker_id,
        )

    def _fenced(self, script: str, claim: Claim, *args: str | float) -> bool:
        return bool(self._run(script, claim.id, claim.worker_id, str(claim.attempt), *args))

    def extend(self, claim: Claim, lease: timedelta) -> bool:
        return self._fenced("EXTEND", claim, lease.total_seconds())

    def complete(self, claim: Claim) -> bool:
        return self._fenced("COMPLETE", claim)

    def retry(self, claim: Claim, error: str, delay: timedelta) -> bool:
        return self._fenced("RETRY", claim, error, delay.total_seconds())

    def fail(self, claim: Claim, error: str) -> bool:
        return self._fenced("FAIL", claim, error)

    def requeue_expired(self) -> int:
        total = 0
        while (count := int(self._run("REQUEUE_EXPIRED", WORKER_LOST_ERROR))) > 0:
            total += count
        return total

    def get(self, task_id: str) -> TaskInfo | None:
        fields: dict[str, str] = self.client.hgetall(f"{self.prefix}:task:{task_id}")
        return _info(fields) if fields else None

    def _ids(self, status: TaskStatus, limit: int) -> list[str]:
        zsets = {
            TaskStatus.DONE: "done",
            TaskStatus.FAILED: "failed",
            TaskStatus.RUNNING: "leases",
        }
        if status in zsets:
            return list(self.client.zrange(f"{self.prefix}:{zsets[status]}", 0, limit - 1))
        ids: list[str] = []
        for queue in sorted(self.client.smembers(f"{self.prefix}:queues")):
            # Lists are consumed from the right: reverse so the next task comes first.
            ids.extend(reversed(self.client.lrange(f"{self.prefix}:ready:{queue}", 0, -1)))
        ids.extend(self.client.zrange(f"{self.prefix}:delayed", 0, -1))
        return ids[:limit]

    def list_tasks(self, status: TaskStatus, *, limit: int = 100) -> list[TaskInfo]:
        ids = self._ids(status, limit)
        pipe = self.client.pipeline(transaction=False)
        for task_id in ids:
            pipe.hgetall(f"{self.prefix}:task:{task_id}")
        return [_info(fields) for fields in pipe.execute() if fields]

    def replay(self, task_id: str) -> bool:
        return bool(self._run("REPLAY", task_id))

    def purge_done(self, older_than: timedelta = DONE_RETENTION) -> int:
        total = 0
        while (count := int(self._run("PURGE_DONE", older_than.total_seconds()))) > 0:
            total += count
        return total

    def close(self) -> None:
        self.client.close()
