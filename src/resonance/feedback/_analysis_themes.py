"""Themes of a scope on the database: found on the first run, new messages assigned after."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from sqlalchemy.orm import Session

from resonance.feedback._analysis_distil import distil
from resonance.feedback._analysis_scope import Scope
from resonance.feedback._analysis_voices import Voice, embed_sample, pending_voices
from resonance.feedback._theme_space import EmbedFn, FloatArray, LanguageMeans, fit_language_means
from resonance.feedback.models import FeedbackCampaign, FeedbackItem, FeedbackTheme
from resonance.feedback.themes import (
    OTHER_ID,
    OTHER_LABEL,
    Message,
    Theme,
    ThemeState,
    assign_new,
    find_themes,
    state_of,
)

MAX_CLUSTERED = 2_000
"""Past this many voices the first run clusters an even sample and assigns the rest.

Average-linkage clustering needs all pairwise distances (memory and time grow with the square);
2,000 voices already hold every theme with at least a few dozen members.
"""
ANY_LANGUAGE = "*"
DEFAULT_EMBED_BUDGET = 3_000
"""Voices embedded per run at most; the run's deadline usually stops embedding first."""
MAX_EXAMPLES = 40
"""Messages placed by earlier runs, per theme and language, that teach the distilled model
(at most a few thousand, so that it learns in seconds)."""


@dataclass(slots=True)
class ThemeOutcome:
    """What a run did to themes, and the vectors it computed (for the quotes)."""

    means: LanguageMeans
    created: int = 0
    assigned: int = 0
    vectors: dict[str, FloatArray] = field(default_factory=dict)
    theme_of: dict[str, int] = field(default_factory=dict)
    voices: list[Voice] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    placed_items: set[int] = field(default_factory=set)
    embedded: int = 0
    by_model: int = 0
    waiting: int = 0
    held_out_agreement: float | None = None


def means_to_json(means: LanguageMeans) -> dict[str, list[float]]:
    out = {ANY_LANGUAGE: [round(float(x), 6) for x in means.overall]}
    out.update({lang: [round(float(x), 6) for x in v] for lang, v in means.by_lang.items()})
    return out


def means_from_json(data: Mapping[str, list[float]]) -> LanguageMeans:
    by_lang = {k: np.asarray(v, np.float32) for k, v in data.items() if k != ANY_LANGUAGE}
    return LanguageMeans(np.asarray(data[ANY_LANGUAGE], np.float32), by_lang)


def update_themes(
    session: Session,
    scope: Scope,
    *,
    items: Sequence[FeedbackItem],
    campaigns: Sequence[FeedbackCampaign],
    means: LanguageMeans | None,
    embed: EmbedFn,
    min_size: int,
    embed_budget: int = DEFAULT_EMBED_BUDGET,
    deadline: float = math.inf,
) -> ThemeOutcome:
    """Give pending messages a theme; the first run (no ``means``) finds the themes.

    Voices are embedded (campaigns first, then an even sample) until ``embed_budget`` voices
    are done or the ``deadline`` (a ``time.perf_counter`` value) nears; the others are placed
    by a classifier distilled from the placed ones where it is confident, or wait.
    """
    rows = _themes(session, scope)
    voices, known = pending_voices(items, campaigns, rows)
    by_item = {item.id: item for item in items}
    outcome = ThemeOutcome(means or LanguageMeans(np.zeros(0, np.float32), {}))
    direct = [v for v in voices if v.key in known]
    for voice in direct:
        _place(by_item, voice, known[voice.key], outcome)
    waiting = [v for v in voices if v.key not in known]
    if not waiting:
        return outcome
    embedded = embed_sample(waiting, embed, budget=max(embed_budget, 1), deadline=deadline)
    outcome.timings["embeddings"] = embedded.seconds
    outcome.embedded = len(embedded.voices)
    started = time.perf_counter()
    todo, vectors, deferred = embedded.voices, embedded.vectors, embedded.rest
    outcome.vectors = {v.key: vectors[i] for i, v in enumerate(todo)}
    keyed = {v.key: v for v in todo}
    if means is None:
        outcome.means = fit_language_means([v.lang for v in todo], vectors)
        found, other_keys = _find(todo, vectors, outcome.means, min_size, embed)
    else:
        joined, found, other_keys = _assign(todo, vectors, rows, means, min_size, embed)
        for key, theme_id in joined.items():
            _place(by_item, keyed[key], theme_id, outcome)
    for theme in found:
        row = _new_theme(session, scope, theme)
        outcome.created += 1
        for key in theme.member_ids:
            _place(by_item, keyed[key], row.id, outcome)
    if other_keys:
        other = _other_theme(session, scope, rows, {keyed[k].lang for k in other_keys})
        for key in other_keys:
            _place(by_item, keyed[key], other.id, outcome)
    if deferred:
        distilled = time.perf_counter()
        _place_by_model(items, todo, deferred, outcome, by_item, rows)
        outcome.timings["distil"] = time.perf_counter() - distilled
    outcome.voices = [*direct, *todo]
    outcome.timings["themes"] = time.perf_counter() - started
    return outcome


def _place_by_model(
    items: Sequence[FeedbackItem],
    embedded: Sequence[Voice],
    deferred: Sequence[Voice],
    outcome: ThemeOutcome,
    by_item: Mapping[int, FeedbackItem],
    rows: Sequence[FeedbackTheme],
) -> None:
    """Deferred voices take the theme a classifier distilled from placed messages gives them
    with confidence; the others keep no theme and wait for the next run to embed them.

    It learns from the voices embedded in this run and, per theme and language, up to
    ``MAX_EXAMPLES`` single messages placed before (by runs or by analysts).
    """
    examples = [(v.text, outcome.theme_of[v.key]) for v in embedded if v.key in outcome.theme_of]
    live = set(outcome.theme_of.values()) | {row.id for row in rows}
    per_theme: Counter[tuple[int, str]] = Counter()
    for item in items:
        theme_id, lang = item.theme_id, item.language or "other"
        if theme_id is None or item.campaign_id is not None or item.id in outcome.placed_items:
            continue
        if theme_id in live and per_theme[(theme_id, lang)] < MAX_EXAMPLES:
            per_theme[(theme_id, lang)] += 1
            examples.append((item.text, theme_id))
    result = distil(examples, [(v.key, v.text) for v in deferred])
    keyed = {v.key: v for v in deferred}
    for key, theme_id in result.placed.items():
        _place(by_item, keyed[key], theme_id, outcome)
    outcome.by_model = sum(len(keyed[key].item_ids) for key in result.placed)
    outcome.waiting = sum(len(v.item_ids) for v in deferred if v.key not in result.placed)
    if result.held_out:
        outcome.held_out_agreement = result.held_out_agreement


def _themes(session: Session, scope: Scope) -> list[FeedbackTheme]:
    from resonance.feedback._analysis_scope import list_themes

    return list(list_themes(session, scope))


def _place(
    by_item: Mapping[int, FeedbackItem], voice: Voice, theme_id: int, outcome: ThemeOutcome
) -> None:
    for item_id in voice.item_ids:
        by_item[item_id].theme_id = theme_id
    outcome.placed_items.update(voice.item_ids)
    outcome.theme_of[voice.key] = theme_id
    outcome.assigned += len(voice.item_ids)


def _messages(voices: Sequence[Voice]) -> list[Message]:
    return [Message(v.key, v.text, v.lang) for v in voices]


def _find(
    voices: Sequence[Voice],
    vectors: FloatArray,
    means: LanguageMeans,
    min_size: int,
    embed: EmbedFn,
) -> tuple[list[Theme], list[str]]:
    """Themes (without "other") and the keys left over, clustering at most MAX_CLUSTERED."""
    messages = _messages(voices)
    step = max(1, math.ceil(len(messages) / MAX_CLUSTERED))
    sample = list(range(0, len(messages), step))
    found = find_themes(
        [messages[i] for i in sample],
        vectors=vectors[sample],
        means=means,
        min_size=min_size,
        n_quotes=0,
        embed=embed,
    )
    themes = [t for t in found if not t.is_other]
    other = [mid for t in found if t.is_other for mid in t.member_ids]
    rest = sorted(set(range(len(messages))) - set(sample))
    if not rest:
        return themes, other
    assignment = assign_new(
        [messages[i] for i in rest],
        [state_of(t) for t in themes],
        means=means,
        vectors=vectors[rest],
        min_size=min_size,
        embed=embed,
        n_quotes=0,
    )
    added: dict[str, list[str]] = {}
    for key, theme_id in assignment.assigned.items():
        added.setdefault(theme_id, []).append(key)
    themes = [replace(t, member_ids=[*t.member_ids, *added.get(t.id, [])]) for t in themes]
    return [*themes, *assignment.candidates], [*other, *assignment.unassigned]


def _assign(
    voices: Sequence[Voice],
    vectors: FloatArray,
    rows: Sequence[FeedbackTheme],
    means: LanguageMeans,
    min_size: int,
    embed: EmbedFn,
) -> tuple[dict[str, int], list[Theme], list[str]]:
    """Voices that join existing themes (key → theme row id), candidate themes, leftovers."""
    states = [
        ThemeState(
            id=str(row.id),
            centroid=np.asarray(row.centroid, dtype=np.float32),
            locked_label=dict(row.labels) if row.label_edited else None,
            label=dict(row.labels),
        )
        for row in rows
        if row.key != OTHER_ID and row.centroid
    ]
    assignment = assign_new(
        _messages(voices),
        states,
        means=means,
        vectors=vectors,
        min_size=min_size,
        embed=embed,
        n_quotes=0,  # the run picks quotes itself, from the vectors it has
    )
    joined = {key: int(theme_id) for key, theme_id in assignment.assigned.items()}
    return joined, list(assignment.candidates), list(assignment.unassigned)


def _new_theme(session: Session, scope: Scope, theme: Theme) -> FeedbackTheme:
    row = FeedbackTheme(
        project_id=scope.project_id,
        consultation_id=scope.consultation_id,
        key=theme.id[:64],
        labels=dict(theme.label),
        origin="found",
        centroid=[round(float(x), 6) for x in theme.centroid],
        quote_ids=[],
    )
    session.add(row)
    session.flush()
    return row


def _other_theme(
    session: Session, scope: Scope, rows: Sequence[FeedbackTheme], langs: set[str]
) -> FeedbackTheme:
    row = next((t for t in rows if t.key == OTHER_ID), None)
    labels = {lang: OTHER_LABEL.get(lang, OTHER_LABEL["en"]) for lang in sorted(langs | {"en"})}
    if row is None:
        row = FeedbackTheme(
            project_id=scope.project_id,
            consultation_id=scope.consultation_id,
            key=OTHER_ID,
            labels=labels,
            origin="found",
            quote_ids=[],
        )
        session.add(row)
        session.flush()
    elif not row.label_edited:
        row.labels = {**labels, **row.labels}
    return row
