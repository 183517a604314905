"""Representative quotes of themes: close to the centroid, detailed, not from a campaign."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from resonance.feedback._analysis_themes import ThemeOutcome
from resonance.feedback._analysis_voices import gist
from resonance.feedback._theme_space import EmbedFn, FloatArray, LanguageMeans
from resonance.feedback.models import FeedbackItem, FeedbackTheme
from resonance.feedback.themes import OTHER_ID

MAX_QUOTES = 3


def choose_quotes(scored: Sequence[tuple[FeedbackItem, float]], n: int = MAX_QUOTES) -> list[int]:
    """Ids of the best ``n``: detailed messages first, then by closeness (higher score)."""
    ranked = sorted(scored, key=lambda pair: (not pair[0].detailed, -pair[1], pair[0].id))
    return [item.id for item, _ in ranked[:n]]


def refresh_quotes(
    themes: Sequence[FeedbackTheme],
    items: Sequence[FeedbackItem],
    outcome: ThemeOutcome,
    *,
    embed: EmbedFn,
) -> None:
    """Pick again the quotes of themes that got messages in this run.

    Candidates are the theme's current quotes and its new single messages (campaign letters
    only when the theme has nothing else); each is scored by its language-centred cosine to
    the theme's centroid.
    """
    by_item = {item.id: item for item in items}
    new: dict[int, list[tuple[FeedbackItem, FloatArray]]] = {}
    fallback: dict[int, list[int]] = {}
    for voice in outcome.voices:
        theme_id = outcome.theme_of.get(voice.key)
        if theme_id is None:
            continue
        if voice.campaign_id is None and voice.key in outcome.vectors:
            pair = (by_item[voice.item_ids[0]], outcome.vectors[voice.key])
            new.setdefault(theme_id, []).append(pair)
        else:
            fallback.setdefault(theme_id, []).append(voice.item_ids[0])
    touched = set(outcome.theme_of.values())
    for theme in themes:
        if theme.id not in touched or theme.key == OTHER_ID or not theme.centroid:
            continue
        kept = [by_item[i] for i in theme.quote_ids if i in by_item]
        kept = [item for item in kept if item.theme_id == theme.id]
        candidates = new.get(theme.id, [])
        scored = _score(theme, kept, candidates, outcome.means, embed)
        theme.quote_ids = choose_quotes(scored) or fallback.get(theme.id, [])[:MAX_QUOTES]


def _score(
    theme: FeedbackTheme,
    kept: Sequence[FeedbackItem],
    candidates: Sequence[tuple[FeedbackItem, FloatArray]],
    means: LanguageMeans,
    embed: EmbedFn,
) -> list[tuple[FeedbackItem, float]]:
    fresh = {item.id for item, _ in candidates}
    old = [item for item in kept if item.id not in fresh]
    rows = [vector for _, vector in candidates]
    if old:
        # As the run embeds messages (their gist), so that earlier runs' vectors are reused.
        rows.extend(np.asarray(embed([gist(item.text) for item in old]), dtype=np.float32))
    members = [item for item, _ in candidates] + old
    if not members:
        return []
    centred = means.centre(np.stack(rows), [m.language or "other" for m in members])
    scores = centred @ np.asarray(theme.centroid, dtype=np.float32)
    return [(item, float(score)) for item, score in zip(members, scores, strict=True)]
