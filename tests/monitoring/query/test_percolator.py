"""Percolator: the index returns exactly what brute-force matching of every query returns."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonance.monitoring.query import AnalyzedDocument, Percolator, compile_query

WORDS = {
    "uk": ["освіта", "освіти", "реформа", "реформу", "школа", "школи", "уряд", "наука"],
    "ru": ["образование", "реформа", "реформы", "школы", "школа", "правительство", "наука"],
    "zh": ["数字", "素養", "素养", "教育", "改革", "學校", "学校", "政府"],
    "vi": ["giáo dục", "cải cách", "trường học", "chính phủ", "dục", "học"],
    "fr": ["réforme", "réformes", "école", "écoles", "éducation", "gouvernement"],
    "en": ["reform", "reforms", "reformed", "school", "schools", "education", "government"],
}
ALL_WORDS = sorted({w for words in WORDS.values() for w in words})
SOURCES = ["gov.ua", "rbc.ru", "lemonde.fr"]
# The recursive query strategy has a long repr; Hypothesis warns when it builds it.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def _leaf() -> st.SearchStrategy[tuple[str, bool]]:
    word = st.sampled_from(ALL_WORDS)
    term = word.map(lambda w: (f'"{w}"' if " " in w else w, True))
    phrase = st.tuples(word, word).map(lambda p: (f'"{p[0]} {p[1]}"', True))
    prefix = word.filter(lambda w: len(w) >= 3 and " " not in w).map(lambda w: (w[:3] + "*", True))
    lang = st.sampled_from(["uk", "ru", "zh", "vi", "fr", "en", "other"])
    field = st.one_of(
        st.lists(lang, min_size=1, max_size=2).map(lambda ls: (f"lang:{','.join(ls)}", False)),
        st.sampled_from(SOURCES).map(lambda s: (f"source:{s}", False)),
        st.just(("source:gov*", False)),
    )
    return st.one_of(term, term, phrase, prefix, field)


def _combine(
    children: st.SearchStrategy[tuple[str, bool]],
) -> st.SearchStrategy[tuple[str, bool]]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: (f"({p[0][0]} AND {p[1][0]})", False)),
        pair.map(lambda p: (f"({p[0][0]} {p[1][0]})", False)),
        pair.map(lambda p: (f"({p[0][0]} OR {p[1][0]})", p[0][1] and p[1][1])),
        children.map(lambda c: (f"NOT {c[0]}", False)),
        children.map(lambda c: (f"-{c[0]}", False)),
        st.tuples(children, children, st.integers(1, 4))
        .filter(lambda t: t[0][1] and t[1][1])
        .map(lambda t: (f"({t[0][0]} NEAR/{t[2]} {t[1][0]})", True)),
    )


QUERY = st.recursive(_leaf(), _combine, max_leaves=6).map(lambda q: q[0])
DOC = st.tuples(
    st.sampled_from(sorted(WORDS)),
    st.lists(st.sampled_from(ALL_WORDS), min_size=0, max_size=10),
    st.sampled_from(SOURCES),
    st.booleans(),
)


def _document(lang: str, words: list[str], source: str, own_language: bool) -> AnalyzedDocument:
    # Mostly words of the document's own language, as real items are.
    words = [w for w in words if w in WORDS[lang]] if own_language else words
    joiner = "" if lang == "zh" else " "
    return AnalyzedDocument.from_text(joiner.join(words), lang, fields={"source": source})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(QUERY, min_size=1, max_size=25), st.lists(DOC, min_size=1, max_size=6))
def test_the_percolator_returns_exactly_what_brute_force_matching_returns(
    queries: list[str], docs: list[tuple[str, list[str], str, bool]]
) -> None:
    compiled = [compile_query(q) for q in queries]
    percolator: Percolator[int] = Percolator()
    for i, query in enumerate(compiled):
        percolator.add(i, query)
    for spec in docs:
        doc = _document(*spec)
        expected = {i for i, query in enumerate(compiled) if query.matches(doc)}
        assert percolator.match(doc) == expected
        assert percolator.candidates(doc) >= expected


def test_queries_can_be_added_replaced_and_removed() -> None:
    percolator: Percolator[str] = Percolator()
    doc = AnalyzedDocument.from_text("Уряд ухвалив реформу освіти", "uk")
    percolator.add("education", compile_query("освіта"))
    percolator.add("health", compile_query("медицина"))
    percolator.add("not-health", compile_query("NOT медицина"))
    assert percolator.match(doc) == {"education", "not-health"}
    percolator.add("health", compile_query("реформа"))
    assert percolator.match(doc) == {"education", "health", "not-health"}
    percolator.remove("education")
    percolator.remove("not-health")
    percolator.remove("unknown")
    assert percolator.match(doc) == {"health"}
    assert len(percolator) == 1
    assert "health" in percolator
    assert list(percolator) == ["health"]


def test_only_queries_sharing_a_key_with_the_document_are_checked() -> None:
    percolator: Percolator[int] = Percolator()
    for i, word in enumerate(["reform", "school", "budget", "tax"]):
        percolator.add(i, compile_query(f"{word} NEAR/3 minister"))
    percolator.add(9, compile_query("NOT spam"))
    doc = AnalyzedDocument.from_text("The minister announced the school reforms", "en")
    assert percolator.candidates(doc) == {0, 1, 9}
    # "school" is 3 words from "minister", "reforms" 4.
    assert percolator.match(doc) == {1, 9}


def test_a_language_filter_keeps_a_query_out_of_other_languages_candidates() -> None:
    percolator: Percolator[str] = Percolator()
    percolator.add("uk-only", compile_query("lang:uk (covid OR вакцина)"))
    percolator.add("not-ru", compile_query("-lang:ru"))
    english = AnalyzedDocument.from_text("covid news", "en")
    ukrainian = AnalyzedDocument.from_text("covid і вакцина", "uk")
    russian = AnalyzedDocument.from_text("covid", "ru")
    assert percolator.candidates(english) == {"not-ru"}
    assert percolator.match(ukrainian) == {"uk-only", "not-ru"}
    assert percolator.match(russian) == set()
    assert compile_query("lang:uk covid").required_terms_for("en") == frozenset()
