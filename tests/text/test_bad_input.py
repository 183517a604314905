"""No public text function raises on hostile input; each gives a defined answer."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonance.text.analyzer import analyzer, query_term
from resonance.text.language import LanguageGuess, detect_language, detect_languages
from resonance.text.neardup import ReprintIndex, shingles
from resonance.text.normalize import decode_bytes, fold_chinese, normalize_text
from resonance.text.summary import key_phrases, split_sentences, summarize

LANGS = ("uk", "ru", "zh", "vi", "fr", "en", "other")
NASTY = [
    "",
    " \t\n ",
    "🙂🎉👍🏽" * 10,
    "https://example.org/x http://t.co/abc www.site.com",
    "\u200b\u200c\u200d\ufeff\u202a\u202e\u2066\u2069\u200e\u200f",
    "\x00\x01\x07\x1b[31m\x7f\x85\x92",
    "Київ 北京 Hà Nội Paris Москва London العربية עברית",
    "\u202eتست\u202c mixed RTL",
    "\ud800 lone surrogate",
    "a" * 10_000,
    "<p><<<>>>&&&;;</p>",
]
BIG = ("Міністерство освіти 教育部 Bộ Giáo dục. " * 30_000)[:1_000_000]


def _fake_embed(texts: Sequence[str]) -> np.ndarray:
    rng = np.random.default_rng(len(texts))
    return rng.normal(size=(len(texts), 8)).astype(np.float32)


def _run_all(text: str) -> None:
    guess = detect_language(text)
    assert guess.lang in LANGS
    assert 0.0 <= guess.confidence <= 1.0
    assert isinstance(normalize_text(text), str)
    assert isinstance(fold_chinese(text), str)
    for lang in LANGS:
        assert all(isinstance(t, str) and t for t in analyzer(lang).tokens(text))
        assert isinstance(query_term(lang, text[:50]), str)
        assert isinstance(split_sentences(text, lang), list)
    assert isinstance(shingles(text, guess.lang), set)
    ReprintIndex().add("x", text, guess.lang)


@pytest.mark.parametrize("text", NASTY)
def test_nasty_strings_get_defined_answers(text: str) -> None:
    _run_all(text)


def test_text_without_letters_is_other_with_zero_confidence() -> None:
    for text in NASTY[:5]:
        assert detect_language(text) == LanguageGuess("other", 0.0)


def test_one_megabyte_text_is_handled_quickly() -> None:
    assert len(normalize_text(BIG)) <= 100_000
    assert detect_language(BIG).lang in LANGS
    assert len(analyzer("uk").tokens(normalize_text(BIG))) > 1000
    assert shingles(BIG, "zh")


def test_non_string_input_is_treated_as_empty() -> None:
    assert detect_language(None) == LanguageGuess("other", 0.0)  # type: ignore[arg-type]
    assert normalize_text(None) == ""  # type: ignore[arg-type]
    assert analyzer("en").tokens(None) == []  # type: ignore[arg-type]
    assert decode_bytes(None) == ""  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    _run_all(text)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([None, "utf-8", "cp1251", "big5", "bogus", ""]))
def test_random_bytes_always_decode(data: bytes, declared: str | None) -> None:
    assert isinstance(decode_bytes(data, declared), str)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=5), st.text(max_size=200)), max_size=5))
def test_summaries_and_key_phrases_never_raise(items: list[tuple[str, str]]) -> None:
    assert isinstance(summarize(items, embed=_fake_embed), list)
    for lang in LANGS:
        assert isinstance(key_phrases([text for _, text in items], lang), list)
    assert len(detect_languages([text for _, text in items])) == len(items)
