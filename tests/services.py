"""Reaching the real PostgreSQL and Redis servers from tests: fail under CI, skip locally."""

from __future__ import annotations

import os
import socket

import pytest

PG_HOST, PG_PORT = os.environ.get("RESONANCE_TEST_PG_HOST", "127.0.0.1"), 5432
REDIS_URL = os.environ.get("RESONANCE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

START_HINTS = {
    "PostgreSQL": "start it with: pg_ctlcluster --skip-systemctl-redirect "
    "$(ls /etc/postgresql) main start",
    "Redis": "start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 "
    '--save "" --appendonly no',
}


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def require_server(name: str, host: str, port: int) -> None:
    """Fail under CI=true when a server is down; skip elsewhere, saying how to start it."""
    if reachable(host, port):
        return
    message = f"{name} is not reachable at {host}:{port}; {START_HINTS[name]}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
