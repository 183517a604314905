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
DEFAULT_TIME_BUDGET = 40.0
"""Seconds into a run after which no more voices are embedded (one batch at least).

What follows (clustering, the distilled model, quotes, writing) takes a few seconds more, so a
run of 10,000 new messages ends within a minute on two busy cores; what was not embedded is
placed by the distilled model or waits for the next run.
"""

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
    embedded: int
    """Voices embedded (each campaign and each set of identical messages is one voice)."""
    by_model: int
    """Messages placed by the model distilled from the embedded voices."""
    waiting: int
    """Messages left without a theme for the next run (the model was not confident)."""
    held_out_agreement: float | None
    """How often the distilled model agreed with embeddings on held-out voices, if it ran."""
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
    time_budget: float = DEFAULT_TIME_BUDGET,
) -> AnalysisResult:
    """Analyse the scope's messages that are not held for moderation; a system write.

    Language, tone and the detailed flag are computed once per message (``analysed_at``).
    Campaigns are detected again over all messages. The first run finds themes; later runs
    keep the themes with the analysts' edits and give a theme to messages that have none
    (or sit in "other"), proposing new themes from what is left when enough say one thing.
    A campaign counts as one voice for themes: its template is embedded, not each letter;
    identical messages are one voice too. A run embeds voices until ``embed_budget`` of them
    or ``time_budget`` seconds into the run, so that it ends within about a minute whatever
    arrived; a classifier distilled from the embedded voices places the rest where it is
    confident, and the others keep no theme until the next run embeds them.
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
        deadline=clock.started + time_budget,
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
        embedded=outcome.embedded,
        by_model=outcome.by_model,
        waiting=outcome.waiting,
        held_out_agreement=outcome.held_out_agreement,
        timings=run.timings,
    )


class _Clock:
    """Seconds per stage, rounded to milliseconds."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
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
        out["total"] = round(time.perf_counter() - self.started, 3)
        return out


def _default_embed() -> EmbedFn:
    from resonance.text.embedding import embed

    return embed
