"""Turn a reader's blocks (headings and paragraphs, in order) into a draft's numbered sections."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from resonance.errors import Invalid
from resonance.feedback._draft_model import (
    PREAMBLE,
    Draft,
    HeadingMatch,
    Section,
    heading_number,
    match_heading,
    slug,
)

_MAX_TITLE_CHARS = 300
_MAX_TITLE_LINE = 160
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")


@dataclass(frozen=True, slots=True)
class Block:
    """A heading (``level`` set; 0 is the document title) or a paragraph, as a reader found it."""

    text: str
    level: int | None = None
    number: str | None = None  # from automatic numbering (DOCX lists), not in the text


@dataclass(slots=True)
class _Pending:
    number: str | None
    heading: str
    kind: str
    level: int | None
    paragraphs: list[list[str]] = field(default_factory=list)


def clean(text: str) -> str:
    """Whitespace collapsed inside lines, blank edges trimmed, line breaks kept."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def build_draft(
    blocks: Sequence[Block], *, title_hint: str, source_format: str, language: str
) -> Draft:
    """Sections from ``blocks``; raises Invalid when there is no text at all."""
    cleaned = [Block(clean(b.text), b.level, b.number) for b in blocks]
    cleaned = [b for b in cleaned if b.text]
    if not cleaned:
        raise Invalid("The document contains no text.")
    title, body = _take_title(cleaned)
    pending = _segment(body)
    sections = _finish(pending, title or title_hint)
    title = title or title_hint or (sections[0].heading if sections else "")
    return Draft(title=title, sections=sections, language=language, source_format=source_format)


def _take_title(blocks: list[Block]) -> tuple[str, list[Block]]:
    """The document title: a Title-styled or unnumbered first heading, else a short first line."""
    if len(blocks) < 2:
        return "", blocks
    for k, block in enumerate(blocks[:2]):
        if block.level == 0 or (
            block.level is not None and block.number is None and heading_number(block.text) is None
        ):
            return block.text.replace("\n", " "), blocks[:k] + blocks[k + 1 :]
    first = blocks[0]
    lines = first.text.splitlines()
    short = all(len(line) <= _MAX_TITLE_LINE for line in lines)
    numbered = any(match_heading(line, clauses=True) for line in lines)
    if first.level is None and short and not numbered and len(first.text) <= _MAX_TITLE_CHARS:
        return " ".join(lines), blocks[1:]
    return "", blocks


def _segment(blocks: list[Block]) -> list[_Pending]:
    has_markup = any(b.level is not None for b in blocks)
    has_articles = any(
        (found := match_heading(line, clauses=False)) is not None and found.kind == "article"
        for b in blocks
        if b.level is None
        for line in b.text.splitlines()
    )
    clauses = not has_markup and not has_articles
    pending = [_Pending(PREAMBLE, "", "preamble", None)]
    for block in blocks:
        if block.level is not None:
            pending.append(_from_markup(block))
            continue
        new_paragraph = True
        for line in block.text.splitlines():
            found = match_heading(line, clauses=clauses)
            body = line
            if found is not None:
                pending.append(_Pending(found.number, found.heading, found.kind, None))
                body = found.rest
                new_paragraph = True
            if body:
                _add_line(pending[-1], body, new_paragraph=new_paragraph)
                new_paragraph = False
    return pending


def _from_markup(block: Block) -> _Pending:
    found: HeadingMatch | None = heading_number(block.text)
    number = block.number or (found.number if found else None)
    heading = block.text.replace("\n", " ")
    if block.number and found is None:
        heading = f"{block.number}. {heading}"
    return _Pending(number, heading, found.kind if found else "heading", block.level)


def _add_line(section: _Pending, line: str, *, new_paragraph: bool) -> None:
    if new_paragraph or not section.paragraphs:
        section.paragraphs.append([line])
    else:
        section.paragraphs[-1].append(line)


def _finish(pending: list[_Pending], title: str) -> list[Section]:
    preamble, rest = pending[0], pending[1:]
    if not rest:
        text = _text(preamble)
        return [Section("1", title, text, 1, slug("1"))]
    levels = _levels(rest)
    sections: list[Section] = []
    if preamble.paragraphs:
        sections.append(Section(PREAMBLE, "", _text(preamble), 1, "preamble"))
    numbers: set[str] = {s.number for s in sections}
    anchors: set[str] = {s.anchor for s in sections}
    for ordinal, (item, level) in enumerate(zip(rest, levels, strict=True), start=1):
        number = _unique(item.number or str(ordinal), numbers, " ({})")
        anchor = _unique(slug(number), anchors, "-{}")
        sections.append(Section(number, item.heading, _text(item), level, anchor))
    return sections


def _levels(items: list[_Pending]) -> list[int]:
    markup = [p.level for p in items if p.level is not None]
    base = min(markup) if markup else 1
    has_chapters = any(p.kind == "chapter" for p in items)
    levels = []
    for item in items:
        if item.level is not None:
            levels.append(max(1, item.level - base + 1))
        elif item.kind == "chapter":
            levels.append(1)
        else:
            depth = item.number.count(".") + 1 if item.kind == "clause" and item.number else 1
            levels.append(depth + (1 if has_chapters else 0))
    return levels


def _unique(value: str, seen: set[str], pattern: str) -> str:
    candidate, k = value, 1
    while candidate in seen:
        k += 1
        candidate = value + pattern.format(k)
    seen.add(candidate)
    return candidate


def _text(item: _Pending) -> str:
    return "\n\n".join("\n".join(lines) for lines in item.paragraphs)
