"""Analysis of a scope's feedback: language, tone, detail, campaigns, themes and quotes, kept."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from resonance.feedback._analysis_campaigns import refresh_campaigns
from resonance.feedback._analysis_overview import (
    Overview,
    ThemeStability,
    access_scope_for,
    overview_of,
    theme_stability,
)
from resonance.feedback._analysis_quotes import refresh_quotes
from resonance.feedback._analysis_scope import (
    Scope,
    check_consultation,
    latest_run,
    list_items,
    list_themes,
)
from resonance.feedback._analysis_text import detect_languages, mark_detailed, score_tones
from resonance.feedback._analysis_themes import (
    DEFAULT_EMBED_BUDGET,
    means_from_json,
    means_to_json,
    update_themes,
)
from resonance.feedback._theme_space import EmbedFn
from resonance.feedback.models import FeedbackAnalysisRun

DEFAULT_MIN_THEME_SIZE = 5

__all__ = [
    "AnalysisResult",
    "Overview",
    "Scope",
    "ThemeStability",
    "access_scope_for",
    "analyse",
    "overview_of",
    "theme_stability",
]


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    """What one run did: counts and seconds per stage."""

    run_id: int
    items_total: int
    items_new: int
    campaigns: int
    campaign_messages: int
    themes_created: int
    assigned: int
    by_wording: int
    waiting: int
    timings: dict[str, float]


def analyse(
    session: Session,
    *,
    project_id: int,
    consultation_id: int | None = None,
    now: datetime,
    embed: EmbedFn | None = None,
    min_theme_size: int = DEFAULT_MIN_THEME_SIZE,
    embed_budget: int = DEFAULT_EMBED_BUDGET,
) -> AnalysisResult:
    """Analyse the scope's messages that are not held for moderation; a system write.

    Language, tone and the detailed flag are computed once per message (``analysed_at``).
    Campaigns are detected again over all messages. The first run finds themes; later runs
    keep the themes with the analysts' edits and give a theme to messages that have none
    (or sit in "other"), proposing new themes from what is left when enough say one thing.
    A campaign counts as one voice for themes: its template is embedded, not each letter.
    A run embeds at most ``embed_budget`` voices, so that it ends in about a minute whatever
    arrived: the rest join a theme by wording where that is clear, or wait for the next run.
    """
    scope = Scope(project_id, consultation_id)
    check_consultation(session, scope)
    embed = embed or _default_embed()
    clock = _Clock()
    items = list_items(session, scope)
    new = [item for item in items if item.analysed_at is None]
    with clock("language"):
        detect_languages(new)
    with clock("tone"):
        score_tones(new)
        mark_detailed(new)
    with clock("campaigns"):
        campaigns = refresh_campaigns(session, project_id=project_id, items=items, now=now)
    previous = latest_run(session, scope)
    means = means_from_json(previous.means) if previous and previous.means else None
    outcome = update_themes(
        session,
        scope,
        items=items,
        campaigns=campaigns,
        means=means,
        embed=embed,
        min_size=min_theme_size,
        embed_budget=embed_budget,
    )
    clock.add(outcome.timings)
    with clock("quotes"):
        refresh_quotes(list_themes(session, scope), items, outcome, embed=embed)
    for item in new:
        item.analysed_at = now
    run = FeedbackAnalysisRun(
        project_id=project_id,
        consultation_id=consultation_id,
        started_at=now,
        finished_at=now,
        items_total=len(items),
        items_new=len(new),
        campaigns=len(campaigns),
        themes_created=outcome.created,
        timings=clock.totals(),
        means=means_to_json(outcome.means)
        if means is None and outcome.vectors
        else (previous.means if previous else None),
    )
    session.add(run)
    session.flush()
    return AnalysisResult(
        run_id=run.id,
        items_total=len(items),
        items_new=len(new),
        campaigns=len(campaigns),
        campaign_messages=sum(c.size for c in campaigns),
        themes_created=outcome.created,
        assigned=outcome.assigned,
        by_wording=outcome.by_wording,
        waiting=outcome.waiting,
        timings=run.timings,
    )


class _Clock:
    """Seconds per stage, rounded to milliseconds."""

    def __init__(self) -> None:
        self._started = time.perf_counter()
        self._seconds: dict[str, float] = {}
        self._stage = ""
        self._at = 0.0

    def __call__(self, stage: str) -> _Clock:
        self._stage = stage
        return self

    def __enter__(self) -> None:
        self._at = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.add({self._stage: time.perf_counter() - self._at})

    def add(self, seconds: dict[str, float]) -> None:
        for stage, value in seconds.items():
            self._seconds[stage] = self._seconds.get(stage, 0.0) + value

    def totals(self) -> dict[str, float]:
        out = {stage: round(value, 3) for stage, value in self._seconds.items()}
        out["total"] = round(time.perf_counter() - self._started, 3)
        return out


def _default_embed() -> EmbedFn:
    from resonance.text.embedding import embed

    return embed
