"""Hypothesis: any string compiles or raises QuerySyntaxError, and canonical text round-trips."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonance.monitoring.query import (
    AnalyzedDocument,
    Node,
    QuerySyntaxError,
    compile_query,
    parse,
    to_text,
)

PIECES = st.sampled_from(
    [
        "a", "bc", "освіта", "Школы", "数字素养", "giáo", "réforme", "don't", "covid-19",
        "AND", "OR", "NOT", "NEAR/2", "NEAR", "NEAR/0", "NEAR/100", "(", ")", '"', "«", "»",
        "“", "”", "-", "*", "ab*", "数*", "x*", "lang:", "lang:uk", "lang:uk,ru", "LANG:zh",
        "source:", "source:gov*", 'author:"a b"', ",", ":", "foo:", "http://x", "&&", "'",
        '"a b"', "«реформа освіти»", "\t", "\n", "",
    ]
)  # fmt: skip
QUERIES = st.one_of(
    st.text(max_size=40),
    st.lists(PIECES, max_size=14).map(" ".join),
    st.lists(PIECES, max_size=14).map("".join),
    st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=10).map(" ".join),
)
DOCS = [
    AnalyzedDocument.from_text(text, lang, title="a bc", fields={"source": "gov.ua"})
    for lang, text in [
        ("uk", "Реформа освіти: школи і наука"),
        ("ru", "Школы и реформа образования"),
        ("zh", "提升全民數字素養"),
        ("vi", "Cải cách giáo dục"),
        ("fr", "Les réformes de l'éducation"),
        ("en", "Covid-19 reforms don't stop"),
        ("de", "ab bc"),
    ]
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
def test_any_string_parses_or_raises_a_syntax_error_with_a_position(query: str) -> None:
    result = _parse_or_error(query)
    if isinstance(result, QuerySyntaxError):
        assert 0 <= result.position <= len(query)
        assert result.message.startswith(
            f"Expected {result.expected} at position {result.position}"
        )
        assert result.caret().count("\n") == 1
    else:
        assert parse(to_text(result)) == result


def _parse_or_error(query: str) -> Node | QuerySyntaxError:
    try:
        return parse(query)
    except QuerySyntaxError as error:
        return error


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
def test_any_compiled_query_matches_any_document_without_errors(query: str) -> None:
    try:
        compiled = compile_query(query)
    except QuerySyntaxError:
        return
    for doc in DOCS:
        assert compiled.matches(doc) in (True, False)
