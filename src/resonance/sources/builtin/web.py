"""Web pages: a list of article URLs, or an index page whose links are followed one level."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from resonance.errors import ConnectorError
from resonance.sources.base import FetchBatch, ItemError, RawItem
from resonance.sources.builtin._article import fetch_article, page_links
from resonance.sources.http import HttpClient

SEEN_KEEP = 5000
BATCH_SIZE = 10


class WebConfig(BaseModel):
    """`urls` are fetched as articles; `index_url`'s links (filtered) are fetched one level deep."""

    model_config = ConfigDict(extra="forbid")

    urls: list[HttpUrl] = Field(default_factory=list, max_length=1000)
    index_url: HttpUrl | None = None
    link_pattern: str | None = Field(default=None, description="Regex a followed link must match.")
    same_host: bool = True
    max_articles: int = Field(default=50, ge=1, le=1000, description="Pages fetched per run.")
    language: str | None = Field(default=None, max_length=16)

    @field_validator("link_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"link_pattern is not a valid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _has_target(self) -> WebConfig:
        if not self.urls and self.index_url is None:
            raise ValueError("give `urls`, `index_url` or both")
        return self


class WebConnector:
    """Fetches pages not seen before (robots.txt honoured) and extracts the article of each."""

    name: ClassVar[str] = "web"
    config_model: ClassVar[type[BaseModel]] = WebConfig

    def __init__(self, config: WebConfig, http: HttpClient) -> None:
        self.config = config
        self.http = http

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]:
        seen = list((cursor or {}).get("seen", []))
        known = set(seen)
        todo = [u for u in self._candidates() if _key(u) not in known]
        limit = self.config.max_articles
        batch: list[RawItem] = []
        errors: list[ItemError] = []
        for done, url in enumerate(todo[:limit], start=1):
            try:
                batch.append(fetch_article(self.http, url, language=self.config.language))
                seen.append(_key(url))
            except ConnectorError as exc:
                if not exc.permanent and exc.extra.get("retry_after"):
                    raise  # the host asked us to slow down: stop here, retry later
                errors.append(ItemError(url, exc.detail))
                if exc.permanent:
                    seen.append(_key(url))  # 404, robots.txt, no article: do not ask again
            if len(batch) >= BATCH_SIZE or done == min(len(todo), limit):
                has_more = done < len(todo)
                yield FetchBatch(batch, {"seen": seen[-SEEN_KEEP:]}, has_more, errors)
                batch, errors = [], []
        if not todo:
            yield FetchBatch([], {"seen": seen[-SEEN_KEEP:]}, has_more=False)

    def _candidates(self) -> list[str]:
        urls = [str(u) for u in self.config.urls]
        if self.config.index_url is not None:
            urls.extend(self._index_links(str(self.config.index_url)))
        return list(dict.fromkeys(urls))

    def _index_links(self, index_url: str) -> list[str]:
        response = self.http.get(index_url, crawl=True)
        pattern = re.compile(self.config.link_pattern) if self.config.link_pattern else None
        host = urlsplit(response.url).netloc
        links = []
        for link in page_links(response.text, response.url):
            if link in (index_url, response.url):
                continue
            if self.config.same_host and urlsplit(link).netloc != host:
                continue
            if pattern is not None and not pattern.search(link):
                continue
            links.append(link)
        return links


def _key(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
