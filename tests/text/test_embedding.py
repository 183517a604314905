"""Embeddings: shape, normalisation, batching and the memory and disk caches."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from resonance.text.embedding import DIM, MAX_EMBED_CHARS, Embedder


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


def test_it_returns_normalised_float32_rows(embedder: Embedder) -> None:
    out = embedder.embed(["Добрий день", "service was terrible", "服务很好"])
    assert out.shape == (3, DIM)
    assert out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-4)


def test_it_embeds_an_empty_batch(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, DIM)


def test_it_never_embeds_the_same_text_twice(embedder: Embedder) -> None:
    before = embedder.computed
    first = embedder.embed(["a repeated text", "a repeated text", "another one"])
    assert embedder.computed - before == 2
    again = embedder.embed(["another one", "a repeated text"])
    assert embedder.computed - before == 2
    np.testing.assert_array_equal(again[1], first[0])


def test_similar_meanings_are_closer_than_unrelated_ones(embedder: Embedder) -> None:
    a, b, c = embedder.embed(["The hospital is closed", "Лікарня зачинена", "I like football"])
    assert float(a @ b) > float(a @ c)


def test_the_disk_cache_survives_a_new_process_object(tmp_path: Path) -> None:
    first = Embedder(cache_dir=tmp_path)
    vec = first.embed(["cached on disk"])
    second = Embedder(cache_dir=tmp_path)
    again = second.embed(["cached on disk"])
    assert second.computed == 0
    np.testing.assert_array_equal(vec, again)


def test_odd_input_does_not_raise(embedder: Embedder) -> None:
    texts = ["", "   ", "\ud800 lone surrogate", "x" * (MAX_EMBED_CHARS * 3), "😀😀"]
    out = embedder.embed(texts)
    assert out.shape == (5, DIM)
    assert np.isfinite(out).all()
