"""Inbound push: verify an HMAC-SHA256 signed JSON body and turn it into raw items."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from resonance.errors import Invalid, Unauthenticated
from resonance.sources.base import (
    FetchBatch,
    RawItem,
    content_id,
    engagement_of,
    json_payload,
    parse_datetime,
)
from resonance.sources.http import HttpClient

SIGNATURE_HEADER = "X-Resonance-Signature"
MAX_ITEMS = 1000


class WebhookConfig(BaseModel):
    """Secrets (several while rotating) and the accepted clock skew."""

    model_config = ConfigDict(extra="forbid")

    secrets: list[SecretStr] = Field(min_length=1, max_length=5)
    tolerance_seconds: int = Field(default=300, ge=10, le=3600)
    header: str = SIGNATURE_HEADER
    language: str | None = Field(default=None, max_length=16)


class WebhookItem(BaseModel):
    """One pushed item."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)
    title: str | None = None
    text: str = Field(min_length=1)
    content_type: Literal["text/plain", "text/html"] = "text/plain"
    author: str | None = None
    published_at: str | None = None
    language: str | None = Field(default=None, max_length=16)
    engagement: dict[str, int] = Field(default_factory=dict)


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """The header value a sender sets: `t=<unix time>,v1=<hex HMAC-SHA256 of "t." + body>`."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify_signature(
    body: bytes,
    header_value: str | None,
    secrets: list[str],
    *,
    tolerance_seconds: int = 300,
    now: float | None = None,
) -> int:
    """Check signature and freshness; returns the signed timestamp or raises Unauthenticated."""
    if not header_value:
        raise Unauthenticated("missing webhook signature")
    fields: dict[str, list[str]] = {}
    for part in header_value.split(","):
        key, _, value = part.strip().partition("=")
        fields.setdefault(key, []).append(value)
    stamp = (fields.get("t") or [""])[0]
    if not stamp.isdigit():
        raise Unauthenticated("webhook signature has no timestamp")
    timestamp = int(stamp)
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        raise Unauthenticated(
            "webhook timestamp outside the accepted window (replay or clock skew)"
        )
    signed = f"{timestamp}.".encode() + body
    for secret in secrets:
        expected = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
        for candidate in fields.get("v1", []):
            if hmac.compare_digest(expected, candidate.strip().lower()):
                return timestamp
    raise Unauthenticated("webhook signature does not match")


def parse_items(body: bytes, *, language: str | None = None) -> list[RawItem]:
    """A JSON object (one item) or array (items) → RawItems; Invalid names the bad item."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Invalid(f"webhook body is not JSON: {exc}") from exc
    entries = data if isinstance(data, list) else [data]
    if len(entries) > MAX_ITEMS:
        raise Invalid(f"at most {MAX_ITEMS} items per webhook call")
    return [_item(index, entry, language) for index, entry in enumerate(entries)]


def _item(index: int, entry: Any, language: str | None) -> RawItem:
    try:
        item = WebhookItem.model_validate(entry)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors()
        )
        raise Invalid(f"webhook item {index}: {reasons}", item=index) from exc
    published = parse_datetime(item.published_at)
    if item.published_at and published is None:
        raise Invalid(f"webhook item {index}: published_at {item.published_at!r} is not a date")
    return RawItem(
        external_id=item.id or content_id(item.url, item.title, item.text, item.published_at),
        url=item.url,
        title=item.title,
        text=item.text,
        content_type=item.content_type,
        author=item.author,
        published_at=published,
        published_raw=item.published_at,
        language_hint=item.language or language,
        engagement=engagement_of(**item.engagement),
        payload=json_payload(entry),
    )


class WebhookConnector:
    """A push source: the API calls `receive`; `fetch` has nothing to poll."""

    name: ClassVar[str] = "webhook"
    config_model: ClassVar[type[BaseModel]] = WebhookConfig

    def __init__(self, config: WebhookConfig, http: HttpClient | None = None) -> None:
        self.config = config

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]:
        yield FetchBatch([], dict(cursor or {}), has_more=False)

    def receive(
        self, body: bytes, headers: Mapping[str, str], *, now: float | None = None
    ) -> list[RawItem]:
        """Verify the signature header over the raw body, then parse the items."""
        lowered = {k.lower(): v for k, v in headers.items()}
        verify_signature(
            body,
            lowered.get(self.config.header.lower()),
            [s.get_secret_value() for s in self.config.secrets],
            tolerance_seconds=self.config.tolerance_seconds,
            now=now,
        )
        return parse_items(body, language=self.config.language)
