"""Mentions of a project: list with filters and search, read, analyst changes, exports."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import Field

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, link_header
from resonance.api.schemas import Body, Out
from resonance.monitoring.export import export_format, export_mentions
from resonance.monitoring.mention_services import UNSET, MentionChange, update_mention
from resonance.monitoring.mentions import (
    MentionFilters,
    MentionView,
    get_mention,
    list_mentions,
    view_of,
)
from resonance.monitoring.queries import access_project_for
from resonance.web.deps import Analyst, SessionDep, Viewer

router = APIRouter(prefix="/projects/{project_id}/mentions", tags=["mentions"])
FILTER_KEYS = (
    "q",
    "since",
    "until",
    "lang",
    "source_id",
    "tone",
    "corrected",
    "query_id",
    "cluster_key",
    "tag",
    "sort",
)


class MentionOut(Out):
    id: int
    project_id: int
    item_id: int
    title: str | None
    snippet: str
    url: str | None
    source_id: int
    source_name: str
    lang: str
    tone: str | None = Field(
        description="The tone shown: the analyst's correction, else the model's."
    )
    tone_model: str | None
    tone_corrected: str | None
    published_at: datetime
    tags: list[str]
    query_ids: list[int]
    query_names: list[str]
    reach: int
    cluster_key: str | None

    @classmethod
    def of(cls, view: MentionView) -> MentionOut:
        return cls(
            **{
                name: getattr(view, name)
                for name in cls.model_fields
                if name not in ("tone", "tone_model")
            },
            tone=view.shown_tone,
            tone_model=view.tone,
        )


class MentionDetailOut(MentionOut):
    text: str = Field(description="The item's full text.")

    @classmethod
    def of(cls, view: MentionView) -> MentionDetailOut:
        return cls(**MentionOut.of(view).model_dump(), text=view.text)


class MentionPatch(Body):
    """Analyst changes; tags change by delta, so concurrent taggers keep each other's tags."""

    tone_corrected: Literal["negative", "neutral", "positive"] | None = Field(
        default=None, description="A correction of the tone; null removes the correction."
    )
    add_tags: list[str] = Field(default_factory=list, max_length=20)
    remove_tags: list[str] = Field(default_factory=list, max_length=20)


def _filters(request: Request) -> MentionFilters:
    params = {k: request.query_params[k][:500] for k in FILTER_KEYS if k in request.query_params}
    return MentionFilters.from_params(params)


FILTER_DOC = (
    'Filters as query parameters: `q` (words, "a phrase", OR, -word), `since`, `until` '
    "(YYYY-MM-DD or ISO 8601; dates are whole UTC days), `lang`, `source_id`, `tone` "
    "(negative, neutral, positive, none; the corrected tone where there is one), `corrected` "
    "(true/false), `query_id`, `cluster_key`, `tag`, `sort` (newest, oldest, reach)."
)


@router.get("", responses=problem_responses(404), description=FILTER_DOC)
def list_project_mentions(
    session: SessionDep,
    actor: Viewer,
    request: Request,
    response: Response,
    page: PageDep,
    project_id: int,
) -> Page[MentionOut]:
    """Mentions of a project, filtered, newest first unless `sort` says otherwise."""
    project = access_project_for(session, actor, project_id)
    found = list_mentions(session, project, _filters(request), limit=page.limit, offset=page.offset)
    links = link_header(request, page, found.total)
    if links:
        response.headers["Link"] = links
    return Page[MentionOut](
        items=[MentionOut.of(v) for v in found.items],
        total=found.total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/export",
    responses={**problem_responses(404), 200: {"content": {"text/csv": {}}}},
    description=FILTER_DOC,
    response_class=StreamingResponse,
)
def export_project_mentions(
    session: SessionDep,
    actor: Viewer,
    request: Request,
    project_id: int,
    format: Annotated[Literal["csv", "xlsx", "jsonl"], Query()] = "csv",
) -> StreamingResponse:
    """Every mention matching the filters, streamed, without a row limit."""
    project = access_project_for(session, actor, project_id)
    kind = export_format(format)
    body = export_mentions(request.app.state.db.sessions, project.id, _filters(request), format)
    disposition = f'attachment; filename="mentions-{project.slug}.{kind.extension}"'
    return StreamingResponse(
        body, media_type=kind.media_type, headers={"Content-Disposition": disposition}
    )


@router.get("/{mention_id}", responses=problem_responses(404))
def get_project_mention(
    session: SessionDep, actor: Viewer, response: Response, project_id: int, mention_id: int
) -> MentionDetailOut:
    view = get_mention(session, access_project_for(session, actor, project_id), mention_id)
    response.headers["ETag"] = f'"{view.etag}"'
    return MentionDetailOut.of(view)


@router.patch("/{mention_id}", responses=problem_responses(404, 409))
def update_project_mention(
    session: SessionDep,
    actor: Analyst,
    response: Response,
    project_id: int,
    mention_id: int,
    body: MentionPatch,
    if_match: Annotated[
        str | None, Header(description="The ETag read before; a mismatch answers 409.")
    ] = None,
) -> MentionDetailOut:
    """Correct the tone (or clear the correction) and add or remove tags."""
    change = MentionChange(
        tone=body.tone_corrected if "tone_corrected" in body.model_fields_set else UNSET,
        add_tags=body.add_tags,
        remove_tags=body.remove_tags,
        if_match=if_match,
    )
    mention = update_mention(session, actor, project_id, mention_id, change)
    view = view_of(session, mention)
    response.headers["ETag"] = f'"{view.etag}"'
    return MentionDetailOut.of(view)
