"""Inbound webhook: HMAC-SHA256 signatures, replay window, item parsing."""

from __future__ import annotations

import json
import time

import pytest

from resonance.errors import Invalid, Unauthenticated
from resonance.sources.builtin.webhook import WebhookConfig, WebhookConnector, sign

SECRET = "whsec_4f1c9a"
BODY = json.dumps(
    [
        {
            "id": "zalo-1",
            "text": "Góp ý về cải cách",
            "author": "0912xxx",
            "language": "vi",
            "published_at": "2024-03-05T17:00:00+07:00",
            "engagement": {"likes": 3},
        },
        {"text": "<b>HTML</b>", "content_type": "text/html"},
    ],
    ensure_ascii=False,
).encode()


def _hook(**extra: object) -> WebhookConnector:
    return WebhookConnector(WebhookConfig(secrets=[SECRET, "old-secret"], **extra))


def test_a_good_signature_gives_items() -> None:
    now = time.time()
    header = sign(BODY, SECRET, int(now))
    items = _hook().receive(BODY, {"x-resonance-signature": header}, now=now)
    assert next(i.external_id for i in items) == "zalo-1"
    assert items[0].language_hint == "vi"
    assert items[0].engagement == {"likes": 3}
    assert items[0].published_raw == "2024-03-05T17:00:00+07:00"
    assert items[1].content_type == "text/html"
    assert items[1].external_id.startswith("sha256:")
    assert items[1].payload == b'{"text":"<b>HTML</b>","content_type":"text/html"}'


def test_a_rotated_secret_still_verifies() -> None:
    now = time.time()
    header = sign(BODY, "old-secret", int(now))
    assert len(_hook().receive(BODY, {"X-Resonance-Signature": header}, now=now)) == 2


@pytest.mark.parametrize(
    "header",
    [None, "v1=abc", "t=abc,v1=abc", "t={now},v1=" + "0" * 64, "t={now},v1={wrong}"],
)
def test_bad_or_missing_signatures_are_refused(header: str | None) -> None:
    now = int(time.time())
    headers = {}
    if header is not None:
        wrong = sign(BODY + b" ", SECRET, now).split("v1=")[1]
        headers["X-Resonance-Signature"] = header.format(now=now, wrong=wrong)
    with pytest.raises(Unauthenticated):
        _hook().receive(BODY, headers, now=now)


def test_a_replayed_old_request_is_refused() -> None:
    then = int(time.time()) - 3600
    header = sign(BODY, SECRET, then)
    with pytest.raises(Unauthenticated, match="window"):
        _hook().receive(BODY, {"X-Resonance-Signature": header})


def test_clock_skew_within_the_tolerance_is_accepted() -> None:
    now = time.time()
    header = sign(BODY, SECRET, int(now) + 200)
    assert _hook(tolerance_seconds=300).receive(BODY, {"X-Resonance-Signature": header}, now=now)


def test_a_signed_but_malformed_body_is_invalid() -> None:
    now = time.time()
    for body, message in [
        (b"{not json", "not JSON"),
        (b'{"title": "no text"}', "item 0: text"),
        (b'[{"text": "x", "published_at": "yesterday"}]', "not a date"),
    ]:
        with pytest.raises(Invalid, match=message):
            _hook().receive(body, {"X-Resonance-Signature": sign(body, SECRET, int(now))}, now=now)


def test_fetch_has_nothing_to_poll() -> None:
    assert next(_hook().fetch({"a": 1})).items == []
