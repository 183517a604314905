"""Analyst edits of themes as pure functions on their state: rename, move, merge, split."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from resonance.feedback._theme_labels import label_themes
from resonance.feedback._theme_model import Assignment, Message, ThemeState
from resonance.feedback._theme_space import (
    EmbedFn,
    FloatArray,
    LanguageMeans,
    groups_of,
    unit,
    vectors_of,
)


def absorb(themes: Sequence[ThemeState], assignment: Assignment) -> list[ThemeState]:
    """Add the assigned messages to their themes' members; centroids and edits are kept."""
    new: dict[str, set[str]] = {}
    for message_id, theme_id in assignment.assigned.items():
        new.setdefault(theme_id, set()).add(message_id)
    return [replace(t, member_ids=t.member_ids | new.get(t.id, set())) for t in themes]


def rename_theme(
    themes: Sequence[ThemeState], theme_id: str, label: dict[str, str]
) -> list[ThemeState]:
    """Give a theme an analyst's label, which later runs keep."""
    return [replace(t, locked_label=dict(label)) if t.id == theme_id else t for t in themes]


def move_message(themes: Sequence[ThemeState], message_id: str, theme_id: str) -> list[ThemeState]:
    """Assign a message to a theme by hand: pinned there, excluded from every other theme."""
    moved: list[ThemeState] = []
    for t in themes:
        if t.id == theme_id:
            moved.append(
                replace(
                    t,
                    pinned_member_ids=t.pinned_member_ids | {message_id},
                    excluded_member_ids=t.excluded_member_ids - {message_id},
                )
            )
        elif message_id in t.all_member_ids or message_id in t.pinned_member_ids:
            moved.append(
                replace(
                    t,
                    member_ids=t.member_ids - {message_id},
                    pinned_member_ids=t.pinned_member_ids - {message_id},
                    excluded_member_ids=t.excluded_member_ids | {message_id},
                )
            )
        else:
            moved.append(t)
    return moved


def merge_themes(
    themes: Sequence[ThemeState], theme_ids: Sequence[str], *, label: dict[str, str] | None = None
) -> list[ThemeState]:
    """Merge themes into the first of ``theme_ids``, which keeps its id and place.

    The centroid is the member-weighted mean; members, pins and exclusions are united (a
    message that one theme excluded but another holds stays in). The label is ``label`` if
    given, else the first analyst label among the merged themes, else the first's automatic one.
    """
    chosen = [t for t in themes if t.id in set(theme_ids)]
    if len(chosen) < 2:
        return list(themes)
    chosen.sort(key=lambda t: list(theme_ids).index(t.id))
    weights = np.array([max(len(t.all_member_ids), 1) for t in chosen], dtype=np.float32)
    centroid = unit((np.stack([t.centroid for t in chosen]) * weights[:, None]).sum(axis=0))
    members = frozenset().union(*(t.member_ids for t in chosen))
    pinned = frozenset().union(*(t.pinned_member_ids for t in chosen))
    excluded = frozenset().union(*(t.excluded_member_ids for t in chosen)) - members - pinned
    locked = label or next((t.locked_label for t in chosen if t.locked_label), None)
    merged = replace(
        chosen[0],
        centroid=centroid,
        member_ids=members,
        pinned_member_ids=pinned,
        excluded_member_ids=excluded,
        locked_label=dict(locked) if locked else None,
    )
    gone = {t.id for t in chosen[1:]}
    return [merged if t.id == merged.id else t for t in themes if t.id not in gone]


def split_theme(
    themes: Sequence[ThemeState],
    theme_id: str,
    messages: Sequence[Message],
    k: int,
    *,
    means: LanguageMeans,
    vectors: FloatArray | None = None,
    embed: EmbedFn | None = None,
) -> list[ThemeState]:
    """Re-cluster one theme's members into ``k`` themes ``<id>.1`` … ``<id>.k``, largest first.

    ``messages`` are the theme's members (others are ignored). Children get automatic labels
    (an analyst label of the parent does not fit its parts), keep the pins of their members
    and all of the parent's exclusions.
    """
    parent = next((t for t in themes if t.id == theme_id), None)
    if parent is None:
        return list(themes)
    index = [i for i, m in enumerate(messages) if m.id in parent.all_member_ids]
    members = [messages[i] for i in index]
    if k < 2 or len(members) < k:
        return list(themes)
    raw = vectors_of(messages, vectors, embed)[index]
    centred = means.centre(raw, [m.lang for m in members])
    # Ward on unit vectors (Euclidean ~ cosine) gives k real parts; average linkage would
    # peel off single outliers instead.
    model = AgglomerativeClustering(n_clusters=k, linkage="ward")
    groups = groups_of(model.fit_predict(centred))
    labels = label_themes(members, [[members[i] for i in g] for g in groups])
    children = [
        ThemeState(
            id=f"{theme_id}.{n}",
            centroid=unit(centred[group].mean(axis=0)),
            pinned_member_ids=parent.pinned_member_ids & {members[i].id for i in group},
            excluded_member_ids=parent.excluded_member_ids,
            member_ids=frozenset(members[i].id for i in group),
            label=label,
        )
        for n, (group, label) in enumerate(zip(groups, labels, strict=True), start=1)
    ]
    at = [t.id for t in themes].index(theme_id)
    return [*themes[:at], *children, *themes[at + 1 :]]
