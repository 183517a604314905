"""Tone: the evaluation rule, the split, features, and the shipped model's behaviour."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonance.text.tone import (
    LABELS,
    NO_SIGNAL_SCORES,
    default_model,
    load_confusion,
    predict_tone,
)
from resonance.text.tone._data import Example, split
from resonance.text.tone._features import MAX_TONE_CHARS, doc_features, prepare
from resonance.text.tone._metrics import decide, expected_calibration_error, macro_f1

NEG, NEU, POS = 0, 1, 2


def test_binary_rows_compare_only_negative_and_positive() -> None:
    probs = np.array([[0.2, 0.5, 0.3], [0.2, 0.5, 0.3], [0.3, 0.4, 0.3]])
    binary = np.array([False, True, True])
    assert decide(probs, binary).tolist() == [NEU, POS, NEU]  # tie falls back to argmax


def test_macro_f1_averages_only_the_gold_classes_present() -> None:
    gold = np.array([NEG, NEG, POS, POS])
    pred = np.array([NEG, NEU, POS, POS])
    f1_neg, f1_pos = 2 * 1 / (2 * 1 + 0 + 1), 1.0
    assert macro_f1(gold, pred) == pytest.approx((f1_neg + f1_pos) / 2)


def test_a_perfectly_calibrated_model_has_zero_ece() -> None:
    probs = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    gold = np.array([NEG, POS])
    assert expected_calibration_error(probs, gold, np.array([False, False])) == 0.0


def _examples(n: int) -> list[Example]:
    return [
        Example(f"d-{i}", "en" if i % 2 else "ru", f"text {i}", LABELS[i % 3], False)
        for i in range(n)
    ]


def test_the_split_is_stratified_and_independent_of_row_order() -> None:
    rows = _examples(300)
    train, valid = split(rows)
    _train2, valid2 = split(list(reversed(rows)))
    assert {e.id for e in valid} == {e.id for e in valid2}
    assert len(valid) == 60
    assert {(e.lang, e.label) for e in valid} == {(e.lang, e.label) for e in rows}
    assert not {e.id for e in train} & {e.id for e in valid}


def test_features_are_stable_across_processes() -> None:
    idx, _ = doc_features(prepare("Чудовий сервіс!", "uk"), "uk")
    code = (
        "from resonance.text.tone._features import doc_features, prepare;"
        "print(doc_features(prepare('Чудовий сервіс!', 'uk'), 'uk')[0].sum())"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert int(out.stdout) == int(idx.sum())


def test_traditional_chinese_is_folded_before_features() -> None:
    assert prepare("這個酒店服務很好", "zh") == prepare("这个酒店服务很好", "zh")


def test_prepare_truncates_and_drops_urls_and_mentions() -> None:
    assert len(prepare("слово " * 300_000, "ru")) <= MAX_TONE_CHARS
    assert prepare("@user great http://t.co/x", "en") == "great"


SAMPLES = {
    "en": ("The new online service is fantastic, thank you!", "Terrible queue, nobody helps."),
    "fr": ("Merci, le nouveau service est excellent !", "Service nul, personne ne répond."),
    "ru": ("Отличная работа, спасибо большое!", "Ужасно, опять ничего не работает."),
    "uk": ("Дякую, чудова робота!", "Жахливо, знову нічого не працює."),
    "vi": ("dịch vụ rất tốt , cảm ơn", "thái độ phục vụ rất tệ"),
    "zh": ("服务很好，非常满意", "服务太差了，很失望"),
}


@pytest.mark.parametrize(("path", "min_right"), [("fast", 9), ("accurate", 12)])
def test_the_shipped_model_gets_clear_cases_right_in_six_languages(
    path: str, min_right: int
) -> None:
    texts = [t for pair in SAMPLES.values() for t in pair]
    langs = [lang for lang in SAMPLES for _ in range(2)]
    results = predict_tone(texts, langs, path=path)  # type: ignore[arg-type]
    right = 0
    for i, res in enumerate(results):
        assert sum(res.scores.values()) == pytest.approx(1.0, abs=1e-6)
        assert res.model == default_model().version
        pos, neg = res.scores["positive"], res.scores["negative"]
        right += (pos > neg) if i % 2 == 0 else (neg > pos)
    assert right >= min_right


def test_traditional_and_simplified_chinese_get_the_same_tone() -> None:
    hans, hant = predict_tone(
        ["酒店服务很差，房间很脏"] * 1 + ["酒店服務很差，房間很髒"], path="fast"
    )
    assert hans.label == hant.label
    assert hans.scores["negative"] == pytest.approx(hant.scores["negative"], abs=0.05)


def test_chinese_can_be_neutral() -> None:
    res = predict_tone(["会议将于周三上午十点在二楼举行。"], ["zh"], path="accurate")[0]
    assert res.scores["neutral"] > 0.05


@pytest.mark.parametrize(
    "text", ["", "   ", "😀😀😀", "https://example.org/a?b=c", "\x00\x01\x7f", "1234"]
)
def test_texts_without_letters_are_neutral_with_low_confidence(text: str) -> None:
    res = predict_tone([text], path="accurate")[0]
    assert res.label == "neutral"
    assert res.scores == NO_SIGNAL_SCORES
    assert res.confidence <= 0.5


def test_a_one_megabyte_text_is_cut_not_refused() -> None:
    res = predict_tone(["Жахливий сервіс. " * 60_000], ["uk"], path="accurate")[0]
    assert res.label in LABELS


def test_the_confusion_matrices_are_stored_with_the_model() -> None:
    conf = load_confusion()
    assert set(conf) >= {"uk", "ru", "zh", "vi", "fr", "en"}
    assert all(len(m) == 3 and all(len(r) == 3 for r in m) for m in conf.values())
    assert sum(map(sum, conf["ru"])) > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=300), min_size=1, max_size=5))
def test_predict_tone_never_raises_and_returns_probabilities(texts: list[str]) -> None:
    for res in predict_tone(texts, path="fast"):
        assert res.label in LABELS
        assert all(0.0 <= v <= 1.0 for v in res.scores.values())
        assert sum(res.scores.values()) == pytest.approx(1.0, abs=1e-6)
