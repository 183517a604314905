"""RSS 2.0, Atom and RDF feeds through feedparser, with conditional GET and recovered entries."""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import feedparser
from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from resonance.errors import ConnectorError
from resonance.sources._encoding import decode
from resonance.sources.base import (
    TEXT_HTML,
    TEXT_PLAIN,
    FetchBatch,
    ItemError,
    RawItem,
    content_id,
    engagement_of,
    json_payload,
    parse_datetime,
)
from resonance.sources.http import HttpClient

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
)
SEEN_KEEP = 2000
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})


class RssConfig(BaseModel):
    """A feed URL; `language` is a hint used when the feed does not declare one."""

    model_config = ConfigDict(extra="forbid")

    url: HttpUrl
    language: str | None = Field(default=None, max_length=16)
    max_items: int = Field(default=1000, ge=1, le=20_000)


@dataclass(frozen=True)
class ParsedFeed:
    """Items of one feed document and what was wrong with it (entries may be recovered)."""

    title: str | None
    items: Sequence[RawItem]
    errors: Sequence[ItemError]


class RssConnector:
    """Polls one feed; the cursor keeps ETag/Last-Modified and the ids already delivered."""

    name: ClassVar[str] = "rss"
    config_model: ClassVar[type[BaseModel]] = RssConfig

    def __init__(self, config: RssConfig, http: HttpClient) -> None:
        self.config = config
        self.http = http

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]:
        cursor = dict(cursor or {})
        response = self.http.get(
            str(self.config.url), validators=cursor, headers={"Accept": FEED_ACCEPT}
        )
        if response.not_modified:
            yield FetchBatch([], cursor, has_more=False, not_modified=True)
            return
        feed = parse_feed(
            response.content,
            declared=response.declared_charset,
            base_url=response.url,
            language=self.config.language,
        )
        seen = list(cursor.get("seen", []))
        known = set(seen)
        fresh = [i for i in feed.items if _short(i.external_id) not in known]
        fresh = fresh[: self.config.max_items]
        seen.extend(_short(i.external_id) for i in fresh)
        new_cursor: dict[str, Any] = {**response.validators(), "seen": seen[-SEEN_KEEP:]}
        yield FetchBatch(fresh, new_cursor, has_more=False, errors=feed.errors)


def _short(external_id: str) -> str:
    return hashlib.sha1(external_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def parse_feed(
    data: bytes,
    *,
    declared: str | None = None,
    base_url: str | None = None,
    language: str | None = None,
) -> ParsedFeed:
    """Parse a feed document; raises only ConnectorError (malformed beyond recovery, not a feed)."""
    text, _codec = decode(data, declared)
    xml = _XML_DECL.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1).encode("utf-8")
    try:
        feed = feedparser.parse(
            io.BytesIO(xml),
            response_headers={"content-type": "application/xml; charset=utf-8"},
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser is lenient, but a parser must never take a worker down
        raise ConnectorError(f"feed could not be parsed: {exc!r}", url=base_url) from exc
    errors: list[ItemError] = []
    if feed.get("bozo"):
        reason = f"malformed feed: {feed.get('bozo_exception')!r}"
        if not feed.get("entries"):
            raise ConnectorError(reason, url=base_url)
        errors.append(ItemError("feed", reason + " (entries recovered)"))
    elif not feed.get("version") and not feed.get("entries"):
        raise ConnectorError("the document is not an RSS, Atom or RDF feed", url=base_url)
    feed_lang = language or feed.get("feed", {}).get("language")
    items = _items(feed.get("entries", []), _fragments(xml), feed_lang)
    return ParsedFeed(feed.get("feed", {}).get("title"), items, errors)


def _items(entries: Sequence[Any], fragments: _Fragments, language: str | None) -> list[RawItem]:
    items: list[RawItem] = []
    ids: set[str] = set()
    for index, entry in enumerate(entries):
        try:
            item = _item(entry, fragments.payload(entry, index, len(entries)), language)
        except (AttributeError, TypeError, ValueError, KeyError):
            continue
        if item.external_id in ids:
            continue  # the same GUID twice in one feed: the first one wins
        ids.add(item.external_id)
        items.append(item)
    return items


def _item(entry: Any, payload: bytes, language: str | None) -> RawItem:
    text, content_type, text_lang = _body(entry)
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    published_at = parse_datetime(raw_date) if isinstance(raw_date, str) else None
    if published_at is None:
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            published_at = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    link = entry.get("link")
    title = entry.get("title")
    external_id = entry.get("id") or link or content_id(title, raw_date, text)
    comments = entry.get("slash_comments")
    return RawItem(
        external_id=str(external_id),
        url=str(link) if link else None,
        title=str(title) if title is not None else None,
        text=text,
        content_type=content_type,
        author=entry.get("author") or None,
        published_at=published_at,
        published_raw=raw_date if isinstance(raw_date, str) else None,
        language_hint=_lang(text_lang or language),
        engagement=engagement_of(replies=comments),
        payload=payload,
    )


def _body(entry: Any) -> tuple[str, str, str | None]:
    """The fullest text of an entry (content over summary) with its type and language."""
    detail: Mapping[str, Any] | None = None
    contents = entry.get("content") or []
    if contents:
        detail = contents[0]
    elif entry.get("summary_detail"):
        detail = entry.get("summary_detail")
    if not detail:
        return str(entry.get("summary") or ""), TEXT_PLAIN, None
    kind = str(detail.get("type") or "text/html").lower()
    content_type = TEXT_HTML if kind in _HTML_TYPES else TEXT_PLAIN
    return str(detail.get("value") or ""), content_type, detail.get("language")


def _lang(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower()


class _Fragments:
    """The raw XML of each <item>/<entry>, found with a recovering lxml parse."""

    def __init__(self, by_key: dict[str, bytes], ordered: list[bytes]) -> None:
        self.by_key = by_key
        self.ordered = ordered

    def payload(self, entry: Any, index: int, total: int) -> bytes:
        for key in (entry.get("id"), entry.get("link")):
            if key and key in self.by_key:
                return self.by_key[key]
        if total == len(self.ordered):
            return self.ordered[index]
        return json_payload({k: v for k, v in entry.items() if isinstance(v, str)})


def _fragments(xml: bytes) -> _Fragments:
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    by_key: dict[str, bytes] = {}
    ordered: list[bytes] = []
    try:
        root = etree.fromstring(xml, parser)
    except etree.Error:
        return _Fragments(by_key, ordered)
    if root is None:
        return _Fragments(by_key, ordered)
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname not in (
            "item",
            "entry",
        ):
            continue
        raw = etree.tostring(element, encoding="utf-8")
        ordered.append(raw)
        for key in _keys(element):
            by_key.setdefault(key, raw)
    return _Fragments(by_key, ordered)


def _keys(element: etree._Element) -> list[str]:
    keys = [v for k, v in element.attrib.items() if str(k).endswith("about")]
    for child in element:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if local in ("guid", "id", "link") and child.text and child.text.strip():
            keys.append(child.text.strip())
        if local == "link" and child.get("href"):
            keys.append(str(child.get("href")))
    return keys
