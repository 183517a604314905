"""Theme assignment by wording, for the voices past a run's embedding budget."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

K = 7
MIN_SIMILARITY = 0.35
"""Least TF-IDF cosine of a neighbour that may vote.

Wording is a weak guide to what a comment is about (paraphrases share few n-grams): on the
labelled test comments, neighbours at 0.2 with 60 % agreement put 39 % of messages in the wrong
theme, at 0.35 with 80 % none. So only near-copies join by wording; the rest wait to be embedded.
"""
MIN_AGREEMENT = 0.8
"""Share of the (similarity-weighted) votes the winning theme needs; otherwise the voice waits."""


def assign_by_wording(
    examples: Sequence[tuple[str, str, int]], voices: Sequence[tuple[str, str, str]]
) -> dict[str, int]:
    """Voice key → theme id where the voice's nearest examples in its language agree.

    ``examples`` are (text, language, theme id) of messages already placed through embeddings;
    ``voices`` are (key, text, language). Character n-gram TF-IDF within one language finds
    the ``K`` most similar examples; a theme wins with ``MIN_AGREEMENT`` of their weighted votes.
    Voices without agreement are left out: a later run embeds them.
    """
    by_lang: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for text, lang, theme_id in examples:
        by_lang[lang].append((text, theme_id))
    wanted: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, text, lang in voices:
        wanted[lang].append((key, text))
    placed: dict[str, int] = {}
    for lang, asked in wanted.items():
        known = by_lang.get(lang)
        if known:
            placed.update(_vote(known, asked))
    return placed


def _vote(known: list[tuple[str, int]], asked: list[tuple[str, str]]) -> dict[str, int]:
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    matrix = vectorizer.fit_transform([t for t, _ in known] + [t for _, t in asked])
    examples, queries = matrix[: len(known)], matrix[len(known) :]
    themes = np.asarray([theme_id for _, theme_id in known])
    placed: dict[str, int] = {}
    for start in range(0, len(asked), 512):
        block = (queries[start : start + 512] @ examples.T).toarray()
        for row, scores in enumerate(block):
            choice = _winner(scores, themes)
            if choice is not None:
                placed[asked[start + row][0]] = choice
    return placed


def _winner(scores: np.ndarray, themes: np.ndarray) -> int | None:
    top = np.argsort(-scores, kind="stable")[:K]
    top = top[scores[top] >= MIN_SIMILARITY]
    if len(top) == 0:
        return None
    votes: dict[int, float] = defaultdict(float)
    for index in top:
        votes[int(themes[index])] += float(scores[index])
    best = max(votes, key=lambda theme_id: (votes[theme_id], -theme_id))
    return best if votes[best] >= MIN_AGREEMENT * sum(votes.values()) else None
