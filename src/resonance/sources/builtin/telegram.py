"""Public Telegram channels through the web preview t.me/s/<channel>, paged backwards."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from resonance.errors import ConnectorError
from resonance.sources.base import TEXT_HTML, FetchBatch, RawItem, parse_datetime
from resonance.sources.http import HttpClient

_CHANNEL = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_COUNT = re.compile(r"^\s*([\d.,]+)\s*([KMB]?)\s*$", re.I)
_TRAILING = re.compile(r"^.*?([\d.,]+\s*[KMB]?)\s*$", re.I | re.S)
_MULTIPLIER = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}


def _cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_MESSAGES = etree.XPath(f"//div[{_cls('tgme_widget_message')}][@data-post]")
_TEXT = etree.XPath(
    f".//div[{_cls('tgme_widget_message_text')}][not(ancestor::*[{_cls('tgme_widget_message_reply')}])]"
)
_TIME = etree.XPath(f".//a[{_cls('tgme_widget_message_date')}]/time[@datetime]")
_VIEWS = etree.XPath(f".//span[{_cls('tgme_widget_message_views')}]")
_SIGNATURE = etree.XPath(f".//span[{_cls('tgme_widget_message_from_author')}]")
_REACTIONS = etree.XPath(f".//span[{_cls('tgme_reaction')}]")
_PREV = etree.XPath("//link[@rel='prev']/@href")


class TelegramConfig(BaseModel):
    """A public channel (`name`, `@name` or `https://t.me/name`) read through its web preview."""

    model_config = ConfigDict(extra="forbid")

    channel: str
    base_url: HttpUrl = HttpUrl("https://t.me")
    max_pages: int = Field(default=5, ge=1, le=100, description="Preview pages fetched per run.")
    backfill_pages: int = Field(
        default=3, ge=1, le=500, description="Pages read backwards on the first run."
    )
    language: str | None = Field(default=None, max_length=16)

    @field_validator("channel")
    @classmethod
    def _channel_name(cls, value: str) -> str:
        name = value.strip()
        if "t.me/" in name:
            name = urlsplit(name if "//" in name else "https://" + name).path.strip("/")
            name = name.removeprefix("s/").split("/")[0]
        name = name.lstrip("@")
        if not _CHANNEL.match(name):
            raise ValueError("a channel name is 4-32 letters, digits or _ and starts with a letter")
        return name


@dataclass(frozen=True)
class TelegramPage:
    """Messages of one preview page (oldest first) and whether older ones exist."""

    items: list[tuple[int, RawItem]]
    has_older: bool


def parse_preview(
    page: bytes, *, base_url: str = "https://t.me", language: str | None = None
) -> TelegramPage:
    """Parse a t.me/s/ page; service messages and posts without an id are skipped."""
    try:
        tree = lxml_html.fromstring(page)
    except (etree.ParserError, ValueError) as exc:
        raise ConnectorError(f"Telegram preview page is not HTML: {exc}") from exc
    items: dict[int, RawItem] = {}
    for node in _MESSAGES(tree):
        post = str(node.get("data-post", ""))
        _, _, number = post.rpartition("/")
        if not number.isdigit() or "service_message" in str(node.get("class", "")):
            continue
        items[int(number)] = _item(node, post, base_url.rstrip("/"), language)
    return TelegramPage(sorted(items.items()), has_older=bool(_PREV(tree)))


def _item(node: Any, post: str, base_url: str, language: str | None) -> RawItem:
    texts = _TEXT(node)
    body = _inner_html(texts[0]) if texts else ""
    times = _TIME(node)
    raw_date = str(times[0].get("datetime")) if times else None
    signature = _SIGNATURE(node)
    engagement: dict[str, int] = {}
    views = _VIEWS(node)
    if views and (count := parse_count(views[0].text_content())) is not None:
        engagement["views"] = count
    # a reaction is an emoji then its count: "👍125", "❤1.1K"
    reactions = [parse_count(_TRAILING.sub(r"\1", r.text_content())) for r in _REACTIONS(node)]
    if any(r is not None for r in reactions):
        engagement["reactions"] = sum(r for r in reactions if r is not None)
    return RawItem(
        external_id=post,
        url=f"{base_url}/{post}",
        title=None,
        text=body,
        content_type=TEXT_HTML,
        author=signature[0].text_content().strip() if signature else post.split("/")[0],
        published_at=parse_datetime(raw_date),
        published_raw=raw_date,
        language_hint=language,
        engagement=engagement,
        payload=etree.tostring(node, encoding="utf-8", method="html"),
    )


def _inner_html(node: Any) -> str:
    parts = [html.escape(node.text or "", quote=False)]
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in node)
    return "".join(parts).strip()


def parse_count(value: str) -> int | None:
    """'987' → 987, '12.3K' → 12300, '1.2M' → 1200000 (the preview's rounding)."""
    match = _COUNT.match(value.replace("\u00a0", ""))
    if not match:
        return None
    digits, suffix = match.group(1), match.group(2).upper()
    if not suffix:
        plain = digits.replace(",", "").replace(".", "")
        return int(plain) if plain else None
    try:
        return round(float(digits.replace(",", ".")) * _MULTIPLIER[suffix])
    except ValueError:
        return None


class TelegramConnector:
    """Newest page first, then `?before=<id>` until the cursor's last id is reached.

    While older pages are still to be read, the cursor keeps the gap (`gap_before`, `gap_top`)
    and only moves `last_id` once the gap is closed, so an interrupted run loses nothing.
    """

    name: ClassVar[str] = "telegram"
    config_model: ClassVar[type[BaseModel]] = TelegramConfig

    def __init__(self, config: TelegramConfig, http: HttpClient) -> None:
        self.config = config
        self.http = http

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]:
        cursor = cursor or {}
        last_id: int | None = cursor.get("last_id")
        before: int | None = cursor.get("gap_before")
        top: int | None = cursor.get("gap_top")
        budget: int = cursor.get("backfill_left", self.config.backfill_pages)
        for _page in range(self.config.max_pages):
            page = self._page(before)
            ids = [number for number, _ in page.items]
            if before is None:
                top = max([*ids, last_id or 0]) or None
            fresh = [item for number, item in page.items if last_id is None or number > last_id]
            if last_id is None:
                budget -= 1
            oldest = ids[0] if ids else None
            closed = (
                oldest is None
                or not page.has_older
                or (last_id is not None and oldest <= last_id + 1)
                or (last_id is None and budget <= 0)
            )
            if closed:
                yield FetchBatch(fresh, {"last_id": top}, has_more=False)
                return
            gap: dict[str, Any] = {"last_id": last_id, "gap_before": oldest, "gap_top": top}
            if last_id is None:
                gap["backfill_left"] = budget
            yield FetchBatch(fresh, gap, has_more=True)
            before = oldest

    def _page(self, before: int | None) -> TelegramPage:
        base = str(self.config.base_url).rstrip("/")
        url = f"{base}/s/{self.config.channel}"
        response = self.http.get(url, params={"before": before} if before else None)
        if not urlsplit(response.url).path.startswith("/s/"):
            raise ConnectorError(
                f"Telegram channel {self.config.channel!r} has no public web preview",
                permanent=True,
                url=url,
            )
        return parse_preview(response.content, base_url=base, language=self.config.language)
