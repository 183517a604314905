"""Per-host politeness: a concurrency cap and a minimum interval between requests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from resonance.errors import ConnectorError


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, the unit politeness and robots.txt are kept per."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class _HostState:
    slots: threading.BoundedSemaphore
    next_at: float = 0.0
    interval: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class HostLimiter:
    """Thread-safe: at most `max_per_host` requests in flight and `min_interval` between starts."""

    def __init__(
        self,
        *,
        min_interval: float,
        max_per_host: int,
        max_wait: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval = min_interval
        self.max_per_host = max_per_host
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _HostState] = {}
        self._lock = threading.Lock()

    def _state(self, origin: str) -> _HostState:
        with self._lock:
            state = self._hosts.get(origin)
            if state is None:
                state = _HostState(threading.BoundedSemaphore(self.max_per_host))
                state.interval = self.min_interval
                self._hosts[origin] = state
            return state

    def set_interval(self, origin: str, seconds: float) -> None:
        """Raise a host's interval (robots.txt Crawl-delay); never lowers the configured one."""
        state = self._state(origin)
        with state.lock:
            state.interval = max(self.min_interval, seconds)

    def defer(self, origin: str, seconds: float) -> None:
        """Hold requests to a host for `seconds` (after 429/503 with Retry-After)."""
        state = self._state(origin)
        with state.lock:
            state.next_at = max(state.next_at, self._clock() + seconds)

    @contextmanager
    def slot(self, origin: str) -> Iterator[None]:
        """Wait for a free slot and the host's interval, or fail fast if the wait is too long."""
        state = self._state(origin)
        with state.lock:
            now = self._clock()
            wait = state.next_at - now
            if wait > self.max_wait:
                raise ConnectorError(
                    f"{origin} asked us to wait {wait:.0f} s before the next request",
                    permanent=False,
                    retry_after=int(wait + 0.999),
                )
            start = max(now, state.next_at)
            state.next_at = start + state.interval
        if start > now:
            self._sleep(start - now)
        with state.slots:
            yield
