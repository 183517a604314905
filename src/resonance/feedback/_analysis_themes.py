"""Themes of a scope on the database: found on the first run, new messages assigned after."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from sqlalchemy.orm import Session

from resonance.feedback._analysis_scope import Scope
from resonance.feedback._analysis_wording import assign_by_wording
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
DEFAULT_EMBED_BUDGET = 1_000
"""Voices embedded per run at most (about 25 s of a CPU core for comments of 200 characters)."""
MAX_EXAMPLES = 100
"""Placed messages per theme and language that vote when deferred voices are placed by wording."""


@dataclass(frozen=True, slots=True)
class Voice:
    """What themes count: one message, or a whole campaign once (through its template)."""

    key: str
    text: str
    lang: str
    item_ids: list[int]
    campaign_id: int | None = None


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
    by_wording: int = 0
    waiting: int = 0


def means_to_json(means: LanguageMeans) -> dict[str, list[float]]:
    out = {ANY_LANGUAGE: [round(float(x), 6) for x in means.overall]}
    out.update({lang: [round(float(x), 6) for x in v] for lang, v in means.by_lang.items()})
    return out


def means_from_json(data: Mapping[str, list[float]]) -> LanguageMeans:
    by_lang = {k: np.asarray(v, np.float32) for k, v in data.items() if k != ANY_LANGUAGE}
    return LanguageMeans(np.asarray(data[ANY_LANGUAGE], np.float32), by_lang)


def pending_voices(
    items: Sequence[FeedbackItem],
    campaigns: Sequence[FeedbackCampaign],
    themes: Sequence[FeedbackTheme],
) -> tuple[list[Voice], dict[int, int]]:
    """Voices of messages that need a theme, and campaign id → theme it already has.

    A message needs one when it has none, or sits unpinned in "other" (a later run may find a
    theme for it). Messages an analyst placed (pinned) are never moved.
    """
    other = {t.id for t in themes if t.key == OTHER_ID}
    live = {t.id for t in themes}
    pending = [
        i for i in items if not i.theme_pinned and (i.theme_id in other or i.theme_id not in live)
    ]
    waiting = {i.id for i in pending}
    settled: dict[int, Counter[int]] = {}
    for item in items:
        if item.campaign_id and item.theme_id in live - other and item.id not in waiting:
            settled.setdefault(item.campaign_id, Counter())[item.theme_id] += 1
    template = {c.id: c.template for c in campaigns}
    voices: list[Voice] = []
    grouped: dict[int, list[FeedbackItem]] = {}
    for item in pending:
        if item.campaign_id is None:
            voices.append(Voice(f"m{item.id}", item.text, item.language or "other", [item.id]))
        else:
            grouped.setdefault(item.campaign_id, []).append(item)
    for campaign_id, members in grouped.items():
        lang = Counter(m.language or "other" for m in members).most_common(1)[0][0]
        text = template.get(campaign_id) or members[0].text
        ids = [m.id for m in members]
        voices.append(Voice(f"c{campaign_id}", text, lang, ids, campaign_id))
    known = {cid: counts.most_common(1)[0][0] for cid, counts in settled.items()}
    return voices, known


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
) -> ThemeOutcome:
    """Give pending messages a theme; the first run (no ``means``) finds the themes.

    At most ``embed_budget`` voices are embedded (an even sample); the others join a theme by
    wording when their nearest placed neighbours agree, or wait for the next run.
    """
    rows = _themes(session, scope)
    voices, known = pending_voices(items, campaigns, rows)
    by_item = {item.id: item for item in items}
    outcome = ThemeOutcome(means or LanguageMeans(np.zeros(0, np.float32), {}))
    direct = [v for v in voices if v.campaign_id in known]
    for voice in direct:
        _place(by_item, voice, known[voice.campaign_id or 0], outcome)
    waiting = [v for v in voices if v.campaign_id not in known]
    if not waiting:
        return outcome
    todo, deferred = _budget(waiting, embed_budget)
    started = time.perf_counter()
    vectors = np.asarray(embed([v.text for v in todo]), dtype=np.float32)
    outcome.timings["embeddings"] = time.perf_counter() - started
    started = time.perf_counter()
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
        _place_by_wording(items, todo, deferred, outcome, by_item, rows)
    outcome.voices = [*direct, *todo]
    outcome.timings["themes"] = time.perf_counter() - started
    return outcome


def _budget(voices: Sequence[Voice], budget: int) -> tuple[list[Voice], list[Voice]]:
    """An even sample of at most ``budget`` voices to embed, and the rest."""
    step = max(1, math.ceil(len(voices) / max(budget, 1)))
    chosen = set(range(0, len(voices), step))
    return (
        [v for i, v in enumerate(voices) if i in chosen],
        [v for i, v in enumerate(voices) if i not in chosen],
    )


def _place_by_wording(
    items: Sequence[FeedbackItem],
    embedded: Sequence[Voice],
    deferred: Sequence[Voice],
    outcome: ThemeOutcome,
    by_item: Mapping[int, FeedbackItem],
    rows: Sequence[FeedbackTheme],
) -> None:
    """Deferred voices join the theme their nearest placed messages agree on, or wait."""
    other = {row.id for row in rows if row.key == OTHER_ID}
    examples = [
        (v.text, v.lang, outcome.theme_of[v.key])
        for v in embedded
        if v.key in outcome.theme_of and outcome.theme_of[v.key] not in other
    ]
    per_theme: Counter[tuple[int, str]] = Counter()
    for item in items:
        theme_id, lang = item.theme_id, item.language or "other"
        if theme_id is None or theme_id in other or item.campaign_id is not None:
            continue
        if per_theme[(theme_id, lang)] < MAX_EXAMPLES and item.id not in outcome.placed_items:
            per_theme[(theme_id, lang)] += 1
            examples.append((item.text, lang, theme_id))
    joined = assign_by_wording(examples, [(v.key, v.text, v.lang) for v in deferred])
    keyed = {v.key: v for v in deferred}
    for key, theme_id in joined.items():
        _place(by_item, keyed[key], theme_id, outcome)
    outcome.by_wording = len(joined)
    outcome.waiting = sum(len(v.item_ids) for v in deferred if v.key not in joined)


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
        _messages(voices), states, means=means, vectors=vectors, min_size=min_size, embed=embed
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
