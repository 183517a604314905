"""Article extraction (trafilatura) and link discovery, shared by the web and sitemap connectors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from resonance.errors import ConnectorError
from resonance.sources.base import TEXT_PLAIN, RawItem, parse_datetime
from resonance.sources.http import HttpClient

_HTML_LANG = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)", re.I)
_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def extract_article(
    page: str, *, url: str, payload: bytes, external_id: str, language: str | None = None
) -> RawItem:
    """Title, text, author and date of an article page; ConnectorError when there is no text."""
    try:
        doc = trafilatura.bare_extraction(
            page,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # an extractor bug on one page must not stop the run
        raise ConnectorError(f"article extraction failed for {url}: {exc!r}", url=url) from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        raise ConnectorError(f"no article text found at {url}", permanent=True, url=url)
    raw_date = getattr(doc, "date", None)
    lang = _HTML_LANG.search(payload[:4096])
    return RawItem(
        external_id=external_id,
        url=getattr(doc, "url", None) or url,
        title=getattr(doc, "title", None),
        text=str(text),
        content_type=TEXT_PLAIN,
        author=getattr(doc, "author", None),
        published_at=parse_datetime(raw_date),
        published_raw=raw_date,
        language_hint=language or (lang.group(1).decode("ascii").lower() if lang else None),
        engagement={},
        payload=payload,
    )


def fetch_article(
    http: HttpClient, url: str, *, external_id: str | None = None, language: str | None = None
) -> RawItem:
    """Fetch a page (robots.txt honoured) and extract its article."""
    response = http.get(url, crawl=True, headers={"Accept": "text/html,application/xhtml+xml"})
    return extract_article(
        response.text,
        url=response.url,
        payload=response.content,
        external_id=external_id or url,
        language=language,
    )


def page_links(page: str, base_url: str) -> Iterator[str]:
    """Absolute http(s) links of a page, without fragments, in document order, once each."""
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, etree.ParserError):
        return
    seen: set[str] = set()
    for element in tree.iter("a"):
        href = element.get("href")
        if not href:
            continue
        link = urldefrag(urljoin(base_url, href.strip()))[0]
        if urlsplit(link).scheme in ("http", "https") and link not in seen:
            seen.add(link)
            yield link
