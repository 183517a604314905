"""Read DOCX paragraphs as blocks: heading styles give levels, list numbering gives numbers."""

from __future__ import annotations

import io
import re
import zlib
from typing import Any

from resonance.errors import Invalid
from resonance.feedback._draft_sections import Block

_HEADING_STYLE = re.compile(r"^(?:heading|заголовок|titre|标题|tiêu đề|überschrift)\s*(\d)$", re.I)
_TITLE_STYLES = frozenset(("title", "назва", "заголовок", "titre", "标题", "tiêu đề"))


def read_docx(data: bytes) -> tuple[list[Block], str]:
    """Blocks of the body in order (paragraphs and table rows), and the core-properties title."""
    import docx
    from docx.opc.exceptions import OpcError
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
    except (OpcError, KeyError, ValueError, etree.XMLSyntaxError, zlib.error) as exc:
        raise Invalid("The DOCX file is damaged or is not a Word document.") from exc
    numbering = _Numbering(document)
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        tag = etree.QName(child).localname
        if tag == "p":
            blocks.append(_paragraph(Paragraph(child, document), numbering))
        elif tag == "tbl":
            table = Table(child, document)
            blocks.extend(Block(" | ".join(c.text for c in row.cells)) for row in table.rows)
    title = (document.core_properties.title or "").strip()
    return blocks, title


def _paragraph(paragraph: Any, numbering: _Numbering) -> Block:
    text = paragraph.text
    level = _heading_level(paragraph)
    number = numbering.next(paragraph)
    if level is not None:
        return Block(text, level, number if level > 0 else None)
    return Block(f"{number}. {text}" if number else text)


def _heading_level(paragraph: Any) -> int | None:
    style = paragraph.style
    name = (style.name or "").strip() if style is not None else ""
    if name.casefold() in _TITLE_STYLES:
        return 0
    if match := _HEADING_STYLE.match(name):
        return int(match.group(1))
    outline = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if not outline and style is not None:
        outline = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
    if outline and str(outline[0]).isdigit() and int(outline[0]) < 9:
        return int(outline[0]) + 1
    return None


class _Numbering:
    """Counters of decimal list numbering, so "1.", "1.1" Word shows become section numbers."""

    def __init__(self, document: Any) -> None:
        self._formats: dict[tuple[str, int], str] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(_w("abstractNumId")): a for a in root.findall(_w("abstractNum"))}
        for num in root.findall(_w("num")):
            ref = num.find(_w("abstractNumId"))
            definition = abstract.get(ref.get(_w("val")) if ref is not None else None)
            if definition is None:
                continue
            for lvl in definition.findall(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                key = (str(num.get(_w("numId"))), int(lvl.get(_w("ilvl"), "0")))
                self._formats[key] = fmt.get(_w("val"), "decimal") if fmt is not None else ""

    def next(self, paragraph: Any) -> str | None:
        num_id, ilvl = _num_pr(paragraph)
        if num_id is None or num_id == "0":
            return None
        if self._formats.get((num_id, ilvl), "decimal") in ("bullet", "none", ""):
            return None
        counters = self._counters.setdefault(num_id, [0] * 9)
        counters[ilvl] += 1
        counters[ilvl + 1 :] = [0] * (8 - ilvl)
        return ".".join(str(n or 1) for n in counters[: ilvl + 1])


def _num_pr(paragraph: Any) -> tuple[str | None, int]:
    sources = [paragraph._p]
    if paragraph.style is not None:
        sources.append(paragraph.style.element)
    for element in sources:
        num_id = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_id:
            ilvl = element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            level = int(ilvl[0]) if ilvl and str(ilvl[0]).isdigit() else 0
            return str(num_id[0]), min(level, 8)
    return None, 0


def _w(name: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + name
