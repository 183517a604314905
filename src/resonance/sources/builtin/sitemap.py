"""Sitemaps, sitemap indexes and Google News sitemaps, polled with a lastmod cursor."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, ClassVar

from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from resonance.errors import ConnectorError
from resonance.sources.base import TEXT_PLAIN, FetchBatch, ItemError, RawItem, parse_datetime
from resonance.sources.builtin._article import fetch_article
from resonance.sources.http import HttpClient

BATCH_SIZE = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SEEN_KEEP = 5000
_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


class SitemapConfig(BaseModel):
    """A sitemap or sitemap index URL; pages changed since the last run are fetched."""

    model_config = ConfigDict(extra="forbid")

    url: HttpUrl
    fetch_articles: bool = Field(
        default=True, description="Fetch each page and extract the article; else sitemap data only."
    )
    url_pattern: str | None = Field(default=None, description="Regex a page URL must match.")
    max_urls: int = Field(default=200, ge=1, le=5000, description="Pages delivered per run.")
    max_sitemaps: int = Field(default=50, ge=1, le=1000)
    language: str | None = Field(default=None, max_length=16)

    @field_validator("url_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"url_pattern is not a valid regular expression: {exc}") from exc
        return value


@dataclass(frozen=True)
class SitemapEntry:
    """One <url> of a urlset, with the Google News fields when present."""

    loc: str
    lastmod: datetime | None
    lastmod_raw: str | None
    title: str | None = None
    language: str | None = None
    publication: str | None = None
    payload: bytes = b""


@dataclass(frozen=True)
class Sitemap:
    """A parsed document: child sitemaps (index) and/or page entries (urlset)."""

    children: list[tuple[str, datetime | None]]
    entries: list[SitemapEntry]


def parse_sitemap(data: bytes, *, url: str = "") -> Sitemap:
    """Parse a sitemap, index or news sitemap; ConnectorError when it is not one."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.Error as exc:
        raise ConnectorError(f"sitemap {url} is not XML: {exc}", url=url) from exc
    if root is None or not isinstance(root.tag, str):
        raise ConnectorError(f"sitemap {url} is empty or not XML", url=url)
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        children = []
        for node in _children(root, "sitemap"):
            loc = _text(node, "loc")
            if loc:
                children.append((loc, parse_datetime(_text(node, "lastmod"))))
        return Sitemap(children, [])
    if kind == "urlset":
        return Sitemap([], [e for e in map(_entry, _children(root, "url")) if e is not None])
    raise ConnectorError(f"{url} is not a sitemap (root element <{kind}>)", url=url)


def _children(node: etree._Element, name: str) -> Iterator[etree._Element]:
    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            yield child


def _text(node: etree._Element, name: str) -> str | None:
    for child in _children(node, name):
        if child.text and child.text.strip():
            return child.text.strip()
    return None


def _entry(node: etree._Element) -> SitemapEntry | None:
    loc = _text(node, "loc")
    if not loc:
        return None
    lastmod_raw = _text(node, "lastmod")
    news = next(_children(node, "news"), None)
    title = language = publication = None
    if news is not None:
        title = _text(news, "title")
        lastmod_raw = _text(news, "publication_date") or lastmod_raw
        pub = next(_children(news, "publication"), None)
        if pub is not None:
            language, publication = _text(pub, "language"), _text(pub, "name")
    return SitemapEntry(
        loc=loc,
        lastmod=parse_datetime(lastmod_raw),
        lastmod_raw=lastmod_raw,
        title=title,
        language=language,
        publication=publication,
        payload=etree.tostring(node, encoding="utf-8"),
    )


class SitemapConnector:
    """Walks the index, keeps pages newer than the cursor's lastmod, oldest first."""

    name: ClassVar[str] = "sitemap"
    config_model: ClassVar[type[BaseModel]] = SitemapConfig

    def __init__(self, config: SitemapConfig, http: HttpClient) -> None:
        self.config = config
        self.http = http
        self._pattern = re.compile(config.url_pattern) if config.url_pattern else None

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]:
        state = _State.load(cursor)
        pending = sorted(
            (e for e in self._walk(state) if self._wanted(e, state)),
            key=lambda e: (e.lastmod is None, e.lastmod or _EPOCH, e.loc),
        )
        todo = pending[: self.config.max_urls]
        if len(pending) > len(todo):
            state.validators = {}  # a 304 next time must not hide the pages left for later
        if not todo:
            yield FetchBatch([], state.dump(), has_more=False)
            return
        for start in range(0, len(todo), BATCH_SIZE):
            items: list[RawItem] = []
            errors: list[ItemError] = []
            for entry in todo[start : start + BATCH_SIZE]:
                self._deliver(entry, items, errors)
                state.done(entry)
            has_more = start + BATCH_SIZE < len(todo) or len(pending) > len(todo)
            yield FetchBatch(items, state.dump(), has_more, errors)

    def _walk(self, state: _State) -> Iterator[SitemapEntry]:
        queue: list[str] = [str(self.config.url)]
        fetched = 0
        while queue and fetched < self.config.max_sitemaps:
            url = queue.pop(0)
            fetched += 1
            response = self.http.get(url, crawl=True, validators=state.validators.get(url))
            if response.not_modified:
                continue
            state.validators[url] = response.validators()
            sitemap = parse_sitemap(response.content, url=url)
            for child, lastmod in sitemap.children:
                if lastmod is None or state.lastmod is None or lastmod >= state.lastmod:
                    queue.append(child)
            yield from sitemap.entries

    def _wanted(self, entry: SitemapEntry, state: _State) -> bool:
        if self._pattern is not None and not self._pattern.search(entry.loc):
            return False
        return not state.is_done(entry)

    def _deliver(self, entry: SitemapEntry, items: list[RawItem], errors: list[ItemError]) -> None:
        language = self.config.language or entry.language
        if not self.config.fetch_articles:
            items.append(_metadata_item(entry, language))
            return
        try:
            item = fetch_article(self.http, entry.loc, external_id=entry.loc, language=language)
        except ConnectorError as exc:
            if not exc.permanent and exc.extra.get("retry_after"):
                raise
            errors.append(ItemError(entry.loc, exc.detail, entry.payload))
            return
        if item.published_at is None and entry.lastmod is not None and entry.title:
            item = _with_news_date(item, entry)
        items.append(item)


def _metadata_item(entry: SitemapEntry, language: str | None) -> RawItem:
    return RawItem(
        external_id=entry.loc,
        url=entry.loc,
        title=entry.title,
        text=entry.title or "",
        content_type=TEXT_PLAIN,
        author=entry.publication,
        published_at=entry.lastmod,
        published_raw=entry.lastmod_raw,
        language_hint=language,
        engagement={},
        payload=entry.payload,
    )


def _with_news_date(item: RawItem, entry: SitemapEntry) -> RawItem:
    return replace(item, published_at=entry.lastmod, published_raw=entry.lastmod_raw)


class _State:
    """Cursor: newest lastmod delivered, URLs delivered at that instant, validators per sitemap."""

    def __init__(
        self,
        lastmod: datetime | None,
        at_lastmod: list[str],
        seen: list[str],
        validators: dict[str, dict[str, str]],
    ) -> None:
        self.lastmod = lastmod
        self.at_lastmod = at_lastmod
        self.seen = seen
        self.validators = validators

    @classmethod
    def load(cls, cursor: dict[str, Any] | None) -> _State:
        cursor = cursor or {}
        return cls(
            parse_datetime(cursor.get("lastmod")),
            list(cursor.get("at_lastmod", [])),
            list(cursor.get("seen", [])),
            dict(cursor.get("validators", {})),
        )

    def is_done(self, entry: SitemapEntry) -> bool:
        key = _key(entry.loc)
        if entry.lastmod is None:
            return key in self.seen
        if self.lastmod is None or entry.lastmod > self.lastmod:
            return False
        return entry.lastmod < self.lastmod or key in self.at_lastmod

    def done(self, entry: SitemapEntry) -> None:
        key = _key(entry.loc)
        if entry.lastmod is None:
            self.seen = [*self.seen, key][-SEEN_KEEP:]
        elif self.lastmod is None or entry.lastmod > self.lastmod:
            self.lastmod, self.at_lastmod = entry.lastmod, [key]
        elif entry.lastmod == self.lastmod:
            self.at_lastmod.append(key)

    def dump(self) -> dict[str, Any]:
        return {
            "lastmod": self.lastmod.isoformat() if self.lastmod else None,
            "at_lastmod": list(self.at_lastmod),
            "seen": list(self.seen),
            "validators": {k: v for k, v in self.validators.items() if v},
        }


def _key(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
