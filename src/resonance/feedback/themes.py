"""Themes of feedback: clustering of embeddings, labels per language, quotes, analyst edits."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from resonance.feedback._theme_edits import (
    absorb,
    merge_themes,
    move_message,
    rename_theme,
    split_theme,
)
from resonance.feedback._theme_labels import Quote, label_themes, pick_quotes
from resonance.feedback._theme_model import (
    DEFAULT_ASSIGN_THRESHOLD,
    DEFAULT_DISTANCE,
    OTHER_ID,
    OTHER_LABEL,
    Assignment,
    Message,
    Theme,
    ThemeState,
)
from resonance.feedback._theme_space import (
    EmbedFn,
    FloatArray,
    LanguageMeans,
    fit_language_means,
    groups_of,
    unit,
    vectors_of,
)


def find_themes(
    messages: Sequence[Message],
    *,
    vectors: FloatArray | None = None,
    means: LanguageMeans | None = None,
    min_size: int = 5,
    max_themes: int = 12,
    distance: float = DEFAULT_DISTANCE,
    n_quotes: int = 3,
    embed: EmbedFn | None = None,
) -> list[Theme]:
    """Group ``messages`` into themes, largest first, with the "other" bucket last (if any).

    Vectors are centred per language (see :class:`LanguageMeans`) so that messages cluster
    by what they say rather than by the language they say it in; then average-linkage
    clustering cuts at cosine ``distance``. Clusters under ``min_size`` and those past
    ``max_themes`` go to the "other" bucket. The result depends only on the input (same
    messages in the same order, same themes).
    """
    if not messages:
        return []
    raw = vectors_of(messages, vectors, embed)
    means = means or fit_language_means([m.lang for m in messages], raw)
    centred = means.centre(raw, [m.lang for m in messages])
    groups = _cluster(centred, distance)
    kept = _keep(groups, min_size, max_themes)
    outliers = sorted(set(range(len(messages))) - {i for group in kept for i in group})
    themes = [_theme(messages, centred, group, embed, means, n_quotes) for group in kept]
    labels = label_themes(messages, [[messages[i] for i in group] for group in kept])
    themes = [replace(theme, label=label) for theme, label in zip(themes, labels, strict=True)]
    if outliers:
        other = _theme(messages, centred, outliers, embed, means, 0)
        langs = {messages[i].lang for i in outliers}
        themes.append(replace(other, id=OTHER_ID, label=_other_label(langs)))
    return themes


def state_of(theme: Theme) -> ThemeState:
    """The state to keep for ``theme`` (no analyst edits yet)."""
    return ThemeState(
        id=theme.id,
        centroid=theme.centroid,
        member_ids=frozenset(theme.member_ids),
        label=dict(theme.label),
    )


def assign_new(
    messages: Sequence[Message],
    themes: Sequence[ThemeState],
    *,
    means: LanguageMeans,
    threshold: float = DEFAULT_ASSIGN_THRESHOLD,
    vectors: FloatArray | None = None,
    min_size: int = 5,
    embed: EmbedFn | None = None,
    n_quotes: int = 3,
) -> Assignment:
    """Assign new messages to existing themes; propose new themes from what is left.

    A message pinned to a theme goes there; otherwise to the most similar theme that did not
    exclude it, if the cosine reaches ``threshold``. The rest is clustered by
    :func:`find_themes` into candidate themes for an analyst to accept (with ``n_quotes``
    quotes each, which costs embedding their sentences). ``means`` must be
    those the themes were found with, so vectors are centred the same way. Theme states are
    not changed (see :func:`absorb`): labels, pins and exclusions stay as the analyst left them.
    """
    if not messages:
        return Assignment({}, {}, [], [])
    raw = vectors_of(messages, vectors, embed)
    centred = means.centre(raw, [m.lang for m in messages])
    assigned: dict[str, str] = {}
    scores: dict[str, float] = {}
    centroids = np.stack([t.centroid for t in themes]) if themes else np.zeros((0, raw.shape[1]))
    similarity = centred @ centroids.T
    for row, message in enumerate(messages):
        choice = _choose(message.id, themes, similarity[row], threshold)
        if choice is not None:
            assigned[message.id] = themes[choice].id
            scores[message.id] = round(float(similarity[row, choice]), 4)
    rest = [i for i, m in enumerate(messages) if m.id not in assigned]
    found = find_themes(
        [messages[i] for i in rest],
        vectors=raw[rest],
        means=means,
        min_size=min_size,
        n_quotes=n_quotes,
        embed=embed,
    )
    candidates = [theme for theme in found if not theme.is_other]
    taken = {mid for theme in candidates for mid in theme.member_ids}
    unassigned = [messages[i].id for i in rest if messages[i].id not in taken]
    return Assignment(assigned, scores, candidates, unassigned)


def _cluster(centred: FloatArray, distance: float) -> list[list[int]]:
    if len(centred) == 1:
        return [[0]]
    model = AgglomerativeClustering(
        n_clusters=None, distance_threshold=distance, metric="cosine", linkage="average"
    )
    return groups_of(model.fit_predict(centred))


def _keep(groups: list[list[int]], min_size: int, max_themes: int) -> list[list[int]]:
    return [group for group in groups if len(group) >= min_size][:max_themes]


def _theme(
    messages: Sequence[Message],
    centred: FloatArray,
    group: list[int],
    embed: EmbedFn | None,
    means: LanguageMeans,
    n_quotes: int,
) -> Theme:
    members = [messages[i] for i in group]
    centroid = unit(centred[group].mean(axis=0))
    ids = sorted(m.id for m in members)
    digest = hashlib.sha256("\x00".join(ids).encode()).hexdigest()[:10]
    quotes = pick_quotes(members, centroid, means, n_quotes, embed) if n_quotes else []
    return Theme(f"theme-{digest}", {}, [m.id for m in members], centroid, quotes)


def _choose(
    message_id: str, themes: Sequence[ThemeState], similarity: FloatArray, threshold: float
) -> int | None:
    for index, theme in enumerate(themes):
        if message_id in theme.pinned_member_ids:
            return index
    best: int | None = None
    for index, theme in enumerate(themes):
        if message_id in theme.excluded_member_ids or similarity[index] < threshold:
            continue
        if best is None or similarity[index] > similarity[best]:
            best = index
    return best


def _other_label(langs: set[str]) -> dict[str, str]:
    return {lang: OTHER_LABEL.get(lang, OTHER_LABEL["en"]) for lang in sorted(langs)}


__all__ = [
    "DEFAULT_ASSIGN_THRESHOLD",
    "DEFAULT_DISTANCE",
    "OTHER_ID",
    "OTHER_LABEL",
    "Assignment",
    "LanguageMeans",
    "Message",
    "Quote",
    "Theme",
    "ThemeState",
    "absorb",
    "assign_new",
    "find_themes",
    "fit_language_means",
    "merge_themes",
    "move_message",
    "rename_theme",
    "split_theme",
    "state_of",
]
