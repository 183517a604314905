"""Drafts as numbered sections, and the heading patterns of legal drafts in six languages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PREAMBLE = "0"


@dataclass(frozen=True, slots=True)
class Section:
    """One commentable part of a draft: its number ("5", "1.2", "ch.II"), heading and body."""

    number: str
    heading: str
    text: str
    level: int = 1
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Draft:
    """An imported draft: title, sections in document order, detected language and format."""

    title: str
    sections: list[Section] = field(default_factory=list)
    language: str = ""
    source_format: str = ""

    def section(self, number: str) -> Section | None:
        """The section numbered ``number``, or None."""
        return next((s for s in self.sections if s.number == number), None)


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A line recognised as a section start: number, level kind, heading and body on the line."""

    number: str
    kind: str  # "chapter", "article" or "clause"
    heading: str
    rest: str


_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_ZH_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_NUMERAL = r"[0-9０-９〇零一二两三四五六七八九十百千]+"

# Words that open an article or a chapter at the start of a line, in uk, ru, en, fr, vi.
_ARTICLE_WORDS = r"Стаття|Статья|Article|Art\.|Section|Điều|§"
_CHAPTER_WORDS = r"Розділ|Глава|Раздел|Chapter|Chapitre|Titre|Part|Partie|Chương"
_NUMBER = r"\d{1,4}(?:[.\-]\d{1,3})*"
_ARTICLE = re.compile(
    rf"^\s*(?:{_ARTICLE_WORDS})\s*({_NUMBER})(?![\d])\.?\s*[:\-–—.]?\s*(.*)$", re.I | re.S
)
_CHAPTER = re.compile(
    rf"^\s*(?:{_CHAPTER_WORDS})\s+([IVXLC]+|\d{{1,3}})\b\.?\s*[:\-–—.]?\s*(.*)$", re.I | re.S
)
_ZH_ARTICLE = re.compile(rf"^\s*(第({ZH_NUMERAL})条)[\s\u3000:：.．、]*(.*)$", re.S)
_ZH_CHAPTER = re.compile(rf"^\s*(第({ZH_NUMERAL})[章编节])[\s\u3000:：.．、]*(.*)$", re.S)
_CLAUSE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.)\s+(\S.*)$", re.S)
_SENTENCE_END = re.compile(r"[.!?。！？；;…]\s*$")


def parse_chinese_number(text: str) -> int | None:
    """The value of "五", "十二", "一百零三" or "12"; None when ``text`` is not a number."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char in _ZH_UNITS:
            total += (digit or 1) * _ZH_UNITS[char]
            digit = 0
        else:
            return None
    return total + digit


def match_heading(line: str, *, clauses: bool) -> HeadingMatch | None:
    """Whether ``line`` opens a section ("Стаття 5.", "第五条", "1.2", "Chapter II").

    Numbered clauses ("1.", "2.3") count only when ``clauses`` is set: in a law they are parts
    of an article, not sections of their own.
    """
    line = line.strip()
    if match := _ZH_ARTICLE.match(line):
        value = parse_chinese_number(match.group(2))
        if value is not None:
            return _split(line, str(value), "article", match.group(1), match.group(3))
    if match := _ZH_CHAPTER.match(line):
        value = parse_chinese_number(match.group(2))
        if value is not None:
            return _split(line, f"ch.{value}", "chapter", match.group(1), match.group(3))
    if match := _ARTICLE.match(line):
        prefix = line[: match.start(2)].rstrip(" :-–—")
        return _split(line, match.group(1), "article", prefix, match.group(2))
    if match := _CHAPTER.match(line):
        prefix = line[: match.start(2)].rstrip(" .:-–—")
        number = f"ch.{match.group(1).upper()}"
        return _split(line, number, "chapter", prefix, match.group(2))
    if clauses and (match := _CLAUSE.match(line)):
        number = match.group(1).rstrip(".")
        return _split(line, number, "clause", match.group(1), match.group(2))
    return None


def _split(line: str, number: str, kind: str, prefix: str, rest: str) -> HeadingMatch:
    """Keep a short title on the heading line; a sentence after the number is the body."""
    rest = rest.strip()
    is_body = bool(rest) and (
        "。" in rest or (_SENTENCE_END.search(rest) is not None and len(rest) > 30)
    )
    if is_body:
        return HeadingMatch(number, kind, prefix.strip(), rest)
    return HeadingMatch(number, kind, line, "")


def heading_number(heading: str) -> HeadingMatch | None:
    """The number a markup heading carries ("## Стаття 5. Назва"), whole heading kept."""
    found = match_heading(heading, clauses=True)
    if found is None:
        return None
    return HeadingMatch(found.number, found.kind, heading.strip(), "")


def slug(number: str) -> str:
    """A stable URL fragment for a section number: "1.2" -> "sec-1-2", "ch.II" -> "sec-ch-ii"."""
    body = re.sub(r"[^0-9a-z]+", "-", number.casefold()).strip("-")
    return f"sec-{body}" if body else "sec"
