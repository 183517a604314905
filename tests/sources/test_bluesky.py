"""Bluesky connector against real-shaped searchPosts / getAuthorFeed answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resonance.errors import ConnectorError
from resonance.sources.builtin.bluesky import AUTHOR_FEED, SEARCH, BlueskyConfig, BlueskyConnector
from resonance.sources.http import HttpClient
from tests.sources.fixture_server import FixtureServer, Reply, file_reply


def _serve_search(server: FixtureServer) -> None:
    def search(request):  # type: ignore[no-untyped-def]
        if request.arg("cursor") == "eyJvZmZzZXQiOjJ9":
            return file_reply("bluesky", "search_page2.json")
        if request.arg("since"):
            return file_reply("bluesky", "search_newer.json")
        return file_reply("bluesky", "search_page1.json")

    server.route(SEARCH, search)


def _connector(server: FixtureServer, http: HttpClient, **extra: object) -> BlueskyConnector:
    config = BlueskyConfig(base_url=server.base_url, **extra)
    return BlueskyConnector(config, http)


def test_search_pages_with_the_cursor_and_keeps_fields(
    server: FixtureServer, http: HttpClient
) -> None:
    _serve_search(server)
    batches = list(
        _connector(server, http, mode="search", query="харчування", backfill_pages=3).fetch(None)
    )
    assert [b.has_more for b in batches] == [True, False]
    items = [i for b in batches for i in b.items]
    assert len(items) == 4
    post = items[0]
    assert (
        post.external_id == "at://did:plc:4hqjfn7m6n5hno3doamuhgef/app.bsky.feed.post/3kmq5w2xzlc2a"
    )
    assert post.url == "https://bsky.app/profile/anna.bsky.social/post/3kmq5w2xzlc2a"
    assert post.author == "anna.bsky.social"
    assert post.content_type == "text/plain"
    assert "<b>не HTML</b>" in post.text
    assert post.engagement == {"likes": 40, "reposts": 5, "replies": 2, "quotes": 1}
    assert post.language_hint == "uk"
    assert items[1].published_at == datetime(2099, 1, 1, tzinfo=UTC)  # future createdAt kept
    assert items[2].published_at == datetime(2024, 3, 5, 6, 0, tzinfo=UTC)
    assert items[2].published_raw == "2024-03-05T08:00:00+02:00"
    assert items[3].language_hint is None
    assert batches[-1].cursor == {"watermark": "2024-03-05T10:00:01.512000+00:00"}
    assert server.requests_to(SEARCH)[0].arg("sort") == "latest"


def test_the_next_search_asks_since_the_watermark(server: FixtureServer, http: HttpClient) -> None:
    _serve_search(server)
    cursor = {"watermark": "2024-03-05T10:00:01.512000+00:00"}
    batch = next(_connector(server, http, mode="search", query="x").fetch(cursor))
    assert [i.text for i in batch.items] == ["新消息"]
    assert server.requests_to(SEARCH)[0].arg("since") == "2024-03-05T10:00:01.512000Z"
    assert batch.cursor == {"watermark": "2024-03-05T12:00:00.500000+00:00"}


def test_an_interrupted_run_keeps_the_old_watermark(
    server: FixtureServer, http: HttpClient
) -> None:
    _serve_search(server)
    cursor = {"watermark": "2024-03-01T00:00:00+00:00"}
    server.route(SEARCH, file_reply("bluesky", "search_page1.json"))
    batch = next(_connector(server, http, mode="search", query="x", max_pages=1).fetch(cursor))
    assert batch.has_more
    assert batch.cursor["watermark"] == "2024-03-01T00:00:00+00:00"
    assert batch.cursor["resume"] == "eyJvZmZzZXQiOjJ9"


def test_author_feed_skips_reposts_by_default(server: FixtureServer, http: HttpClient) -> None:
    server.route(AUTHOR_FEED, file_reply("bluesky", "author_feed.json"))
    connector = _connector(server, http, mode="author", actor="@moe.example.gov.ua")
    batch = next(connector.fetch(None))
    assert [i.author for i in batch.items] == ["moe.example.gov.ua", "moe.example.gov.ua"]
    request = server.requests_to(AUTHOR_FEED)[0]
    assert request.arg("actor") == "moe.example.gov.ua"
    assert request.arg("filter") == "posts_no_replies"
    with_reposts = _connector(
        server, http, mode="author", actor="moe.example.gov.ua", include_reposts=True
    )
    assert len(next(with_reposts.fetch(None)).items) == 3


def test_a_bad_request_is_permanent(server: FixtureServer, http: HttpClient) -> None:
    server.route(SEARCH, Reply(400, b'{"error":"InvalidRequest","message":"Error: q is required"}'))
    with pytest.raises(ConnectorError) as caught:
        list(_connector(server, http, mode="search", query="x").fetch(None))
    assert caught.value.permanent


def test_a_server_error_is_temporary(server: FixtureServer, http: HttpClient) -> None:
    server.route(SEARCH, Reply(502))
    with pytest.raises(ConnectorError) as caught:
        list(_connector(server, http, mode="search", query="x").fetch(None))
    assert not caught.value.permanent
