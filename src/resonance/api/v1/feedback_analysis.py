"""Feedback analysis of a project: overview, themes and analysts' edits, campaigns, who answered."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from pydantic import Field

from resonance.api.openapi import problem_responses
from resonance.api.schemas import Body, Out
from resonance.errors import NotFound
from resonance.feedback._analysis_overview import theme_sizes
from resonance.feedback._analysis_scope import list_campaigns
from resonance.feedback.analysis import access_scope_for, overview_of, theme_stability
from resonance.feedback.analysis_jobs import embedder_for, request_analysis
from resonance.feedback.representativeness import representativeness_of
from resonance.feedback.theme_editing import (
    access_theme_for,
    merge_themes,
    move_item,
    rename_theme,
    split_theme,
)
from resonance.storage.base import utcnow
from resonance.tasks.api import get_backend
from resonance.web.deps import Analyst, SessionDep, Viewer, get_database, get_settings

router = APIRouter(prefix="/projects/{project_id}/feedback", tags=["feedback analysis"])
Consultation = Annotated[
    int | None, Query(description="A consultation of the project; none: messages outside them.")
]
Labels = Annotated[dict[str, Annotated[str, Field(max_length=200)]], Field(max_length=6)]


class RunOut(Out):
    started_at: datetime
    items_total: int
    items_new: int
    campaigns: int
    themes_created: int
    timings: dict[str, float]


class StabilityOut(Out):
    found: int
    unchanged: int
    edited: int
    created_by_analysts: int


class AnalysisOut(Out):
    last_run: RunOut | None
    total: int
    waiting: int = Field(description="Messages not analysed yet.")
    without_theme: int = Field(description="Messages waiting for a theme (next runs).")
    voices: int = Field(description="Messages with each campaign counted once.")
    detailed: int
    languages: dict[str, int]
    tones: dict[str, int]
    campaigns: int
    campaign_messages: int
    stability: StabilityOut


class ThemeOut(Out):
    id: int
    key: str
    labels: dict[str, str]
    label_edited: bool
    origin: str
    quote_ids: list[int]
    messages: int
    voices: int
    pinned: int


class CampaignOut(Out):
    id: int
    template: str
    size: int
    detected_at: datetime


class RegionOut(Out):
    region: str | None
    responses: int
    share: float
    population: int | None
    population_share: float | None
    ratio: float | None
    verdict: str


class RepresentativenessOut(Out):
    total: int
    regions: list[RegionOut]
    channels: dict[str, int]
    population_configured: bool
    dominant_region: str | None


class QueuedOut(Out):
    task_id: str


class RenameBody(Body):
    labels: Labels = Field(description="Name per language code (en, fr, uk, ru, vi, zh).")


class MergeBody(Body):
    theme_ids: list[int] = Field(min_length=2, max_length=50)
    labels: Labels | None = None


class SplitBody(Body):
    item_ids: list[int] = Field(min_length=1, max_length=5_000)
    labels: Labels | None = None


class MoveBody(Body):
    theme_id: int


@router.get("/analysis", responses=problem_responses(404))
def get_analysis(
    session: SessionDep, actor: Viewer, project_id: int, consultation_id: Consultation = None
) -> AnalysisOut:
    """Counts of the analysis: languages, tones, detailed messages, campaigns, last run."""
    scope = access_scope_for(session, actor, project_id, consultation_id)
    o = overview_of(session, scope)
    return AnalysisOut(
        last_run=RunOut.model_validate(o.last_run) if o.last_run else None,
        total=o.total,
        waiting=o.waiting,
        without_theme=o.without_theme,
        voices=o.voices,
        detailed=o.detailed,
        languages=o.languages,
        tones=o.tones,
        campaigns=o.campaigns,
        campaign_messages=o.campaign_messages,
        stability=StabilityOut.model_validate(theme_stability(session, scope)),
    )


@router.post(
    "/analysis/runs", status_code=status.HTTP_202_ACCEPTED, responses=problem_responses(404)
)
def run_analysis(
    session: SessionDep,
    actor: Analyst,
    request: Request,
    project_id: int,
    consultation_id: Consultation = None,
) -> QueuedOut:
    """Queue an analysis now (one per scope and minute); the worker runs it."""
    backend = get_backend(get_settings(request), get_database(request))
    queued = request_analysis(
        session,
        actor,
        project_id=project_id,
        consultation_id=consultation_id,
        backend=backend,
        now=utcnow(),
    )
    return QueuedOut(task_id=queued.task_id)


@router.get("/themes", responses=problem_responses(404))
def list_themes(
    session: SessionDep, actor: Viewer, project_id: int, consultation_id: Consultation = None
) -> list[ThemeOut]:
    """Live themes, largest first (voices), the "other" bucket last."""
    scope = access_scope_for(session, actor, project_id, consultation_id)
    return [
        ThemeOut(
            id=s.theme.id,
            key=s.theme.key,
            labels=s.theme.labels,
            label_edited=s.theme.label_edited,
            origin=s.theme.origin,
            quote_ids=s.theme.quote_ids,
            messages=s.messages,
            voices=s.voices,
            pinned=s.pinned,
        )
        for s in theme_sizes(session, scope)
    ]


def _theme(session: SessionDep, actor: Viewer, project_id: int, theme_id: int) -> ThemeOut:
    theme = access_theme_for(session, actor, theme_id)
    found = list_themes(session, actor, project_id, theme.consultation_id)
    return next(
        (t for t in found if t.id == theme_id),
        ThemeOut(
            id=theme.id,
            key=theme.key,
            labels=theme.labels,
            label_edited=theme.label_edited,
            origin=theme.origin,
            quote_ids=theme.quote_ids,
            messages=0,
            voices=0,
            pinned=0,
        ),
    )


@router.patch("/themes/{theme_id}", responses=problem_responses(404))
def rename(
    session: SessionDep, actor: Analyst, project_id: int, theme_id: int, body: RenameBody
) -> ThemeOut:
    """Name a theme in one or more languages; later runs keep the name."""
    _same_project(session, actor, project_id, theme_id)
    rename_theme(session, actor, theme_id, labels=body.labels)
    return _theme(session, actor, project_id, theme_id)


@router.post("/themes/merge", responses=problem_responses(404))
def merge(session: SessionDep, actor: Analyst, project_id: int, body: MergeBody) -> ThemeOut:
    """Merge themes into the first of ``theme_ids``; the others are retired."""
    for theme_id in body.theme_ids:
        _same_project(session, actor, project_id, theme_id)
    kept = merge_themes(session, actor, theme_ids=body.theme_ids, labels=body.labels)
    return _theme(session, actor, project_id, kept.id)


@router.post(
    "/themes/{theme_id}/split",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404),
)
def split(
    session: SessionDep,
    actor: Analyst,
    request: Request,
    project_id: int,
    theme_id: int,
    body: SplitBody,
) -> ThemeOut:
    """Take messages out of a theme into a new one; returns the new theme."""
    _same_project(session, actor, project_id, theme_id)
    child = split_theme(
        session,
        actor,
        theme_id,
        item_ids=body.item_ids,
        labels=body.labels,
        embed=embedder_for(get_settings(request)),
    )
    return _theme(session, actor, project_id, child.id)


@router.put("/{item_id}/theme", responses=problem_responses(404))
def move(
    session: SessionDep, actor: Analyst, project_id: int, item_id: int, body: MoveBody
) -> ThemeOut:
    """Place a message in a theme by hand; later runs leave it there."""
    _same_project(session, actor, project_id, body.theme_id)
    move_item(session, actor, item_id, theme_id=body.theme_id)
    return _theme(session, actor, project_id, body.theme_id)


@router.get("/campaigns", responses=problem_responses(404))
def campaigns(
    session: SessionDep, actor: Viewer, project_id: int, consultation_id: Consultation = None
) -> list[CampaignOut]:
    """Campaigns (near-identical messages), largest first; each counts once in statistics."""
    scope = access_scope_for(session, actor, project_id, consultation_id)
    return [CampaignOut.model_validate(c) for c in list_campaigns(session, scope)]


@router.get("/representativeness", responses=problem_responses(404))
def representativeness(
    session: SessionDep, actor: Viewer, project_id: int, consultation_id: Consultation = None
) -> RepresentativenessOut:
    """Responses by region and channel, against each region's share of the population."""
    scope = access_scope_for(session, actor, project_id, consultation_id)
    who = representativeness_of(session, scope)
    return RepresentativenessOut(
        total=who.total,
        regions=[RegionOut.model_validate(r) for r in who.regions],
        channels=who.channels,
        population_configured=who.population_configured,
        dominant_region=who.dominant.region if who.dominant else None,
    )


def _same_project(session: SessionDep, actor: Viewer, project_id: int, theme_id: int) -> None:
    """NotFound for a theme of another project, as if it did not exist."""
    theme = access_theme_for(session, actor, theme_id)
    if theme.project_id != project_id:
        raise NotFound(f"There is no theme with id {theme_id}.")
