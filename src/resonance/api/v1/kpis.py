"""KPIs: list, read, create, change (a new version), archive, versions, evaluation, dashboard."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import Field

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate
from resonance.api.schemas import Body, Out, Patch
from resonance.kpi import (
    Comparator,
    Evaluation,
    Kpi,
    Visibility,
    WindowKind,
    access_kpi_for,
    archive_kpi,
    create_kpi,
    default_registry,
    list_kpi_versions,
    redefine_kpi,
    update_kpi,
)
from resonance.kpi import schemas as kpi_schemas
from resonance.kpi.dashboard import kpi_tile, project_dashboard
from resonance.kpi.queries import kpis_query
from resonance.kpi.schemas import KpiVersionOut
from resonance.storage.base import utcnow
from resonance.web.deps import ProjectManager, SessionDep, Viewer

router = APIRouter(tags=["kpis"])
DEFINITION = (
    "metric",
    "filter",
    "window",
    "window_days",
    "comparator",
    "target",
    "target_high",
    "baseline_on",
    "baseline_value",
    "deadline_on",
)
DETAILS = ("name", "description", "visibility", "owner_unit_id")


class KpiOut(kpi_schemas.KpiOut):
    current: KpiVersionOut


class KpiFilterIn(Body):
    languages: list[str] = Field(default_factory=list, max_length=50)
    source_ids: list[int] = Field(default_factory=list, max_length=1000)
    regions: list[str] = Field(default_factory=list, max_length=200)
    query_ids: list[int] = Field(default_factory=list, max_length=200)
    tags: list[str] = Field(default_factory=list, max_length=200)
    versus_project_id: int | None = None


class KpiCreate(Body):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20_000)
    project_id: int
    owner_unit_id: int
    visibility: Visibility = Visibility.UNIT
    metric: str = Field(max_length=64, description="A name from GET /api/v1/metrics.")
    filter: KpiFilterIn = Field(default_factory=KpiFilterIn)
    window: WindowKind
    window_days: int | None = Field(default=None, description="Rolling windows only.")
    comparator: Comparator
    target: float = Field(description="Shares as fractions: 0.7 is 70 %.")
    target_high: float | None = Field(default=None, description="'between' only.")
    baseline_on: date | None = None
    baseline_value: float | None = None
    deadline_on: date | None = None


class KpiUpdate(Patch):
    """Name, text, visibility and owner change in place; any definition field adds a version."""

    nullable: ClassVar[frozenset[str]] = frozenset(
        {"window_days", "target_high", "baseline_on", "baseline_value", "deadline_on"}
    )

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    visibility: Visibility | None = None
    owner_unit_id: int | None = None
    metric: str | None = Field(default=None, max_length=64)
    filter: KpiFilterIn | None = None
    window: WindowKind | None = None
    window_days: int | None = None
    comparator: Comparator | None = None
    target: float | None = None
    target_high: float | None = None
    baseline_on: date | None = None
    baseline_value: float | None = None
    deadline_on: date | None = None
    note: str = Field(default="", max_length=2_000, description="Kept with the new version.")


class MetricOut(Out):
    name: str
    title: str
    definition: str
    unit: str
    kind: str
    available: bool
    unavailable: str


class WindowOut(Out):
    first_day: date
    last_day: date
    start: datetime
    end: datetime
    partial: bool
    elapsed: float
    value: float | None
    n: int
    low: float | None
    high: float | None
    method: str
    completeness: float


class ForecastOut(Out):
    value: float
    low: float
    high: float
    probability: float
    history_days: int
    horizon_days: int
    method: str


class EvaluationOut(Out):
    kpi_id: int
    version: int
    metric: str
    definition: str
    unit: str
    as_of: datetime
    timezone: str
    state: str
    message: str
    status: str
    comparator: str
    target: float
    target_high: float | None
    current: WindowOut | None
    partial: WindowOut | None
    reference: WindowOut | None
    baseline_value: float | None
    trajectory_value: float | None
    forecast: ForecastOut | None
    warnings: list[str]


class DayOut(Out):
    day: date
    value: float | None
    n: int


class TileOut(Out):
    kpi: KpiOut
    evaluation: EvaluationOut
    days: list[DayOut] | None


class CountsOut(Out):
    key: str
    counts: dict[str, int]


class DashboardOut(Out):
    project_id: int
    as_of: datetime
    timezone: str
    first_day: date
    last_day: date
    tiles: list[TileOut]
    days: list[CountsOut] = Field(description="Mentions per local day and tone.")
    languages: list[CountsOut] = Field(description="Mentions per language and tone.")
    sources: list[dict[str, Any]]
    stories: list[dict[str, Any]]


def _out(kpi: Kpi) -> KpiOut:
    return KpiOut.model_validate(kpi)


def _evaluation(e: Evaluation) -> EvaluationOut:
    return EvaluationOut.model_validate(e)


@router.get("/metrics")
def list_metrics(actor: Viewer) -> list[MetricOut]:
    """The metric catalogue: what each metric counts, its unit, and whether it has data yet."""
    del actor
    return [MetricOut.model_validate(m) for m in default_registry().all()]


@router.get("/kpis")
def list_kpis(
    session: SessionDep,
    actor: Viewer,
    request: Request,
    response: Response,
    page: PageDep,
    project_id: int | None = None,
    owner_unit_id: int | None = None,
    include_archived: bool = False,
) -> Page[KpiOut]:
    """KPIs the caller may read (own scope, or shared with the organisation)."""
    stmt = kpis_query(
        actor,
        project_id=project_id,
        owner_unit_id=owner_unit_id,
        include_archived=include_archived,
    )
    found = paginate(session, stmt, KpiOut, page=page, request=request, response=response)
    return found


@router.post("/kpis", status_code=status.HTTP_201_CREATED, responses=problem_responses(404))
def add_kpi(
    session: SessionDep, actor: ProjectManager, body: KpiCreate, response: Response
) -> KpiOut:
    """Create a KPI; a definition that cannot work is a 422 problem naming its `field`."""
    values = body.model_dump()
    values["filter"] = body.filter.model_dump()
    kpi = create_kpi(session, actor, **values)
    response.headers["Location"] = f"/api/v1/kpis/{kpi.id}"
    return _out(kpi)


@router.get("/kpis/{kpi_id}", responses=problem_responses(404))
def get_kpi(session: SessionDep, actor: Viewer, kpi_id: int) -> KpiOut:
    return _out(access_kpi_for(session, actor, kpi_id))


@router.patch("/kpis/{kpi_id}", responses=problem_responses(404))
def change_kpi(session: SessionDep, actor: ProjectManager, kpi_id: int, body: KpiUpdate) -> KpiOut:
    """Change details in place and the definition as a new version (only if it differs)."""
    changes = body.changes()
    details = {k: v for k, v in changes.items() if k in DETAILS}
    definition = {k: v for k, v in changes.items() if k in DEFINITION}
    if "filter" in definition:
        definition["filter"] = body.filter.model_dump() if body.filter else {}
    if definition:
        redefine_kpi(session, actor, kpi_id, note=body.note, **definition)
    if details:
        update_kpi(session, actor, kpi_id, **details)
    return _out(access_kpi_for(session, actor, kpi_id))


@router.post("/kpis/{kpi_id}/archive", responses=problem_responses(404))
def archive(session: SessionDep, actor: ProjectManager, kpi_id: int) -> KpiOut:
    return _out(archive_kpi(session, actor, kpi_id))


@router.get("/kpis/{kpi_id}/versions", responses=problem_responses(404))
def kpi_versions(session: SessionDep, actor: Viewer, kpi_id: int) -> list[KpiVersionOut]:
    """Every definition the KPI has had, oldest first, with who made it."""
    return [KpiVersionOut.model_validate(v) for v in list_kpi_versions(session, actor, kpi_id)]


@router.get("/kpis/{kpi_id}/evaluation", responses=problem_responses(404))
def kpi_evaluation(
    session: SessionDep,
    actor: Viewer,
    kpi_id: int,
    days: int = Query(default=28, ge=1, le=120, description="Full days of daily values."),
) -> TileOut:
    """Value, n, interval, completeness, partial window, forecast, status and daily values."""
    tile = kpi_tile(session, actor, kpi_id, as_of=utcnow(), days=days)
    return TileOut(
        kpi=_out(tile.kpi),
        evaluation=_evaluation(tile.evaluation),
        days=None if tile.days is None else [DayOut.model_validate(d) for d in tile.days],
    )


@router.get("/projects/{project_id}/dashboard", responses=problem_responses(404))
def dashboard(session: SessionDep, actor: Viewer, project_id: int) -> DashboardOut:
    """The project dashboard's data, read from rollups (the newest mentions for stories)."""
    board = project_dashboard(session, actor, project_id, as_of=utcnow())
    return DashboardOut(
        project_id=board.project.id,
        as_of=board.as_of,
        timezone=board.timezone,
        first_day=board.first_day,
        last_day=board.last_day,
        tiles=[
            TileOut(
                kpi=_out(t.kpi),
                evaluation=_evaluation(t.evaluation),
                days=None if t.days is None else [DayOut.model_validate(d) for d in t.days],
            )
            for t in board.tiles
        ],
        days=[CountsOut(key=d.day.isoformat(), counts=d.counts) for d in board.days],
        languages=[CountsOut(key=x.lang, counts=x.counts) for x in board.languages],
        sources=[vars(s) for s in board.sources],
        stories=[vars(s) for s in board.stories],
    )
