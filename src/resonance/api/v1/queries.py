"""Monitoring queries of a project: list, read, create, change, delete, and try before saving."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

from fastapi import APIRouter, Request, Response, status
from pydantic import Field

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate
from resonance.api.schemas import Body, Out, Patch
from resonance.monitoring import query_services
from resonance.monitoring.queries import access_project_for
from resonance.monitoring.query_queries import access_query_for, project_queries_query
from resonance.monitoring.query_trial import (
    DEFAULT_DAYS,
    DEFAULT_SHOWN,
    MAX_DAYS,
    MAX_SHOWN,
    Segment,
    TrialLimits,
    TrialResult,
    try_query,
)
from resonance.web.deps import Analyst, SessionDep, Viewer

router = APIRouter(prefix="/projects/{project_id}/queries", tags=["queries"])
QueryText = Annotated[str, Field(min_length=1, max_length=20_000)]


class QueryOut(Out):
    id: int
    project_id: int
    name: str
    text: str
    enabled: bool
    created_at: datetime
    updated_at: datetime


class QueryCreate(Body):
    name: str = Field(min_length=1, max_length=200)
    text: QueryText
    enabled: bool = True


class QueryUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset()

    name: str | None = Field(default=None, min_length=1, max_length=200)
    text: QueryText | None = None
    enabled: bool | None = None


class TrialRequest(Body):
    text: QueryText
    days: int = Field(default=DEFAULT_DAYS, ge=1, le=MAX_DAYS, description="Days to look back.")
    limit: int = Field(default=DEFAULT_SHOWN, ge=1, le=MAX_SHOWN, description="Matches shown.")


class Highlighted(Out):
    """A text and the [start, end) character ranges of the matched terms in it."""

    text: str
    highlights: list[tuple[int, int]]


class TrialMatchOut(Out):
    item_id: int
    source_id: int
    source_name: str
    lang: str
    published_at: datetime
    url: str | None
    title: Highlighted
    snippet: Highlighted


class TrialOut(Out):
    query: str = Field(description="The query as parsed, in canonical form.")
    since: datetime
    total: int = Field(description="Matching items among those read.")
    scanned: int = Field(description="Items read, newest first.")
    max_scanned: int
    complete: bool = Field(description="False when the time limit stopped reading early.")
    seconds: float
    matches: list[TrialMatchOut]


def _highlighted(segments: list[Segment]) -> Highlighted:
    text, ranges = "", []
    for segment in segments:
        if segment.mark:
            ranges.append((len(text), len(text) + len(segment.text)))
        text += segment.text
    return Highlighted(text=text, highlights=ranges)


def _trial_out(result: TrialResult) -> TrialOut:
    return TrialOut(
        query=result.query,
        since=result.since,
        total=result.total,
        scanned=result.scanned,
        max_scanned=result.max_scanned,
        complete=result.complete,
        seconds=result.seconds,
        matches=[
            TrialMatchOut(
                item_id=m.item_id,
                source_id=m.source_id,
                source_name=m.source_name,
                lang=m.lang,
                published_at=m.published_at,
                url=m.url,
                title=_highlighted(m.title),
                snippet=_highlighted(m.snippet),
            )
            for m in result.matches
        ],
    )


@router.get("", responses=problem_responses(404))
def list_queries(
    session: SessionDep,
    actor: Viewer,
    project_id: int,
    request: Request,
    response: Response,
    page: PageDep,
) -> Page[QueryOut]:
    """The project's queries, by name."""
    project = access_project_for(session, actor, project_id)
    stmt = project_queries_query(project.id)
    return paginate(session, stmt, QueryOut, page=page, request=request, response=response)


@router.post("/try", responses=problem_responses(404))
def try_a_query(
    session: SessionDep, actor: Analyst, project_id: int, body: TrialRequest
) -> TrialOut:
    """Run an unsaved query over the newest stored items (at most 20,000, time-bounded).

    A query that does not parse is a 422 problem with `position` (0-based) and `expected`.
    """
    limits = TrialLimits(days=body.days, shown=body.limit)
    return _trial_out(try_query(session, actor, project_id, text=body.text, limits=limits))


@router.get("/{query_id}", responses=problem_responses(404))
def get_query(session: SessionDep, actor: Viewer, project_id: int, query_id: int) -> QueryOut:
    return QueryOut.model_validate(access_query_for(session, actor, project_id, query_id))


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(404, 409))
def create_query(
    session: SessionDep,
    actor: Analyst,
    project_id: int,
    body: QueryCreate,
    request: Request,
    response: Response,
) -> QueryOut:
    """Add a query; ingestion matches new items with it from its next batch.

    A query that does not parse is a 422 problem with `position` (0-based) and `expected`.
    """
    query = query_services.create_query(session, actor, project_id, **body.model_dump())
    response.headers["Location"] = f"{request.url.path}/{query.id}"
    return QueryOut.model_validate(query)


@router.patch("/{query_id}", responses=problem_responses(404, 409))
def update_query(
    session: SessionDep, actor: Analyst, project_id: int, query_id: int, body: QueryUpdate
) -> QueryOut:
    query = query_services.update_query(session, actor, project_id, query_id, **body.changes())
    return QueryOut.model_validate(query)


@router.delete(
    "/{query_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def delete_query(session: SessionDep, actor: Analyst, project_id: int, query_id: int) -> None:
    query_services.delete_query(session, actor, project_id, query_id)
