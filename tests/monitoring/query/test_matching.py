"""Matching analysed documents: lemmas in six languages, phrases, NEAR, prefixes and fields."""

from __future__ import annotations

import pytest

from resonance.monitoring.query import AnalyzedDocument, compile_query


def matches(query: str, text: str, lang: str, **kwargs: object) -> bool:
    doc = AnalyzedDocument.from_text(text, lang, **kwargs)  # type: ignore[arg-type]
    return compile_query(query).matches(doc)


@pytest.mark.parametrize(
    ("query", "lang", "text"),
    [
        ("освіта", "uk", "Міністерство розповіло про зміни до освіти."),
        ("освіта", "uk", "Ми пишаємося нашою освітою."),
        ("освіти", "uk", "Освіта — це майбутнє."),
        ("реформа", "uk", "Уряд ухвалив реформи."),
        ("реформа", "uk", "Парламент підтримав реформу."),
        ("реформа", "ru", "Правительство провело реформу."),
        ("реформа", "ru", "Реформы продолжаются."),
        ("реформи", "ru", "Реформы продолжаются."),
        ("школа", "ru", "Дети вернулись в школы."),
        ("ШКОЛА", "ru", "новые школы"),
        ("ещё", "ru", "еще раз"),
        ("数字素养", "zh", "提升全民數字素養行動綱要"),
        ("數字素養", "zh", "提升全民数字素养"),
        ("教育", "zh", "推進教育改革"),
        ('"giáo dục"', "vi", "Bộ Giáo dục và Đào tạo công bố cải cách."),
        ("dục", "vi", "Cải cách giáo dục là ưu tiên."),
        ('"cải cách giáo dục"', "vi", "Chương trình cải cách giáo dục mới."),
        ("réforme", "fr", "Les réformes de l'éducation avancent."),
        ("éducation", "fr", "l'Éducation nationale"),
        ("reform", "en", "More reforms are planned."),
        ("reform", "en", "The ministry reformed the curriculum."),
        ("Reforms", "en", "a REFORM of schools"),
    ],
)
def test_a_word_finds_its_inflected_forms_in_each_language(
    query: str, lang: str, text: str
) -> None:
    assert matches(query, text, lang)


@pytest.mark.parametrize(
    ("query", "lang", "text"),
    [
        ("освіта", "uk", "Охорона здоров'я."),
        ("школа", "ru", "Дети вернулись домой."),
        ("数字素养", "zh", "数字经济的素养"),
        ('"giáo dục"', "vi", "Giáo viên dục dặc"),
        ("dục", "vi", "Đào tạo nghề"),
        ("réforme", "fr", "Le formulaire"),
        ("reform", "en", "The form is ready."),
    ],
)
def test_a_word_does_not_find_unrelated_words(query: str, lang: str, text: str) -> None:
    assert not matches(query, text, lang)


def test_a_chinese_term_also_matches_as_a_substring_when_segmentation_differs() -> None:
    # jieba cuts "素养" and "数字" apart here; the folded-text rule still finds the term.
    text = "培养學生的數字素養和創新能力"
    assert matches("数字素养", text, "zh")
    assert matches("字素", text, "zh")
    assert matches("數字素養 NEAR/2 创新", text, "zh")


def test_a_chinese_term_is_found_in_a_text_of_any_language() -> None:
    assert matches("数字素养", "Conference on 數字素養 in Taipei", "en")


def test_a_ukrainian_query_word_is_also_read_with_the_russian_dictionary_and_back() -> None:
    assert matches("реформи", "Реформы продолжаются.", "ru")
    assert matches("реформы", "Уряд ухвалив реформи.", "uk")


def test_the_sibling_reading_is_skipped_for_words_the_other_dictionary_does_not_know() -> None:
    # Russian pymorphy3 would guess the lemma "як" for Ukrainian "яка", matching "как".
    assert not matches("яка", "Как дела?", "ru")


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ('"school reform"', "the school reform starts", True),
        ('"school reform"', "the schools reforms start", True),
        ('"school reform"', "the reform of school", False),
        ('"school reform"', "school and reform", False),
        ("school NEAR/1 reform", "reform school", True),
        ("school NEAR/1 reform", "school and reform", False),
        ("school NEAR/2 reform", "school and reform", True),
        ("school NEAR/2 reform", "reform and school", True),
        ("school NEAR/2 reform", "school, sadly, has no reform", False),
        ('"school reform" NEAR/2 teacher*', "school reform for teachers", True),
        ('"school reform" NEAR/2 teacher*', "teachers: the school reform", True),
        ('"school reform" NEAR/2 teacher*', "teachers of the old school reform", False),
        ("(school OR college) NEAR/3 reform", "college fees and reform", True),
        ("school NEAR/2 reform NEAR/2 minister", "school reform by minister", True),
        ("school NEAR/2 reform NEAR/2 minister", "school reform was approved by a minister", False),
        ("reform NEAR/3 reform", "one reform only", False),
        ("reform NEAR/3 reform", "reform after reform", True),
    ],
)
def test_phrases_and_near_use_word_positions(query: str, text: str, expected: bool) -> None:
    assert matches(query, text, "en") is expected


def test_near_counts_positions_in_segmented_chinese_and_vietnamese() -> None:
    assert matches("教育 NEAR/1 改革", "推进教育改革", "zh")
    assert not matches("教育 NEAR/1 改革", "教育部门今天宣布改革", "zh")
    assert matches('"giáo dục" NEAR/2 "cải cách"', "cải cách giáo dục", "vi")


def test_phrases_and_near_do_not_cross_from_title_to_text() -> None:
    doc = AnalyzedDocument.from_text("reform starts", "en", title="New school")
    assert compile_query("school").matches(doc)
    assert not compile_query('"school reform"').matches(doc)
    assert not compile_query("school NEAR/100 reform").matches(doc)
    assert compile_query("school reform").matches(doc)


@pytest.mark.parametrize(
    ("query", "lang", "text", "expected"),
    [
        ("освіт*", "uk", "Реформа освіти", True),
        ("educat*", "en", "Education matters", True),
        ("educat*", "en", "Educators protest", True),
        ("educat*", "en", "The ducat is old", False),
        ("réfor*", "fr", "Les réformes", True),
        ("школ*", "ru", "новые школы", True),
        ("数字*", "zh", "数字化转型", True),
        ("giáo*", "vi", "Giáo dục", True),
        ("REFORM*", "en", "reformed", True),
    ],
)
def test_a_prefix_matches_surface_words_and_lemmas(
    query: str, lang: str, text: str, expected: bool
) -> None:
    assert matches(query, text, lang) is expected


def test_fields_filter_on_language_source_country_region_and_author() -> None:
    fields = {"source": "Gov.ua", "country": "UA", "region": "Kyiv", "author": "Olena Petrenko"}
    doc = AnalyzedDocument.from_text("Реформа освіти", "uk", fields=fields)
    hits = [
        "lang:uk",
        "lang:ru,uk",
        "lang:ru OR lang:uk",
        "source:gov.ua",
        "source:gov*",
        "country:ua",
        "region:kyiv освіта",
        'author:"olena petrenko"',
        "освіта -lang:ru",
    ]
    misses = ["lang:ru", "source:rbc.ru", "region:lviv", "author:olena", "освіта -country:ua"]
    assert [q for q in hits if not compile_query(q).matches(doc)] == []
    assert [q for q in misses if compile_query(q).matches(doc)] == []


def test_a_document_in_another_language_counts_as_other() -> None:
    doc = AnalyzedDocument.from_text("Die Bildungsreform kommt", "de")
    assert doc.lang == "other"
    assert compile_query("lang:other bildungsreform").matches(doc)


def test_boolean_operators_combine_as_documented() -> None:
    text = "Освіта і наука: уряд готує реформу"
    assert matches("освіта AND реформа", text, "uk")
    assert matches("освіта медицина", text, "uk") is False
    assert matches("медицина OR наука", text, "uk")
    assert matches("освіта -медицина", text, "uk")
    assert matches("освіта NOT наука", text, "uk") is False
    assert matches("медицина OR освіта наука", text, "uk")
    assert matches("(медицина OR освіта) -(наука реформа)", text, "uk") is False
    assert matches("NOT медицина", text, "uk")


def test_required_terms_are_what_the_percolator_indexes() -> None:
    assert compile_query("reform OR school").required_terms_for("en") == frozenset(
        {"reform", "school"}
    )
    assert compile_query("reform -school").required_terms_for("en") == frozenset({"reform"})
    assert compile_query("lang:en reforms").required_terms_for("en") == frozenset({"reform"})
    assert compile_query("educat*").required_terms_for("en") == frozenset({"edu*"})
    assert compile_query("source:gov*").required_terms_for("en") == frozenset({"source:gov*"})
    assert compile_query("source:g*").always_check
    assert compile_query("数字素养").required_terms_for("zh") == frozenset({"数字"})
    query = compile_query("NOT reform")
    assert query.always_check
    assert query.required_terms == frozenset()
    assert query.required_terms_for("en") is None


def test_compile_query_keeps_the_text_and_a_canonical_form() -> None:
    query = compile_query("освіта -корупція")
    assert query.text == "освіта -корупція"
    assert str(query) == "освіта AND NOT корупція"
