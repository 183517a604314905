"""Telegram public channel preview: parsing the real page structure and paging backwards."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resonance.errors import ConnectorError, Invalid
from resonance.sources.builtin.telegram import TelegramConfig, TelegramConnector, parse_count
from resonance.sources.http import HttpClient
from resonance.sources.registry import build_connector
from tests.sources.fixture_server import FixtureServer, Reply, file_reply, redirect


def _serve_channel(server: FixtureServer) -> None:
    def page(request):  # type: ignore[no-untyped-def]
        before = request.arg("before")
        if before is None:
            return file_reply("telegram", "page_latest.html")
        if before == "101":
            return file_reply("telegram", "page_before_101.html")
        return Reply(200, b"<html><body></body></html>", {"Content-Type": "text/html"})

    server.route("/s/mincultua", page)


def _connector(server: FixtureServer, http: HttpClient, **extra: object) -> TelegramConnector:
    config = TelegramConfig(channel="@mincultua", base_url=server.base_url, **extra)
    return TelegramConnector(config, http)


def test_the_first_run_reads_the_latest_page_and_backfills(
    server: FixtureServer, http: HttpClient
) -> None:
    _serve_channel(server)
    batches = list(_connector(server, http, backfill_pages=5).fetch(None))
    assert [b.has_more for b in batches] == [True, False]
    ids = [i.external_id for b in batches for i in b.items]
    assert ids == [f"mincultua/{n}" for n in (101, 102, 103, 104, 105, 96, 97, 98, 99, 100)]
    assert batches[0].cursor == {
        "last_id": None,
        "gap_before": 101,
        "gap_top": 105,
        "backfill_left": 4,
    }
    assert batches[-1].cursor == {"last_id": 105}
    assert server.requests_to("/s/mincultua")[1].arg("before") == "101"


def test_message_fields(server: FixtureServer, http: HttpClient) -> None:
    _serve_channel(server)
    items = {i.external_id: i for i in next(_connector(server, http).fetch(None)).items}
    first = items["mincultua/101"]
    assert first.url == f"{server.base_url}/mincultua/101"
    assert first.content_type == "text/html"
    assert "<b>«Культура поруч»</b>" in first.text
    assert "<br>" in first.text
    assert first.published_at == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert first.published_raw == "2024-03-01T08:00:00+00:00"
    assert first.engagement == {"views": 12300}
    assert first.author == "mincultua"
    assert first.payload.startswith(b'<div class="tgme_widget_message')
    reply = items["mincultua/102"]
    assert reply.text == "Відповідаємо на запитання щодо конкурсу."
    signed = items["mincultua/103"]
    assert signed.author == "Олена Петренко"
    assert "<script>alert(1)</script>" in signed.text
    assert "&amp;" in signed.text
    assert signed.engagement == {"views": 1_200_000, "reactions": 1225}
    assert items["mincultua/104"].text == ""


def test_the_next_run_stops_at_the_last_seen_id(server: FixtureServer, http: HttpClient) -> None:
    _serve_channel(server)
    batches = list(_connector(server, http).fetch({"last_id": 103}))
    assert len(batches) == 1
    assert [i.external_id for i in batches[0].items] == ["mincultua/104", "mincultua/105"]
    assert batches[0].cursor == {"last_id": 105}
    assert len(server.requests_to("/s/mincultua")) == 1


def test_an_interrupted_gap_resumes_from_the_cursor(
    server: FixtureServer, http: HttpClient
) -> None:
    _serve_channel(server)
    batches = list(_connector(server, http, max_pages=1).fetch({"last_id": 97}))
    assert batches[0].has_more
    assert batches[0].cursor == {"last_id": 97, "gap_before": 101, "gap_top": 105}
    resumed = list(_connector(server, http).fetch(batches[0].cursor))
    assert [i.external_id for i in resumed[0].items] == [
        "mincultua/98",
        "mincultua/99",
        "mincultua/100",
    ]
    assert resumed[-1].cursor == {"last_id": 105}


def test_a_channel_without_preview_is_a_permanent_error(
    server: FixtureServer, http: HttpClient
) -> None:
    server.route("/s/privatechan", redirect("/privatechan"))
    server.route("/privatechan", Reply(200, b"<html></html>", {"Content-Type": "text/html"}))
    config = TelegramConfig(channel="privatechan", base_url=server.base_url)
    with pytest.raises(ConnectorError, match="no public web preview") as caught:
        list(TelegramConnector(config, http).fetch(None))
    assert caught.value.permanent


def test_a_rate_limited_preview_is_temporary(server: FixtureServer, http: HttpClient) -> None:
    server.route("/s/mincultua", Reply(429, headers={"Retry-After": "30"}))
    with pytest.raises(ConnectorError) as caught:
        list(_connector(server, http).fetch(None))
    assert not caught.value.permanent
    assert caught.value.extra["retry_after"] == 30


@pytest.mark.parametrize(
    ("channel", "name"),
    [
        ("https://t.me/s/mincultua", "mincultua"),
        ("t.me/mincultua/55", "mincultua"),
        ("@Durov_Channel", "Durov_Channel"),
    ],
)
def test_channel_names_are_normalised(channel: str, name: str) -> None:
    assert TelegramConfig(channel=channel).channel == name


def test_a_bad_channel_name_is_invalid(http: HttpClient) -> None:
    with pytest.raises(Invalid, match="channel"):
        build_connector("telegram", {"channel": "a b"}, http)


def test_parse_count() -> None:
    assert parse_count("987") == 987
    assert parse_count("12.3K") == 12300
    assert parse_count("1.2M") == 1_200_000
    assert parse_count("1,234") == 1234
    assert parse_count("views") is None
