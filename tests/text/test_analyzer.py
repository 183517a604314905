"""Analyzer token streams: lemmas, stems, segmentation and folding per language."""

from __future__ import annotations

import pytest

from resonance.text.analyzer import Token, analyzer, query_term


def test_a_ukrainian_inflected_form_matches_its_lemma() -> None:
    tokens = analyzer("uk").tokens("Уряд ухвалив реформи для громадян міністерства")
    assert "реформа" in tokens
    assert "громадянин" in tokens
    assert query_term("uk", "реформою") == "реформа"
    assert query_term("uk", "п’ять") == query_term("uk", "пʼять") == "п'ять"


def test_a_russian_inflected_form_matches_its_lemma_and_yo_folds_to_ye() -> None:
    assert analyzer("ru").tokens("Министерства приняли реформы") == [
        "министерство",
        "принять",
        "реформа",
    ]
    assert query_term("ru", "ещё") == query_term("ru", "еще")
    assert query_term("ru", "Ёлки") == "елка"


def test_traditional_and_simplified_chinese_give_the_same_tokens() -> None:
    assert analyzer("zh").tokens("政府發佈新的資訊") == analyzer("zh").tokens("政府发布新的资讯")
    assert query_term("zh", "資訊") == query_term("zh", "资讯") == "资讯"


def test_chinese_offsets_point_into_the_original_text() -> None:
    text = "政府發佈新的資訊。"
    tokens = analyzer("zh").tokens_with_offsets(text)
    assert tokens[0] == Token("政府", 0, 2)
    assert all(text[t.start : t.end] for t in tokens)
    assert "。" not in analyzer("zh").tokens(text)


def test_vietnamese_words_join_their_syllables() -> None:
    tokens = analyzer("vi").tokens("Bộ Giáo dục và Đào tạo công bố kế hoạch năm 2025.")
    assert "giáo_dục" in tokens
    assert "đào_tạo" in tokens
    assert "2025" in tokens
    assert "." not in tokens
    offsets = analyzer("vi").tokens_with_offsets("Bộ Giáo dục")
    assert offsets[1] == Token("giáo_dục", 3, 11)


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("fr", ["écoles", "école", "l'école"]),
        ("en", ["reforms", "reform", "reforming", "reform's"]),
    ],
)
def test_snowball_stems_make_forms_meet(lang: str, forms: list[str]) -> None:
    assert len({query_term(lang, form) for form in forms}) == 1


def test_numbers_are_kept_and_punctuation_dropped() -> None:
    assert analyzer("en").tokens("It costs 3.5 million, (2024)!") == [
        "it",
        "cost",
        "3.5",
        "million",
        "2024",
    ]


def test_unknown_languages_fall_back_to_casefolded_words() -> None:
    assert analyzer("de").tokens("Straße GROSS") == ["strasse", "gross"]
    assert analyzer("xx") is analyzer("other") or analyzer("xx").lang == "other"


def test_analyzers_are_cached() -> None:
    assert analyzer("uk") is analyzer("uk")
