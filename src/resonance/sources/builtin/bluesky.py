"""Bluesky through a public AT Protocol AppView: post search and author feeds, cursor-paged."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from resonance.errors import ConnectorError
from resonance.sources.base import (
    TEXT_PLAIN,
    FetchBatch,
    RawItem,
    engagement_of,
    json_payload,
    parse_datetime,
)
from resonance.sources.http import HttpClient

SEARCH = "/xrpc/app.bsky.feed.searchPosts"
AUTHOR_FEED = "/xrpc/app.bsky.feed.getAuthorFeed"


class BlueskyConfig(BaseModel):
    """`search` (query, optional lang) or `author` (handle or DID) on an AppView."""

    model_config = ConfigDict(extra="forbid")

    base_url: HttpUrl = HttpUrl("https://public.api.bsky.app")
    mode: Literal["search", "author"]
    query: str | None = Field(default=None, max_length=500)
    actor: str | None = Field(default=None, max_length=300, description="handle or DID")
    lang: str | None = Field(default=None, max_length=16, description="search filter")
    sort: Literal["latest", "top"] = "latest"
    author_filter: Literal[
        "posts_no_replies", "posts_with_replies", "posts_and_author_threads", "posts_with_media"
    ] = "posts_no_replies"
    include_reposts: bool = False
    limit: int = Field(default=100, ge=1, le=100)
    max_pages: int = Field(default=5, ge=1, le=100)
    backfill_pages: int = Field(default=1, ge=1, le=100)

    @model_validator(mode="after")
    def _target_for_mode(self) -> BlueskyConfig:
        if self.mode == "search" and not (self.query or "").strip():
            raise ValueError("mode 'search' needs `query`")
        if self.mode == "author" and not (self.actor or "").strip().lstrip("@"):
            raise ValueError("mode 'author' needs `actor`")
        if self.actor:
            self.actor = self.actor.strip().lstrip("@")
        return self


def post_item(post: Mapping[str, Any], *, payload: bytes | None = None) -> RawItem:
    """A RawItem from an app.bsky.feed.defs#postView."""
    record = post.get("record") or {}
    author = post.get("author") or {}
    uri = str(post["uri"])
    handle = author.get("handle") or author.get("did")
    rkey = uri.rsplit("/", 1)[-1]
    raw_date = record.get("createdAt") or post.get("indexedAt")
    langs = record.get("langs") or []
    return RawItem(
        external_id=uri,
        url=f"https://bsky.app/profile/{handle}/post/{rkey}" if handle else None,
        title=None,
        text=str(record.get("text") or ""),
        content_type=TEXT_PLAIN,
        author=str(handle) if handle else None,
        published_at=parse_datetime(raw_date) if isinstance(raw_date, str) else None,
        published_raw=raw_date if isinstance(raw_date, str) else None,
        language_hint=str(langs[0]).lower() if langs else None,
        engagement=engagement_of(
            likes=post.get("likeCount"),
            reposts=post.get("repostCount"),
            replies=post.get("replyCount"),
            quotes=post.get("quoteCount"),
        ),
        payload=payload if payload is not None else json_payload(post),
    )


def _indexed(post: Mapping[str, Any]) -> datetime | None:
    value = post.get("indexedAt")
    return parse_datetime(value) if isinstance(value, str) else None


class BlueskyConnector:
    """Pages newest → oldest until the watermark (newest indexedAt of the last complete run).

    While paging, the cursor keeps the API cursor (`resume`) and the new top; the watermark
    moves only once the run reaches it, so an interrupted run resumes without a gap.
    """

    name: ClassVar[str] = "bluesky"
    config_model: ClassVar[type[BaseModel]] = BlueskyConfig

    def __init__(self, config: BlueskyConfig, http: HttpClient) -> None:
        self.config = config
        self.http = http

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]:
        state = cursor or {}
        watermark = parse_datetime(state.get("watermark"))
        api_cursor: str | None = state.get("resume")
        top: str | None = state.get("top") or state.get("watermark")
        budget: int = state.get("backfill_left", self.config.backfill_pages)
        for _page in range(self.config.max_pages):
            entries, next_cursor = self._page(api_cursor, watermark)
            posts = [post for post, _ in entries]
            stamps = [t for t in map(_indexed, posts) if t is not None]
            if api_cursor is None and stamps:
                top = max(stamps).isoformat()
            fresh = [
                post_item(post, payload=payload)
                for post, payload in entries
                if watermark is None or (_indexed(post) or watermark) >= watermark
            ]
            if watermark is None:
                budget -= 1
            reached = (
                not posts
                or not next_cursor
                or (watermark is not None and bool(stamps) and min(stamps) <= watermark)
                or (watermark is None and budget <= 0)
            )
            if reached:
                yield FetchBatch(fresh, {"watermark": top}, has_more=False)
                return
            gap: dict[str, Any] = {"watermark": state.get("watermark"), "resume": next_cursor}
            gap["top"] = top
            if watermark is None:
                gap["backfill_left"] = budget
            yield FetchBatch(fresh, gap, has_more=True)
            api_cursor = next_cursor

    def _page(
        self, api_cursor: str | None, watermark: datetime | None
    ) -> tuple[list[tuple[dict[str, Any], bytes]], str | None]:
        config = self.config
        params: dict[str, str | int] = {"limit": config.limit}
        if config.mode == "search":
            path = SEARCH
            params.update({"q": config.query or "", "sort": config.sort})
            if config.lang:
                params["lang"] = config.lang
            if watermark is not None:
                params["since"] = watermark.isoformat().replace("+00:00", "Z")
        else:
            path = AUTHOR_FEED
            params.update({"actor": config.actor or "", "filter": config.author_filter})
        if api_cursor:
            params["cursor"] = api_cursor
        url = str(config.base_url).rstrip("/") + path
        body = self.http.get(url, params=params, headers={"Accept": "application/json"}).json()
        if not isinstance(body, dict):
            raise ConnectorError(f"unexpected answer from {url}", url=url)
        next_cursor = body.get("cursor") if isinstance(body.get("cursor"), str) else None
        return self._entries(body), next_cursor

    def _entries(self, body: Mapping[str, Any]) -> list[tuple[dict[str, Any], bytes]]:
        if self.config.mode == "search":
            posts = body.get("posts") or []
            return [(p, json_payload(p)) for p in posts if isinstance(p, dict) and p.get("uri")]
        entries = []
        for entry in body.get("feed") or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("post"), dict):
                continue
            if entry.get("reason") and not self.config.include_reposts:
                continue
            if entry["post"].get("uri"):
                entries.append((entry["post"], json_payload(entry)))
        return entries
