"""Draft import, version diffs and comment anchoring on real-looking drafts in six languages."""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest

from resonance.errors import Invalid
from resonance.feedback.drafts import (
    MAX_DRAFT_BYTES,
    Draft,
    anchor_comment,
    diff_versions,
    import_draft,
    parse_chinese_number,
    word_ops,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "drafts"


def _fr_docx() -> bytes:
    spec = json.loads((FIXTURES / "fr.json").read_text(encoding="utf-8"))
    document = docx.Document()
    document.add_heading(spec["title"], level=0)
    document.add_paragraph(spec["preamble"])
    for heading, text in spec["sections"]:
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def _draft(lang: str) -> Draft:
    if lang == "uk":
        return import_draft((FIXTURES / "uk.md").read_bytes(), filename="uk.md")
    if lang == "ru":  # a Windows-1251 text file, as Russian-language offices still send
        data = (FIXTURES / "ru.txt").read_text(encoding="utf-8").encode("cp1251")
        return import_draft(data, filename="polozhenie.txt")
    if lang == "zh":
        data = (FIXTURES / "zh.txt").read_text(encoding="utf-8").encode("gb18030")
        return import_draft(data, media_type="text/plain")
    if lang == "vi":
        return import_draft((FIXTURES / "vi.html").read_bytes(), media_type="text/html")
    if lang == "fr":
        return import_draft(_fr_docx(), filename="decret.docx")
    return import_draft((FIXTURES / "en_v1.txt").read_bytes(), filename="open-data.txt")


def _numbers(draft: Draft) -> list[str]:
    return [s.number for s in draft.sections]


# Import


def test_it_splits_a_ukrainian_markdown_law_into_articles() -> None:
    draft = _draft("uk")
    assert draft.title == "Проєкт Закону України «Про публічні консультації»"
    assert draft.language == "uk"
    assert draft.source_format == "markdown"
    assert _numbers(draft) == ["0", "1", "2", "3", "4", "5", "6", "7", "8"]
    article = draft.sections[3]
    assert article.heading == "Стаття 3. Строки проведення консультацій"
    assert article.text.startswith("Строк проведення публічної консультації")
    assert article.anchor == "sec-3"
    assert draft.sections[0].anchor == "preamble"
    # The numbered parts of article 1 stay inside it; they are not sections of their own.
    assert "1) публічна консультація" in draft.sections[1].text


def test_it_decodes_a_cp1251_text_and_nests_articles_under_chapters() -> None:
    draft = _draft("ru")
    assert draft.title.startswith("ПРОЕКТ Положение о порядке рассмотрения обращений")
    assert draft.language == "ru"
    assert _numbers(draft) == [
        *("ch.1", "1", "2", "ch.2", "3", "4", "5", "6", "ch.3", "7", "8"),
    ]
    by_number = {s.number: s for s in draft.sections}
    assert by_number["ch.2"].heading == "Глава 2. Порядок рассмотрения"
    assert by_number["ch.2"].level == 1
    assert by_number["4"].level == 2
    assert "тридцати дней" in by_number["4"].text
    assert by_number["ch.2"].anchor == "sec-ch-2"


def test_it_reads_chinese_numerals_in_article_and_chapter_headings() -> None:
    draft = _draft("zh")
    assert draft.title == "重大行政决策公众参与办法（征求意见稿）"
    assert draft.language == "zh"
    articles = [s for s in draft.sections if not s.number.startswith("ch.")]
    assert [s.number for s in articles] == [str(n) for n in range(1, 11)]
    tenth = draft.section("10")
    assert tenth is not None
    assert tenth.heading == "第十条"
    assert tenth.text == "本办法自二〇二六年一月一日起施行。"
    assert draft.section("ch.4") is not None


def test_it_reads_html_headings_and_drops_scripts_styles_and_menus() -> None:
    draft = _draft("vi")
    assert draft.title.startswith("Dự thảo Nghị định quy định về tiếp nhận")
    assert draft.language == "vi"
    assert _numbers(draft) == ["0", "1", "2", "3", "4", "5", "6", "7"]
    everything = " ".join(f"{s.heading} {s.text}" for s in draft.sections)
    assert "Điều 99" not in everything
    assert "navy" not in everything
    assert "Trang chủ" not in everything
    article_2 = draft.section("2")
    assert article_2 is not None
    assert "Ủy ban nhân dân các cấp" in article_2.text
    article_4 = draft.section("4")
    assert article_4 is not None
    assert "\nTrường hợp phức tạp" in article_4.text  # <br> keeps its line break


def test_it_reads_docx_heading_styles_and_the_title_style() -> None:
    draft = _draft("fr")
    assert (
        draft.title == "Projet de décret relatif à la participation du public aux décisions locales"
    )
    assert draft.source_format == "docx"
    assert draft.language == "fr"
    assert _numbers(draft) == ["0", "1", "2", "3", "4", "5", "6", "7"]
    assert draft.sections[3].heading == "Article 3 — Durée de la consultation"
    assert draft.sections[3].text.startswith("La consultation dure au moins vingt et un jours")


def test_it_numbers_docx_paragraphs_that_word_numbers_automatically() -> None:
    document = docx.Document()
    document.add_paragraph("Draft waste collection rules", style="Title")
    document.add_heading("Collection", level=1)
    document.add_paragraph("Collection days are set by the district office.", style="List Number")
    document.add_paragraph("Bins must be out by seven in the morning.", style="List Number")
    document.add_paragraph("Bulky waste is collected once a month.", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)

    draft = import_draft(buffer.getvalue(), filename="waste.docx")

    assert draft.title == "Draft waste collection rules"
    assert draft.sections[0].heading == "Collection"
    # Under a heading, numbered paragraphs are points of the section, with their numbers shown.
    assert "2. Bins must be out by seven in the morning." in draft.sections[0].text


def test_it_makes_numbered_docx_paragraphs_sections_when_there_are_no_headings() -> None:
    document = docx.Document()
    for text in ("Purpose of the rules.", "Collection days.", "Bulky waste."):
        document.add_paragraph(text, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)

    draft = import_draft(buffer.getvalue(), filename="waste.docx")

    assert _numbers(draft) == ["1", "2", "3"]
    assert draft.sections[1].heading == "2. Collection days."


def test_it_nests_dotted_clauses_in_a_plain_text_policy() -> None:
    draft = _draft("en")
    assert draft.title == "Draft Open Data Policy of the City Council"
    assert _numbers(draft) == ["0", "1", "2", "3", "3.1", "3.2", "4", "5", "6", "7"]
    levels = {s.number: s.level for s in draft.sections}
    assert levels["3"] == 1
    assert levels["3.1"] == 2
    clause = draft.section("3.1")
    assert clause is not None
    assert clause.text.startswith("Each department shall publish an inventory")
    assert clause.anchor == "sec-3-1"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Стаття 5. Право на доступ", "5"),
        ("Статья 12. Сроки", "12"),
        ("Стаття 5-1. Додаткові гарантії", "5-1"),
        ("第五条 本办法自公布之日起施行。", "5"),
        ("第二十三条", "23"),
        ("Điều 5. Thời hạn xử lý", "5"),
        ("Article 5 — Objet", "5"),
        ("ARTICLE 14", "14"),
        ("Section 2. Scope", "2"),
        ("§ 7 Fees", "7"),
    ],
)
def test_it_recognises_legal_headings_in_six_languages(line: str, number: str) -> None:
    text = f"Draft\n\n{line}\nThe body of the section goes here and is long enough.\n"
    draft = import_draft(text.encode(), filename="draft.txt")
    assert number in _numbers(draft)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("五", 5),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零三", 103),
        ("12", 12),
        ("两千", 2000),
    ],
)
def test_it_parses_chinese_numerals(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value


def test_it_gives_unique_anchors_when_numbers_repeat() -> None:
    text = "Rules\n\n1. First\nText one.\n\n1. Again\nText two.\n\n2. Second\nText three.\n"
    draft = import_draft(text.encode(), filename="rules.txt")
    assert len({s.anchor for s in draft.sections}) == len(draft.sections)
    assert len(set(_numbers(draft))) == len(draft.sections)


def test_it_keeps_a_draft_without_structure_as_one_section() -> None:
    text = (
        "Проєкт рішення\n\nВиконком вирішив встановити нові тарифи на вивезення сміття з 1 січня."
    )
    draft = import_draft(text.encode(), filename="rishennia.txt")
    assert draft.title == "Проєкт рішення"
    assert len(draft.sections) == 1
    assert draft.sections[0].number == "1"
    assert "тарифи" in draft.sections[0].text


def test_it_finds_articles_in_markdown_paragraphs_without_headings() -> None:
    text = (
        "**ПРОЄКТ**\n\n"
        "**Стаття 1.** Цим рішенням затверджується порядок громадських слухань у громаді.\n\n"
        "**Стаття 2.** Слухання проводяться не рідше одного разу на рік.\n"
    )
    draft = import_draft(text.encode(), media_type="text/markdown")
    assert draft.title == "ПРОЄКТ"
    assert _numbers(draft) == ["1", "2"]
    assert draft.sections[1].text == "Слухання проводяться не рідше одного разу на рік."


def test_it_uses_the_charset_of_the_media_type() -> None:
    text = "Положение\n\nСтатья 1. Общие положения\nТекст статьи о порядке приема граждан."
    draft = import_draft(text.encode("koi8-r"), media_type="text/plain; charset=koi8-r")
    assert draft.sections[0].heading == "Статья 1. Общие положения"


# Refusals


def _truncated_docx() -> bytes:
    data = _fr_docx()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "draft.txt", "empty"),
        (b"  \n\t \n", "draft.txt", "no text"),
        (b"\x00\x01\x02\xff\xfe\x80" * 400, "draft.txt", "binary"),
        (bytes(range(256)) * 40, None, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3", "draft.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "draft.doc", "DOCX"),
        (b"some text", "draft.odt", "Unsupported file type"),
        (b"plain words, not a zip", "draft.docx", "damaged"),
    ],
)
def test_it_refuses_unusable_files_with_a_clear_message(
    data: bytes, filename: str | None, message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        import_draft(data, filename=filename)


def test_it_refuses_a_truncated_docx() -> None:
    with pytest.raises(Invalid, match="damaged"):
        import_draft(_truncated_docx(), filename="decret.docx")


def test_it_refuses_a_zip_that_is_not_a_word_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(Invalid, match="not a Word document"):
        import_draft(buffer.getvalue(), filename="draft.docx")


def test_it_refuses_a_file_over_the_size_limit() -> None:
    with pytest.raises(Invalid, match="larger than 10 MB"):
        import_draft(b"a" * (MAX_DRAFT_BYTES + 1), filename="big.txt")


# Version diffs


def test_it_diffs_two_versions_section_by_section() -> None:
    old = _draft("en")
    new = import_draft((FIXTURES / "en_v2.txt").read_bytes(), filename="open-data-v2.txt")

    changes = diff_versions(old, new)

    summary = [(c.kind, c.old_number, c.new_number) for c in changes]
    assert summary == [
        ("unchanged", "0", "0"),
        ("modified", "1", "1"),
        ("unchanged", "2", "2"),
        ("unchanged", "3", "3"),
        ("modified", "3.1", "3.1"),
        ("unchanged", "3.2", "3.2"),
        ("unchanged", "4", "4"),
        ("added", None, "5"),
        ("moved", "5", "6"),  # "Requests for data", renumbered by the new clause 5
        ("removed", "6", None),  # "Fees"
        ("unchanged", "7", "7"),
    ]
    purpose = changes[1]
    assert [(o.op, o.old, o.new) for o in purpose.ops if o.op != "equal"] == [
        ("insert", "", ", journalists")
    ]
    inventory = changes[4]
    assert [(o.op, o.old, o.new) for o in inventory.ops if o.op != "equal"] == [
        ("replace", "six", "three")
    ]
    assert "-Each department shall publish" in inventory.unified_diff
    assert "+Each department shall publish" in inventory.unified_diff
    assert 0.9 < changes[8].similarity < 1.0


def test_it_diffs_chinese_sections_character_by_character() -> None:
    old = _draft("zh")
    text = (FIXTURES / "zh.txt").read_text(encoding="utf-8")
    text = text.replace("第三条　公众参与应当遵循依法、公开、便民、有效的原则。\n\n", "")
    text = text.replace("第四条", "第三条").replace("第五条", "第四条").replace("三十日", "二十日")
    new = import_draft(text.encode("utf-8"), filename="zh-v2.txt")

    changes = {(c.old_number, c.new_number): c for c in diff_versions(old, new)}

    assert changes["3", None].kind == "removed"
    deadline = changes["4", "3"]
    assert deadline.kind == "moved"
    edits = [(o.old, o.new) for o in deadline.ops if o.op != "equal"]
    assert ("四", "三") in edits  # the renumbered heading
    assert ("三", "二") in edits  # 三十日 -> 二十日, one character
    assert changes["5", "4"].kind == "moved"
    assert changes["6", "6"].kind == "unchanged"


def test_it_reports_every_section_unchanged_between_identical_versions() -> None:
    draft = _draft("uk")
    changes = diff_versions(draft, draft)
    assert {c.kind for c in changes} == {"unchanged"}
    assert len(changes) == len(draft.sections)


def test_word_ops_rebuild_both_texts() -> None:
    old = "Строк не може бути меншим ніж п'ятнадцять робочих днів."
    new = "Строк не може бути меншим ніж тридцять календарних днів."
    ops = word_ops(old, new)
    assert "".join(o.old for o in ops) == old
    assert "".join(o.new for o in ops) == new
    assert [(o.old, o.new) for o in ops if o.op != "equal"] == [
        ("п'ятнадцять", "тридцять"),
        ("робочих", "календарних"),
    ]


# Comment anchoring


@cache
def _comments() -> list[dict[str, Any]]:
    comments: list[dict[str, Any]] = json.loads(
        (FIXTURES / "comments.json").read_text(encoding="utf-8")
    )
    return comments


def test_it_anchors_comments_to_the_right_section_in_six_languages() -> None:
    hits: dict[str, list[bool]] = defaultdict(list)
    for comment in _comments():
        suggestions = anchor_comment(comment["text"], _draft(comment["draft"]))
        top = suggestions[0].section_number if suggestions else None
        hits[comment["draft"]].append(top == comment["expected"])
    total = [hit for language in hits.values() for hit in language]
    assert len(total) >= 60
    assert sum(total) / len(total) >= 0.8
    for language, results in hits.items():
        assert sum(results) / len(results) >= 0.7, language


def test_it_suggests_nothing_for_comments_on_the_whole_draft_or_off_topic() -> None:
    for comment in _comments():
        if comment["expected"] is None:
            assert anchor_comment(comment["text"], _draft(comment["draft"])) == [], comment


@pytest.mark.parametrize(
    ("lang", "text", "number"),
    [
        ("uk", "А що зі статтею 7?", "7"),
        ("ru", "По статье 5 у меня вопрос.", "5"),
        ("zh", "关于第八条，我有不同意见。", "8"),
        ("vi", "Tôi góp ý về Điều 3.", "3"),
        ("fr", "Concernant l'article 4, rien à redire.", "4"),
        ("en", "About 3.2: fine by me.", "3.2"),
        ("en", "Point 6 is unclear.", "6"),
    ],
)
def test_it_follows_explicit_references(lang: str, text: str, number: str) -> None:
    suggestions = anchor_comment(text, _draft(lang))
    assert suggestions
    assert suggestions[0].section_number == number
    assert "cites" in suggestions[0].reason


def test_it_ranks_suggestions_with_scores_between_zero_and_one() -> None:
    suggestions = anchor_comment(
        "Статті 3 і 6: строки консультації та звіт про результати треба узгодити.", _draft("uk")
    )
    assert {s.section_number for s in suggestions[:2]} == {"3", "6"}
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_it_ignores_references_to_sections_the_draft_does_not_have() -> None:
    assert anchor_comment("Стаття 42 — чудова.", _draft("uk")) == []


def test_it_suggests_nothing_for_an_empty_comment() -> None:
    assert anchor_comment("   ", _draft("en")) == []
