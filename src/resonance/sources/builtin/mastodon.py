"""Mastodon (any instance): hashtag timeline, account statuses or status search, public API."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Literal
from urllib.parse import quote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, SecretStr, model_validator

from resonance.errors import ConnectorError
from resonance.sources.base import (
    TEXT_HTML,
    FetchBatch,
    RawItem,
    engagement_of,
    json_payload,
    parse_datetime,
)
from resonance.sources.http import HttpClient, HttpResponse


class MastodonConfig(BaseModel):
    """One timeline of one instance: `hashtag` (tag), `account` (acct) or `search` (query)."""

    model_config = ConfigDict(extra="forbid")

    base_url: HttpUrl
    mode: Literal["hashtag", "account", "search"]
    tag: str | None = Field(default=None, max_length=100)
    account: str | None = Field(default=None, max_length=300, description="user or user@domain")
    query: str | None = Field(default=None, max_length=500)
    local_only: bool = False
    exclude_replies: bool = False
    exclude_reblogs: bool = True
    limit: int = Field(default=40, ge=1, le=40)
    max_pages: int = Field(default=5, ge=1, le=100)
    backfill_pages: int = Field(default=1, ge=1, le=100)
    access_token: SecretStr | None = None
    language: str | None = Field(default=None, max_length=16)

    @model_validator(mode="after")
    def _target_for_mode(self) -> MastodonConfig:
        needed = {"hashtag": "tag", "account": "account", "search": "query"}[self.mode]
        value = getattr(self, needed)
        if not value or not str(value).strip().lstrip("#@"):
            raise ValueError(f"mode {self.mode!r} needs `{needed}`")
        if self.tag:
            self.tag = self.tag.strip().lstrip("#")
        if self.account:
            self.account = self.account.strip().lstrip("@")
        return self


def status_item(status: Mapping[str, Any], *, host: str, language: str | None = None) -> RawItem:
    """A RawItem from a Mastodon Status entity (a reblog is read as its original)."""
    inner: Mapping[str, Any] = status.get("reblog") or status
    account = inner.get("account") or {}
    acct = str(account.get("acct") or account.get("username") or "") or None
    if acct and "@" not in acct:
        acct = f"{acct}@{host}"
    raw_date = inner.get("created_at")
    return RawItem(
        external_id=str(inner.get("uri") or inner.get("url") or inner["id"]),
        url=inner.get("url") or inner.get("uri"),
        title=inner.get("spoiler_text") or None,
        text=str(inner.get("content") or ""),
        content_type=TEXT_HTML,
        author=acct,
        published_at=parse_datetime(raw_date) if isinstance(raw_date, str) else None,
        published_raw=raw_date if isinstance(raw_date, str) else None,
        language_hint=inner.get("language") or language,
        engagement=engagement_of(
            likes=inner.get("favourites_count"),
            reposts=inner.get("reblogs_count"),
            replies=inner.get("replies_count"),
            quotes=inner.get("quotes_count"),
        ),
        payload=json_payload(status),
    )


def _id(value: Any) -> int:
    text = str(value)
    return int(text) if text.isdigit() else 0


class MastodonConnector:
    """First run: the newest page and `backfill_pages - 1` older ones (max_id, Link rel=next).

    Later runs walk upwards from the cursor's `last_id` with min_id (Link rel=prev), so each
    batch's cursor is safe to persist as soon as its items are stored.
    """

    name: ClassVar[str] = "mastodon"
    config_model: ClassVar[type[BaseModel]] = MastodonConfig

    def __init__(self, config: MastodonConfig, http: HttpClient) -> None:
        self.config = config
        self.http = http
        self.base = str(config.base_url).rstrip("/")
        self.host = urlsplit(self.base).netloc

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]:
        state = dict(cursor or {})
        path = self._path(state)
        if state.get("last_id"):
            yield from self._forward(path, state)
        else:
            yield from self._backfill(path, state)

    def _forward(self, path: str, state: dict[str, Any]) -> Iterator[FetchBatch]:
        url = self.base + path
        params: dict[str, str | int] | None = {**self._params(), "min_id": state["last_id"]}
        for page in range(self.config.max_pages):
            response = self.http.get(url, params=params, headers=self._headers())
            statuses = self._statuses(response)
            if statuses:
                state["last_id"] = str(max((s["id"] for s in statuses), key=_id))
            full = len(statuses) >= self.config.limit
            more = full and page + 1 < self.config.max_pages
            yield FetchBatch(self._items(statuses), dict(state), has_more=full)
            if not more:
                return
            newer = response.links.get("prev")
            if newer:
                url, params = newer, None
            else:
                url, params = self.base + path, {**self._params(), "min_id": state["last_id"]}

    def _backfill(self, path: str, state: dict[str, Any]) -> Iterator[FetchBatch]:
        url = self.base + path
        params: dict[str, str | int] | None = self._params()
        for page in range(self.config.backfill_pages):
            response = self.http.get(url, params=params, headers=self._headers())
            statuses = self._statuses(response)
            if statuses and not state.get("last_id"):
                state["last_id"] = str(max((s["id"] for s in statuses), key=_id))
            older = response.links.get("next")
            if older is None and statuses and self.config.mode == "search":
                oldest = str(min((s["id"] for s in statuses), key=_id))
                older, params = self.base + path, {**self._params(), "max_id": oldest}
            else:
                params = None
            more = bool(statuses) and older is not None and page + 1 < self.config.backfill_pages
            yield FetchBatch(self._items(statuses), dict(state), has_more=more)
            if not more or older is None:
                return
            url = older

    def _path(self, state: dict[str, Any]) -> str:
        config = self.config
        if config.mode == "hashtag":
            return f"/api/v1/timelines/tag/{quote(config.tag or '', safe='')}"
        if config.mode == "search":
            return "/api/v2/search"
        if not state.get("account_id"):
            state["account_id"] = self._lookup(config.account or "")
        return f"/api/v1/accounts/{state['account_id']}/statuses"

    def _lookup(self, acct: str) -> str:
        response = self.http.get(
            self.base + "/api/v1/accounts/lookup", params={"acct": acct}, headers=self._headers()
        )
        body = response.json()
        if not isinstance(body, dict) or not body.get("id"):
            raise ConnectorError(f"Mastodon account {acct!r} not found", permanent=True)
        return str(body["id"])

    def _params(self) -> dict[str, str | int]:
        config = self.config
        params: dict[str, str | int] = {"limit": config.limit}
        if config.mode == "hashtag" and config.local_only:
            params["local"] = "true"
        if config.mode == "account":
            params["exclude_replies"] = str(config.exclude_replies).lower()
            params["exclude_reblogs"] = str(config.exclude_reblogs).lower()
        if config.mode == "search":
            params.update({"q": config.query or "", "type": "statuses", "resolve": "false"})
        return params

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.config.access_token is not None:
            headers["Authorization"] = f"Bearer {self.config.access_token.get_secret_value()}"
        return headers

    def _statuses(self, response: HttpResponse) -> list[dict[str, Any]]:
        body = response.json()
        if self.config.mode == "search" and isinstance(body, dict):
            body = body.get("statuses")
        if not isinstance(body, list):
            raise ConnectorError(
                f"unexpected Mastodon answer from {response.url}", url=response.url
            )
        return [s for s in body if isinstance(s, dict) and s.get("id")]

    def _items(self, statuses: list[dict[str, Any]]) -> list[RawItem]:
        return [status_item(s, host=self.host, language=self.config.language) for s in statuses]
