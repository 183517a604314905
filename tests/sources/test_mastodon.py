"""Mastodon connector against real-shaped status JSON with Link headers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resonance.errors import ConnectorError, Invalid
from resonance.sources.builtin.mastodon import MastodonConfig, MastodonConnector
from resonance.sources.http import HttpClient
from resonance.sources.registry import build_connector
from tests.sources.fixture_server import FixtureServer, Reply, file_reply

TAG = "/api/v1/timelines/tag/reformecantine"
P = 112000000000000000


def _link(server: FixtureServer, path: str, older: int | None, newer: int | None) -> str:
    parts = []
    if older is not None:
        parts.append(f'<{server.url(path)}?limit=3&max_id={older}>; rel="next"')
    if newer is not None:
        parts.append(f'<{server.url(path)}?limit=3&min_id={newer}>; rel="prev"')
    return ", ".join(parts)


def _serve_tag(server: FixtureServer) -> None:
    def timeline(request):  # type: ignore[no-untyped-def]
        if request.arg("max_id") == str(P + 303):
            return file_reply(
                "mastodon", "tag_page2.json", Link=_link(server, TAG, P + 300, P + 302)
            )
        if request.arg("min_id") == str(P + 305):
            return file_reply(
                "mastodon", "tag_newer.json", Link=_link(server, TAG, P + 306, P + 307)
            )
        if request.arg("min_id") == str(P + 307):
            return Reply(200, b"[]", {"Content-Type": "application/json"})
        return file_reply("mastodon", "tag_page1.json", Link=_link(server, TAG, P + 303, P + 305))

    server.route(TAG, timeline)


def _connector(server: FixtureServer, http: HttpClient, **extra: object) -> MastodonConnector:
    config = {
        "base_url": server.base_url,
        "mode": "hashtag",
        "tag": "#reformecantine",
        "limit": 3,
        **extra,
    }
    connector = build_connector("mastodon", config, http)
    assert isinstance(connector, MastodonConnector)
    return connector


def test_the_first_run_backfills_through_link_next(server: FixtureServer, http: HttpClient) -> None:
    _serve_tag(server)
    batches = list(_connector(server, http, backfill_pages=2).fetch(None))
    assert [len(b.items) for b in batches] == [3, 3]
    assert batches[0].has_more
    assert not batches[1].has_more
    assert batches[-1].cursor == {"last_id": str(P + 305)}
    assert server.requests_to(TAG)[1].arg("max_id") == str(P + 303)


def test_status_fields(server: FixtureServer, http: HttpClient) -> None:
    _serve_tag(server)
    first, uk, official = next(_connector(server, http).fetch(None)).items
    assert first.external_id == f"https://piaille.example/users/marie/statuses/{P + 305}"
    assert first.url == f"https://piaille.example/@marie/{P + 305}"
    assert first.author == "marie@piaille.example"
    assert first.content_type == "text/html"
    assert "#<span>reformecantine</span>" in first.text
    assert first.engagement == {"likes": 30, "reposts": 12, "replies": 4}
    assert first.published_at == datetime(2024, 3, 5, 10, 5, tzinfo=UTC)
    assert first.published_raw == "2024-03-05T10:05:00.000Z"
    assert first.language_hint == "fr"
    assert uk.language_hint == "uk"
    assert official.author == "education@127.0.0.1:" + server.base_url.rsplit(":", 1)[1]
    assert "<script>alert(1)</script>" in official.text
    assert b'"favourites_count":410' in official.payload


def test_later_runs_walk_up_with_min_id_and_link_prev(
    server: FixtureServer, http: HttpClient
) -> None:
    _serve_tag(server)
    batches = list(_connector(server, http, limit=2).fetch({"last_id": str(P + 305)}))
    assert [i.external_id.rsplit("/", 1)[1] for i in batches[0].items] == [
        str(P + 307),
        str(P + 306),
    ]
    assert batches[0].cursor["last_id"] == str(P + 307)
    assert batches[-1].items == []
    assert not batches[-1].has_more
    assert server.requests_to(TAG)[1].arg("min_id") == str(P + 307)


def test_account_statuses_after_a_lookup(server: FixtureServer, http: HttpClient) -> None:
    server.route("/api/v1/accounts/lookup", file_reply("mastodon", "account_lookup.json"))
    server.route(
        "/api/v1/accounts/109000000000000001/statuses",
        file_reply("mastodon", "account_statuses.json"),
    )
    connector = _connector(server, http, mode="account", tag=None, account="@education")
    batch = next(connector.fetch(None))
    assert len(batch.items) == 2
    assert batch.cursor["account_id"] == "109000000000000001"
    assert server.requests_to("/api/v1/accounts/lookup")[0].arg("acct") == "education"
    request = server.requests_to("/api/v1/accounts/109000000000000001/statuses")[0]
    assert request.arg("exclude_reblogs") == "true"


def test_search_sends_the_token_and_reads_statuses(server: FixtureServer, http: HttpClient) -> None:
    server.route("/api/v2/search", file_reply("mastodon", "search.json"))
    connector = _connector(
        server, http, mode="search", tag=None, query="cantine", access_token="s3cret"
    )
    batch = next(connector.fetch(None))
    assert len(batch.items) == 2
    request = server.requests_to("/api/v2/search")[0]
    assert request.headers["authorization"] == "Bearer s3cret"
    assert request.arg("type") == "statuses"
    assert request.arg("q") == "cantine"


def test_an_unknown_account_is_permanent(server: FixtureServer, http: HttpClient) -> None:
    server.route("/api/v1/accounts/lookup", Reply(404, b'{"error":"Record not found"}'))
    with pytest.raises(ConnectorError) as caught:
        list(_connector(server, http, mode="account", tag=None, account="nobody").fetch(None))
    assert caught.value.permanent


def test_rate_limit_is_temporary(server: FixtureServer, http: HttpClient) -> None:
    server.route(TAG, Reply(429, b'{"error":"Too many requests"}', {"Retry-After": "300"}))
    with pytest.raises(ConnectorError) as caught:
        list(_connector(server, http).fetch(None))
    assert caught.value.extra["retry_after"] == 300
    assert not caught.value.permanent


def test_a_mode_without_its_target_is_invalid(http: HttpClient) -> None:
    with pytest.raises(Invalid, match="needs `account`"):
        build_connector("mastodon", {"base_url": "https://m.example", "mode": "account"}, http)


def test_config_model_strips_the_hash() -> None:
    config = MastodonConfig(base_url="https://m.example", mode="hashtag", tag="#école")
    assert config.tag == "école"
