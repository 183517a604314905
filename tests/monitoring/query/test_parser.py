"""Parsing: operators, precedence, implicit AND, fields, phrases, canonical text, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from resonance.monitoring.query import (
    MAX_DEPTH,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    And,
    Field,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    QuerySyntaxError,
    Term,
    parse,
    render_caret,
    to_text,
)

a, b, c, d = Term("a"), Term("b"), Term("c"), Term("d")


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("a AND b", And((a, b))),
        ("a b", And((a, b))),
        ("a OR b", Or((a, b))),
        ("NOT a", Not(a)),
        ("-a", Not(a)),
        ("a -b", And((a, Not(b)))),
        ("a NOT b", And((a, Not(b)))),
        ("a OR b c", Or((a, And((b, c))))),
        ("a b OR c d", Or((And((a, b)), And((c, d))))),
        ("(a OR b) c", And((Or((a, b)), c))),
        ("a AND b AND c", And((a, b, c))),
        ("a (b c)", And((a, b, c))),
        ("NOT a OR b", Or((Not(a), b))),
        ("NOT (a OR b)", Not(Or((a, b)))),
        ("--a", Not(Not(a))),
        ("a NEAR/3 b", Near(a, b, 3)),
        ("a NEAR/3 b c", And((Near(a, b, 3), c))),
        ("a OR b NEAR/2 c", Or((a, Near(b, c, 2)))),
        ("a NEAR/2 b NEAR/4 c", Near(Near(a, b, 2), c, 4)),
        ("(a OR b) NEAR/5 c", Near(Or((a, b)), c, 5)),
        ('"a b" NEAR/1 cd*', Near(Phrase("a b"), Prefix("cd"), 1)),
        ("((a))", a),
        ("освіта*", Prefix("освіта")),
        ('"giáo dục"', Phrase("giáo dục")),
        ("«реформа освіти»", Phrase("реформа освіти")),
        ("“a b”", Phrase("a b")),
        ("lang:uk", Field("lang", ("uk",))),
        ("LANG:uk,ru", Field("lang", ("uk", "ru"))),
        ('author:"Jane Doe"', Field("author", ("Jane Doe",))),
        ('source:"a b",c', Field("source", ("a b", "c"))),
        ("region:kyiv*", Field("region", ("kyiv*",))),
        ("lang:uk OR lang:ru", Or((Field("lang", ("uk",)), Field("lang", ("ru",))))),
        ("-lang:ru a", And((Not(Field("lang", ("ru",))), a))),
        ("covid-19", Term("covid-19")),
        ("and or not near", And((Term("and"), Term("or"), Term("not"), Term("near")))),
        ("http://gov.ua", Term("http://gov.ua")),
        ('a"b c"', And((a, Phrase("b c")))),
    ],
)
def test_it_parses_operators_with_precedence_not_near_and_or(query: str, tree: object) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize(
    "query",
    [
        "a b OR c",
        "NOT (a NEAR/3 b)",
        '(a OR "b c") NEAR/2 d',
        "lang:uk,ru освіта* -спам",
        'author:"Jane Doe" «він сказав "так"»',
        "a NEAR/2 (b NEAR/3 c)",
        "(a OR b) (c OR d) -(e f)",
    ],
)
def test_the_canonical_text_parses_back_to_the_same_tree(query: str) -> None:
    tree = parse(query)
    assert parse(to_text(tree)) == tree


def test_the_canonical_text_makes_operators_and_groups_explicit() -> None:
    assert to_text(parse("a b OR -c")) == "a AND b OR NOT c"
    assert to_text(parse("(a OR b) c")) == "(a OR b) AND c"
    assert to_text(parse('NOT (a OR "b c")')) == 'NOT (a OR "b c")'


# (query, position, expected, message)
ERRORS = [
    ("", 0, "a term or '('", "Expected a term or '(' at position 0, found the end of the query."),
    ("   ", 3, "a term or '('", None),
    (
        "a OR",
        4,
        "a term or '('",
        "Expected a term or '(' at position 4, found the end of the query.",
    ),
    ("a AND (b OR c))", 14, "an operator or the end of the query", None),
    ("(a OR b", 7, "an operator or ')'", None),
    ("a (b AND ) c", 9, "a term or '('", "Expected a term or '(' at position 9, found ')'."),
    ("a OR OR b", 5, "a term or '('", "Expected a term or '(' at position 5, found OR."),
    ("AND a", 0, "a term or '('", None),
    ("()", 1, "a term or '('", None),
    ("NOT", 3, "a term or '('", None),
    ("a NEAR b", 2, "a distance after NEAR, like NEAR/5", None),
    ("a NEAR/ b", 2, "a distance after NEAR, like NEAR/5", None),
    ("a NEAR/0 b", 7, "a NEAR distance from 1 to 100", None),
    ("a NEAR/101 b", 7, "a NEAR distance from 1 to 100", None),
    ("NOT a NEAR/2 b", 0, "a term, phrase, prefix* or an OR group of them next to NEAR", None),
    ("a NEAR/2 lang:uk", 9, "a term, phrase, prefix* or an OR group of them next to NEAR", None),
    ("(a b) NEAR/2 c", 0, "a term, phrase, prefix* or an OR group of them next to NEAR", None),
    ("a NEAR/2", 8, "a term or '('", None),
    ('"abc', 4, "a closing '\"'", None),
    ("«abc", 4, "a closing '»'", None),
    ('a ""', 2, "a phrase with at least one word", None),
    ('"!!"', 0, "a phrase with at least one word", None),
    ("a*b", 1, "'*' only at the end of a term", None),
    ("*", 0, "letters or digits before '*'", None),
    ("x*", 0, "at least 2 characters before '*'", None),
    ("- a", 0, "a term, phrase or '(' right after '-'", None),
    ("a -", 2, "a term, phrase or '(' right after '-'", None),
    ("&&", 0, "a term with letters or digits", None),
    ("foo:bar", 0, "a known field (lang, source, country, region, author)", None),
    ("lang:", 5, "a value after 'lang:'", None),
    ("lang:uk,", 8, "a value after 'lang:'", None),
    ('author:""', 7, "a value after 'author:'", None),
    ("lang:ua", 5, "a language code (uk, ru, zh, vi, fr, en, other)", None),
    ("source:a*b", 7, "'*' only at the end of a value", None),
]


@pytest.mark.parametrize(("query", "position", "expected", "message"), ERRORS)
def test_it_reports_where_a_query_is_wrong_and_what_was_expected(
    query: str, position: int, expected: str, message: str | None
) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    error = caught.value
    assert error.position == position
    assert error.expected == expected
    assert error.message.startswith(f"Expected {expected} at position {position}, found ")
    if message is not None:
        assert error.message == message
    assert error.detail == error.message
    assert error.status == 422


def test_an_unclosed_group_or_quote_says_where_it_was_opened() -> None:
    with pytest.raises(QuerySyntaxError, match=r"The '\(' at position 2 is not closed\."):
        parse("a (b OR c")
    with pytest.raises(QuerySyntaxError, match=r"The quote at position 2 is not closed\."):
        parse('a "b c')


def test_the_caret_line_points_at_the_error() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse("освіта AND (школа OR )")
    assert caught.value.caret() == "освіта AND (школа OR )\n" + " " * 21 + "^"


def test_the_caret_line_of_a_long_query_shows_the_part_around_the_error() -> None:
    query = "a " * 100 + ")"
    line, caret = render_caret(query, 200, width=40).split("\n")
    assert line.startswith("…")
    assert line[caret.index("^")] == ")"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a " * (MAX_QUERY_CHARS // 2 + 1), f"a query of at most {MAX_QUERY_CHARS} characters"),
        ("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1), f"at most {MAX_DEPTH} levels"),
        ("NOT " * (MAX_DEPTH + 1) + "a", f"at most {MAX_DEPTH} levels"),
        (" OR ".join(["a"] * (MAX_TERMS + 1)), f"at most {MAX_TERMS} terms"),
    ],
)
def test_it_limits_length_nesting_and_terms(query: str, expected: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    assert caught.value.expected.startswith(expected)


def test_limits_allow_queries_right_at_them() -> None:
    parse("(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH)
    parse(" OR ".join(["a"] * MAX_TERMS))
    parse("a NEAR/100 b")


def test_every_example_in_the_documentation_parses() -> None:
    doc = (Path(__file__).parents[3] / "docs" / "query-language.md").read_text(encoding="utf-8")
    block = doc.split("## Examples", 1)[1].split("```")[1]
    examples = [line for line in block.splitlines()[1:] if line and not line.startswith("#")]
    assert len(examples) >= 6
    for example in examples:
        assert parse(to_text(parse(example))) == parse(example)
