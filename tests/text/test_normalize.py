"""Normalisation: Unicode, invisible characters, HTML, whitespace, truncation, decoding, folding."""

from __future__ import annotations

import unicodedata

import pytest

from resonance.text.normalize import (
    MAX_TEXT_CHARS,
    decode_bytes,
    fold_chinese,
    html_to_text,
    normalize_text,
)


def test_it_composes_unicode_and_removes_invisible_marks_but_keeps_newlines() -> None:
    decomposed = unicodedata.normalize("NFD", "Việt Nam\u200b\u202e đẹp\x00\nдругий рядок")
    assert normalize_text(decomposed) == "Việt Nam đẹp\nдругий рядок"


def test_it_collapses_whitespace_and_blank_lines() -> None:
    assert normalize_text("  a \t b \r\n\r\n\r\n c  ") == "a b\n\nc"


def test_it_strips_html_only_when_it_looks_like_html() -> None:
    markup = "<div><p>Міністерство&nbsp;освіти</p><script>track()</script><p>Друге</p></div>"
    assert normalize_text(markup) == "Міністерство освіти\n\nДруге"
    assert normalize_text("a < b and c > d") == "a < b and c > d"
    assert normalize_text("Tom &amp; Jerry") == "Tom & Jerry"
    assert html_to_text("<p>x</p><style>p{}</style>") == "\nx\n"


def test_long_texts_are_cut_at_a_word_boundary() -> None:
    text = "слово " * 50_000
    out = normalize_text(text)
    assert len(out) <= MAX_TEXT_CHARS
    assert out.endswith("слово")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Міністерство освіти оприлюднить нову програму, а батьки надішлють коментарі.", "cp1251"),
        ("Міністерство освіти оприлюднить нову програму, а батьки надішлють коментарі.", "koi8-u"),
        ("Министерство образования опубликует новую программу для школ.", "koi8-r"),
        ("政府今天发布了新的信息，欢迎大家关注。", "gb18030"),
        ("政府今天發佈了新的資訊，歡迎大家關注。", "big5"),
        ("Bộ Giáo dục sẽ công bố chương trình mới.", "utf-8"),
        ("Bộ Giáo dục sẽ công bố chương trình mới.", "utf-16"),
    ],
)
def test_it_decodes_legacy_encodings_without_a_declaration(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text
    assert decode_bytes(text.encode(encoding), encoding) == text


def test_a_wrong_declaration_does_not_win_over_valid_utf8() -> None:
    assert decode_bytes("Привіт".encode(), "cp1251") == "Привіт"


def test_invalid_bytes_never_raise() -> None:
    assert isinstance(decode_bytes(b"\xff\xfe\xfa\x80abc\xc3", "no-such-codec"), str)
    assert decode_bytes(b"") == ""


def test_fold_chinese_turns_traditional_into_simplified() -> None:
    assert fold_chinese("政府發佈新的資訊") == "政府发布新的资讯"
    assert fold_chinese("资讯 abc") == "资讯 abc"
