"""Read a draft from Markdown, HTML, DOCX or plain text bytes into numbered sections."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from pathlib import PurePath
from typing import Any

from resonance.errors import Invalid
from resonance.feedback._draft_model import Draft
from resonance.feedback._draft_sections import Block, build_draft
from resonance.text.language import detect_language
from resonance.text.normalize import decode_bytes, html_to_text

MAX_DRAFT_BYTES = 10 * 1024 * 1024
MAX_DOCX_UNPACKED_BYTES = 200 * 1024 * 1024
_MAX_NOISE_SHARE = 0.02
_LANGUAGE_SAMPLE_CHARS = 4000

_BY_EXTENSION = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
}
_BY_MEDIA_TYPE = {
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text",
}
_UNSUPPORTED_MAGIC = {
    b"%PDF": "PDF files are not supported; upload the draft as DOCX, HTML, Markdown or text.",
    b"\xd0\xcf\x11\xe0": "Old Word (.doc) files are not supported; save the draft as DOCX.",
    b"{\\rt": "RTF files are not supported; save the draft as DOCX.",
}
_HTML_SNIFF = re.compile(r"^\s*<(?:!doctype|html|head|body|h[1-6]|p|div|section|article)\b", re.I)
_MARKDOWN_SNIFF = re.compile(r"^#{1,6}\s+\S", re.M)


def import_draft(
    data: bytes, *, filename: str | None = None, media_type: str | None = None
) -> Draft:
    """Split a draft document into numbered sections.

    The format comes from the file's signature, then ``media_type``, then ``filename``'s
    extension, then a look at the text. Raises Invalid for empty, oversized, damaged or
    unsupported files.
    """
    if not data:
        raise Invalid("The file is empty.")
    if len(data) > MAX_DRAFT_BYTES:
        raise Invalid(f"The file is larger than {MAX_DRAFT_BYTES // (1024 * 1024)} MB.")
    fmt = _detect_format(data, filename, media_type)
    hint = PurePath(filename).stem if filename else ""
    if fmt == "docx":
        blocks, title = _read_docx(data)
        hint = title or hint
    else:
        charset = _charset(media_type)
        text = decode_bytes(data, charset)
        _check_text(text)
        if fmt == "html":
            blocks, title = _read_html(text)
            hint = title or hint
        elif fmt == "markdown":
            blocks = _read_markdown(text)
        else:
            blocks = [Block(part) for part in re.split(r"\n[ \t\u3000]*\n", text)]
    sample = "\n".join(b.text for b in blocks)[:_LANGUAGE_SAMPLE_CHARS]
    language = detect_language(sample).lang
    return build_draft(blocks, title_hint=hint, source_format=fmt, language=language)


def _detect_format(data: bytes, filename: str | None, media_type: str | None) -> str:
    for magic, message in _UNSUPPORTED_MAGIC.items():
        if data.startswith(magic):
            raise Invalid(message)
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    declared = _BY_MEDIA_TYPE.get((media_type or "").split(";")[0].strip().lower())
    if declared is None and filename:
        suffix = PurePath(filename).suffix.lower()
        declared = _BY_EXTENSION.get(suffix)
        if declared is None and suffix:
            raise Invalid(f"Unsupported file type {suffix!r}: use DOCX, HTML, Markdown or text.")
    if declared == "docx":
        raise Invalid("The DOCX file is damaged or is not a Word document.")
    if declared is not None:
        return declared
    head = data[:2048].decode("utf-8", errors="ignore")
    if _HTML_SNIFF.match(head):
        return "html"
    if _MARKDOWN_SNIFF.search(head):
        return "markdown"
    return "text"


def _charset(media_type: str | None) -> str | None:
    match = re.search(r"charset=([\w.-]+)", media_type or "", re.I)
    return match.group(1) if match else None


def _check_text(text: str) -> None:
    """Refuse binary data that decoded into control characters and replacement marks."""
    if not text.strip():
        raise Invalid("The file contains no text.")
    noise = sum(
        1
        for c in text
        if c == "\ufffd" or (unicodedata.category(c) in ("Cc", "Co") and c not in "\t\n\r\f")
    )
    if noise > _MAX_NOISE_SHARE * len(text):
        raise Invalid("The file is not a text document (it looks like binary data).")


def _read_markdown(text: str) -> list[Block]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    blocks: list[Block] = []
    lists: list[int | None] = []  # per open list: last item number (None for bullets)
    prefix = ""
    for i, token in enumerate(tokens):
        if token.type in ("ordered_list_open", "bullet_list_open"):
            start = int(str(token.attrGet("start") or 1)) - 1
            lists.append(start if token.type == "ordered_list_open" else None)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            prefix = _item_prefix(lists, token.markup or ".")
        elif token.type == "inline":
            opener = tokens[i - 1] if i else None
            level = int(opener.tag[1]) if opener and opener.type == "heading_open" else None
            blocks.append(Block(prefix + _inline_text(token), level))
            prefix = ""
        elif token.type in ("fence", "code_block"):
            blocks.append(Block(token.content))
        elif token.type == "html_block":
            blocks.append(Block(html_to_text(token.content)))
    return blocks


def _item_prefix(lists: list[int | None], delimiter: str) -> str:
    last = lists[-1] if lists else None
    if last is None:
        return "• "
    lists[-1] = last + 1
    # Only a top-level "1." list numbers clauses; "1)" and nested lists are points inside one.
    return f"{last + 1}{delimiter if len(lists) == 1 else ')'} "


def _inline_text(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_CONTAINERS = frozenset(
    (
        "html",
        "body",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "ul",
        "ol",
        "dl",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "blockquote",
        "form",
        "figure",
        "li",
        "center",
    )
)
_BLOCKS = _HEADINGS | _CONTAINERS | {"p", "pre", "td", "th", "dd", "dt", "address", "hr"}
# Page furniture around the draft (menus, sidebars) is not part of it.
_DROPPED = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object", "nav")


def _read_html(text: str) -> tuple[list[Block], str]:
    from lxml import etree
    from lxml import html as lxml_html

    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise Invalid("The HTML file could not be read.") from exc
    title = clean_inline(root.findtext(".//title") or "")
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[Block] = []
    _walk_html(root, blocks)
    return blocks, title


def clean_inline(text: str) -> str:
    """One line of text with whitespace collapsed."""
    return " ".join(text.split())


def _walk_html(element: Any, out: list[Block]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _HEADINGS:
        out.append(Block(clean_inline(element.text_content()), int(tag[1])))
        return
    if tag in _CONTAINERS and _has_block_child(element):
        if element.text and element.text.strip():
            out.append(Block(element.text))
        for child in element:
            _walk_html(child, out)
            if child.tail and child.tail.strip():
                out.append(Block(child.tail))
        return
    if tag:
        out.append(Block(_li_prefix(element) + element.text_content()))


def _has_block_child(element: Any) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in element.iterdescendants())


def _li_prefix(element: Any) -> str:
    parent = element.getparent()
    if element.tag != "li" or parent is None or parent.tag != "ol":
        return ""
    if any(a.tag == "li" for a in parent.iterancestors()):
        return ""
    items = [c for c in parent if c.tag == "li"]
    start = int(parent.get("start", "1")) if parent.get("start", "1").isdigit() else 1
    return f"{start + items.index(element)}. "


def _read_docx(data: bytes) -> tuple[list[Block], str]:
    from resonance.feedback._draft_docx import read_docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_DOCX_UNPACKED_BYTES:
                raise Invalid("The DOCX file unpacks to more than 200 MB.")
            if archive.testzip() is not None or "word/document.xml" not in archive.namelist():
                raise Invalid("The DOCX file is damaged or is not a Word document.")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
        raise Invalid("The DOCX file is damaged or is not a Word document.") from exc
    return read_docx(data)
