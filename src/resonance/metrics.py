"""Prometheus metrics: requests by route template and status, and gauges read at scrape time."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from time import perf_counter

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import column, func, inspect, select, table
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resonance.storage.runtime import Database

log = logging.getLogger(__name__)

UNMATCHED = "unmatched"  # one label for every unknown path, so scanners cannot bloat the series

# Read by name, not through the models, so metrics work whatever the tasks package looks like.
_TASK_QUEUE = table("task_queue", column("queue"), column("status"))
_COUNTED_TABLES: tuple[tuple[str, str], ...] = (
    ("users", "User accounts, active or not."),
    ("units", "Units of the organisation tree."),
    ("projects", "Reform projects."),
)


class DatabaseCollector:
    """Counts rows when Prometheus scrapes; a failing database shows as resonance_database_up 0."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily("resonance_database_up", "1 when the database answered the scrape.")
        try:
            with self.db.sessions() as session:
                families = list(self._families(session))
        except SQLAlchemyError:
            log.warning("metrics: the database did not answer", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self, session: Session) -> Iterable[Metric]:
        for name, help_text in _COUNTED_TABLES:
            rows = session.scalar(select(func.count()).select_from(table(name))) or 0
            yield GaugeMetricFamily(f"resonance_{name}", help_text, value=rows)
        if not inspect(session.connection()).has_table("task_queue"):
            return
        tasks = GaugeMetricFamily(
            "resonance_tasks",
            "Tasks on the embedded queue by queue and status.",
            labels=["queue", "status"],
        )
        stmt = select(_TASK_QUEUE.c.queue, _TASK_QUEUE.c.status, func.count()).group_by(
            _TASK_QUEUE.c.queue, _TASK_QUEUE.c.status
        )
        for queue, status, number in session.execute(stmt):
            tasks.add_metric([str(queue), str(status)], number)
        yield tasks


@dataclass
class Metrics:
    """The metrics of one app, in a registry of its own (several apps may live in one process)."""

    registry: CollectorRegistry
    requests: Counter
    latency: Histogram

    @classmethod
    def create(cls, db: Database) -> Metrics:
        registry = CollectorRegistry()
        labels = ["method", "route", "status"]
        requests = Counter(
            "resonance_http_requests", "HTTP requests answered.", labels, registry=registry
        )
        latency = Histogram(
            "resonance_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            labels,
            registry=registry,
        )
        registry.register(DatabaseCollector(db))
        return cls(registry=registry, requests=requests, latency=latency)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route, str(status)).observe(seconds)


def route_template(scope: Scope) -> str:
    """The matched route's path template (`/api/v1/units/{unit_id}`), never the raw path."""
    # FastAPI >= 0.130 resolves included routers lazily: the full template sits on the effective
    # route context, while scope["route"] is the route as declared (without the outer prefix).
    fastapi_scope = scope.get("fastapi")
    candidates = (
        fastapi_scope.get("effective_route_context") if isinstance(fastapi_scope, dict) else None,
        scope.get("route"),
    )
    for candidate in candidates:
        template = getattr(candidate, "path_format", None) or getattr(candidate, "path", None)
        if isinstance(template, str) and template:
            return template
    return UNMATCHED


class MetricsMiddleware:
    """Pure ASGI middleware timing every HTTP request, including those answered by middleware."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            self.metrics.observe(
                scope["method"], route_template(scope), status, perf_counter() - started
            )


def install_metrics(app: FastAPI) -> Metrics:
    """Create the app's metrics and time every request; /metrics serves `app.state.metrics`."""
    metrics = Metrics.create(app.state.db)
    app.state.metrics = metrics
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return metrics
