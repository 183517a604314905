"""Sources: list with health, read, create, change, enable, disable, fetch now, runs, webhook."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, link_header
from resonance.api.schemas import Body, Out, Patch
from resonance.config import Settings
from resonance.ingest.pipeline import IngestContext
from resonance.ingest.push import receive_webhook, request_fetch
from resonance.organization.access import Permission
from resonance.sources import services
from resonance.sources.config_form import keep_masked_secrets, masked
from resonance.sources.health import SourceHealth
from resonance.sources.models import Source
from resonance.sources.overview import (
    health_of,
    runs_query,
    source_with_health,
    sources_query,
    window,
)
from resonance.sources.queries import access_source_for
from resonance.sources.registry import default_registry
from resonance.storage.base import utcnow
from resonance.tasks.api import get_backend
from resonance.web.deps import (
    ProjectManager,
    PublicActor,
    SessionDep,
    Viewer,
    get_database,
    get_settings,
)

router = APIRouter(tags=["sources"])
# A webhook delivery is at most this large (the app-wide body limit may be higher).
WEBHOOK_MAX_BYTES = 1_000_000


class HealthOut(Out):
    status: str = Field(description="ok, failing, silent, disabled or new.")
    silent: bool = Field(description="Usually delivers, but brought (almost) nothing lately.")
    last_success_at: datetime | None
    last_delivery_at: datetime | None
    error_rate: float | None = Field(description="Share of the recent runs that failed.")
    runs_considered: int
    items_last_day: int
    baseline_per_day: float | None = Field(description="Median new items per day, 14 days.")
    last_error: str | None


class SourceOut(Out):
    id: int
    name: str
    connector: str
    config: dict[str, Any] = Field(description="Secrets are shown as ********.")
    owner_unit_id: int
    country: str | None
    region: str | None
    enabled: bool
    interval_seconds: int
    jitter_seconds: int
    next_run_at: datetime | None
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    consecutive_failures: int
    created_at: datetime
    updated_at: datetime
    health: HealthOut


class SourceCreate(Body):
    name: str = Field(min_length=1, max_length=200)
    connector: str = Field(min_length=1, max_length=64, description="See GET /connectors.")
    config: dict[str, Any] = Field(description="Validated by the connector's config schema.")
    owner_unit_id: int
    country: str | None = Field(default=None, max_length=2)
    region: str | None = Field(default=None, max_length=100)
    interval_seconds: int = 900
    jitter_seconds: int = 60
    enabled: bool = True


class SourceUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset({"country", "region"})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    config: dict[str, Any] | None = Field(
        default=None, description="The whole config; a secret sent as ******** keeps its value."
    )
    owner_unit_id: int | None = None
    country: str | None = Field(default=None, max_length=2)
    region: str | None = Field(default=None, max_length=100)
    interval_seconds: int | None = None
    jitter_seconds: int | None = None


class DisableBody(Body):
    reason: str = Field(default="", max_length=500)


class RunOut(Out):
    id: int
    started_at: datetime
    finished_at: datetime | None
    ok: bool
    items_fetched: int
    items_new: int
    error: str | None


class ConnectorOut(Out):
    name: str
    origin: str
    config_schema: dict[str, Any]


class FetchQueued(Out):
    source_id: int
    task_id: str


class DeliveryOut(Out):
    source_id: int
    run_id: int
    received: int
    new: int
    updated: int
    unchanged: int
    exact_duplicates: int
    mentions: int
    dead_letters: int


def _out(source: Source, health: SourceHealth) -> SourceOut:
    values = {name: getattr(source, name) for name in SourceOut.model_fields if name != "health"}
    values["config"] = masked(source.connector, source.config)
    return SourceOut(**values, health=HealthOut.model_validate(health))


@router.get("/connectors")
def list_connectors(actor: Viewer) -> list[ConnectorOut]:
    """The connectors a source can use, with the JSON schema of their config."""
    del actor
    registry = default_registry()
    return [
        ConnectorOut(
            name=name,
            origin=registry.origins.get(name, ""),
            config_schema=registry.get(name).config_model.model_json_schema(),
        )
        for name in registry.names()
    ]


@router.get("/sources")
def list_sources(
    session: SessionDep,
    actor: Viewer,
    request: Request,
    response: Response,
    page: PageDep,
    search: Annotated[str | None, Query(max_length=200)] = None,
    connector: Annotated[str | None, Query(max_length=64)] = None,
    enabled: bool | None = None,
    owner_unit_id: int | None = None,
) -> Page[SourceOut]:
    """Sources of the units you may see, by name, each with its health now."""
    stmt = sources_query(
        actor, search=search, connector=connector, enabled=enabled, owner_unit_id=owner_unit_id
    )
    rows, total = window(session, stmt, limit=page.limit, offset=page.offset)
    health = health_of(session, rows, utcnow())
    links = link_header(request, page, total)
    if links:
        response.headers["Link"] = links
    items = [_out(source, health[source.id]) for source in rows]
    return Page[SourceOut](items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/sources/{source_id}", responses=problem_responses(404))
def get_source(session: SessionDep, actor: Viewer, source_id: int) -> SourceOut:
    source, health = source_with_health(session, actor, source_id, utcnow())
    return _out(source, health)


@router.post("/sources", status_code=status.HTTP_201_CREATED, responses=problem_responses(404, 409))
def create_source(
    session: SessionDep,
    actor: ProjectManager,
    body: SourceCreate,
    request: Request,
    response: Response,
) -> SourceOut:
    """Add a source; its config is validated by the connector (errors name each field)."""
    source = services.create_source(session, actor, **body.model_dump())
    response.headers["Location"] = f"{request.url.path}/{source.id}"
    return get_source(session, actor, source.id)


@router.patch("/sources/{source_id}", responses=problem_responses(404, 409))
def update_source(
    session: SessionDep, actor: ProjectManager, source_id: int, body: SourceUpdate
) -> SourceOut:
    """Change a source; a new config resets its cursor."""
    changes = body.changes()
    if changes.get("config") is not None:
        stored = access_source_for(session, actor, source_id, Permission.MANAGE_PROJECTS)
        changes["config"] = keep_masked_secrets(stored.connector, changes["config"], stored.config)
    services.update_source(session, actor, source_id, **changes)
    return get_source(session, actor, source_id)


@router.post("/sources/{source_id}/enable", responses=problem_responses(404))
def enable_source(session: SessionDep, actor: ProjectManager, source_id: int) -> SourceOut:
    services.enable_source(session, actor, source_id)
    return get_source(session, actor, source_id)


@router.post("/sources/{source_id}/disable", responses=problem_responses(404))
def disable_source(
    session: SessionDep, actor: ProjectManager, source_id: int, body: DisableBody
) -> SourceOut:
    services.disable_source(session, actor, source_id, reason=body.reason)
    return get_source(session, actor, source_id)


@router.post(
    "/sources/{source_id}/fetch",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(404, 409),
)
def fetch_source_now(
    session: SessionDep, actor: ProjectManager, source_id: int, request: Request
) -> FetchQueued:
    """Queue a fetch now (one per source and minute); the worker runs it."""
    backend = get_backend(get_settings(request), get_database(request))
    queued = request_fetch(session, actor, source_id, backend=backend, now=utcnow())
    return FetchQueued(source_id=queued.source_id, task_id=queued.task_id)


@router.get("/sources/{source_id}/runs", responses=problem_responses(404))
def list_runs(
    session: SessionDep,
    actor: Viewer,
    source_id: int,
    request: Request,
    response: Response,
    page: PageDep,
) -> Page[RunOut]:
    """The source's fetches (or webhook deliveries), newest first."""
    source = access_source_for(session, actor, source_id)
    rows, total = window(session, runs_query(source.id), limit=page.limit, offset=page.offset)
    links = link_header(request, page, total)
    if links:
        response.headers["Link"] = links
    items = [RunOut.model_validate(run) for run in rows]
    return Page[RunOut](items=items, total=total, limit=page.limit, offset=page.offset)


_local = threading.local()


def ingest_context(request: Request) -> IngestContext:
    """The app's IngestContext override (tests), else one per thread built from settings."""
    override: IngestContext | None = getattr(request.app.state, "ingest_context", None)
    if override is not None:
        return override
    settings: Settings = get_settings(request)
    cached: tuple[Settings, IngestContext] | None = getattr(_local, "context", None)
    if cached is None or cached[0] is not settings:
        cached = (settings, IngestContext.from_settings(settings))
        _local.context = cached
    return cached[1]


async def _capped_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    too_large = f"A webhook delivery may have at most {WEBHOOK_MAX_BYTES} bytes."
    if declared.isdigit() and int(declared) > WEBHOOK_MAX_BYTES:
        raise HTTPException(413, too_large)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > WEBHOOK_MAX_BYTES:
            raise HTTPException(413, too_large)
    return bytes(body)


@router.post(
    "/sources/{source_id}/webhook",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 404, 409, 413, 422),
)
async def receive_delivery(
    request: Request, session: SessionDep, actor: PublicActor, source_id: int
) -> DeliveryOut:
    """Push items to a webhook source: a JSON item or array, signed with the source's secret.

    No token: the `X-Resonance-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t." + body>`
    header authenticates the sender. 401 for a bad, missing or stale signature (replays), 422
    for a body that is not valid items, 409 when the source is disabled.
    """
    del actor  # public: the signature, not a user, authenticates the delivery
    body = await _capped_body(request)
    headers = dict(request.headers)
    context = ingest_context(request)

    def run() -> DeliveryOut:
        delivery = receive_webhook(
            session, source_id=source_id, body=body, headers=headers, context=context
        )
        report = delivery.report
        return DeliveryOut(
            source_id=delivery.source_id,
            run_id=delivery.run_id,
            received=report.received,
            new=report.new,
            updated=report.updated,
            unchanged=report.unchanged,
            exact_duplicates=report.exact_duplicates,
            mentions=report.mentions,
            dead_letters=report.dead_letters,
        )

    return await run_in_threadpool(run)
