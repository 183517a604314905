"""Read side of the analysis: scope access, overview counts, theme sizes and their stability."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.feedback._analysis_scope import (
    Scope,
    check_consultation,
    item_filter,
    latest_run,
    list_campaigns,
    list_themes,
    theme_filter,
)
from resonance.feedback.models import FeedbackAnalysisRun, FeedbackItem, FeedbackTheme
from resonance.feedback.themes import OTHER_ID
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission


def access_scope_for(
    session: Session,
    actor: Actor,
    project_id: int,
    consultation_id: int | None = None,
    permission: Permission = Permission.VIEW,
) -> Scope:
    """The scope, if the actor may see the project and holds ``permission`` on its owner unit."""
    access_project_for(session, actor, project_id, permission)
    scope = Scope(project_id, consultation_id)
    check_consultation(session, scope)
    return scope


@dataclass(frozen=True, slots=True)
class ThemeSize:
    """A theme with how many messages it holds, how many voices (campaigns once), pins."""

    theme: FeedbackTheme
    messages: int
    voices: int
    pinned: int


@dataclass(frozen=True, slots=True)
class Overview:
    """Counts for the analysis overview page of a scope."""

    scope: Scope
    last_run: FeedbackAnalysisRun | None
    total: int
    waiting: int
    without_theme: int
    voices: int
    detailed: int
    languages: dict[str, int]
    tones: dict[str, int]
    campaigns: int
    campaign_messages: int
    themes: list[ThemeSize] = field(default_factory=list)

    def tone_share(self, tone: str) -> float:
        analysed = sum(self.tones.values())
        return self.tones.get(tone, 0) / analysed if analysed else 0.0


def overview_of(session: Session, scope: Scope) -> Overview:
    rows = session.execute(
        select(
            FeedbackItem.id,
            FeedbackItem.language,
            FeedbackItem.tone,
            FeedbackItem.detailed,
            FeedbackItem.campaign_id,
            FeedbackItem.theme_id,
            FeedbackItem.theme_pinned,
            FeedbackItem.analysed_at,
        ).where(*item_filter(scope))
    ).all()
    campaigns = list_campaigns(session, scope)
    return Overview(
        scope=scope,
        last_run=latest_run(session, scope),
        total=len(rows),
        waiting=sum(1 for r in rows if r.analysed_at is None),
        without_theme=sum(1 for r in rows if r.theme_id is None),
        voices=len({("c", r.campaign_id) if r.campaign_id else ("m", r.id) for r in rows}),
        detailed=sum(1 for r in rows if r.detailed),
        languages=dict(Counter(r.language for r in rows if r.language).most_common()),
        tones=dict(Counter(r.tone for r in rows if r.tone)),
        campaigns=len(campaigns),
        campaign_messages=sum(1 for r in rows if r.campaign_id),
        themes=_sizes(list_themes(session, scope), rows),
    )


def theme_sizes(session: Session, scope: Scope) -> list[ThemeSize]:
    rows = session.execute(
        select(
            FeedbackItem.id,
            FeedbackItem.campaign_id,
            FeedbackItem.theme_id,
            FeedbackItem.theme_pinned,
        ).where(*item_filter(scope))
    ).all()
    return _sizes(list_themes(session, scope), rows)


def _sizes(themes: Sequence[FeedbackTheme], rows: Sequence[Any]) -> list[ThemeSize]:
    members: dict[int, list[Any]] = {}
    for row in rows:
        if row.theme_id is not None:
            members.setdefault(row.theme_id, []).append(row)
    sizes = []
    for theme in themes:
        held = members.get(theme.id, [])
        voices = {("c", r.campaign_id) if r.campaign_id else ("m", r.id) for r in held}
        pinned = sum(1 for r in held if r.theme_pinned)
        sizes.append(ThemeSize(theme, len(held), len(voices), pinned))
    sizes.sort(key=lambda s: (s.theme.key == OTHER_ID, -s.voices, s.theme.id))
    return sizes


@dataclass(frozen=True, slots=True)
class ThemeStability:
    """How many of the themes found automatically analysts kept as they were."""

    found: int
    unchanged: int
    edited: int
    created_by_analysts: int


def theme_stability(session: Session, scope: Scope) -> ThemeStability:
    """Themes found by runs (other bucket aside) that are still live, unrenamed, unmerged,
    unsplit and without messages placed by hand, against the rest."""
    found = session.scalar(
        select(func.coalesce(func.sum(FeedbackAnalysisRun.themes_created), 0)).where(
            FeedbackAnalysisRun.project_id == scope.project_id,
            FeedbackAnalysisRun.consultation_id.is_(None)
            if scope.consultation_id is None
            else FeedbackAnalysisRun.consultation_id == scope.consultation_id,
        )
    )
    themes = list_themes(session, scope, retired=True)
    pinned = set(
        session.scalars(
            select(FeedbackItem.theme_id)
            .where(*item_filter(scope), FeedbackItem.theme_pinned.is_(True))
            .distinct()
        )
    )
    unchanged = sum(
        1
        for t in themes
        if t.origin == "found"
        and t.key != OTHER_ID
        and not t.retired
        and not t.label_edited
        and t.id not in pinned
    )
    created = sum(1 for t in themes if t.origin == "analyst" and not t.retired)
    total = int(found or 0)
    return ThemeStability(total, unchanged, max(total - unchanged, 0), created)


__all__ = [
    "Overview",
    "ThemeSize",
    "ThemeStability",
    "access_scope_for",
    "overview_of",
    "theme_filter",
    "theme_sizes",
    "theme_stability",
]
