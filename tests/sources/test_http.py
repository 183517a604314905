"""HttpClient on the fixture server: statuses, redirects, gzip, size caps, encodings, robots."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from resonance.errors import ConnectorError
from resonance.sources.http import HttpClient, parse_retry_after
from tests.sources.fixture_server import FixtureServer, Reply, endless, gzip_bytes, redirect

UK = "Міністерство освіти оголосило реформу шкільного харчування. Громадяни можуть залишити відгук."
ZH = "教育部宣布学校膳食改革，公众可在本月底前提交意见。"
ZH_HANT = "教育部宣布學校膳食改革，公眾可在本月底前提交意見。"


def test_it_sends_the_bot_user_agent_and_reads_the_body(server: FixtureServer) -> None:
    with HttpClient(base_url="https://resonance.example.org", min_interval=0) as http:
        response = http.get(server.url("/rss/rss2_zh.xml"))
    assert response.status == 200
    assert "教育部新闻" in response.text
    agent = server.requests_to("/rss/rss2_zh.xml")[0].headers["user-agent"]
    assert agent == "ResonanceBot/0.1 (+https://resonance.example.org)"


def test_a_conditional_get_gets_304_and_no_body(server: FixtureServer, http: HttpClient) -> None:
    first = http.get(server.url("/rss/rss2_zh.xml"))
    assert first.validators()["etag"]
    second = http.get(server.url("/rss/rss2_zh.xml"), validators=first.validators())
    assert second.not_modified
    assert second.content == b""


@pytest.mark.parametrize(
    ("reply", "permanent"),
    [
        (Reply(404), True),
        (Reply(410), True),
        (Reply(403), True),
        (Reply(500), False),
        (Reply(502), False),
        (Reply(408), False),
    ],
)
def test_statuses_map_to_permanent_or_temporary_errors(
    server: FixtureServer, http: HttpClient, reply: Reply, permanent: bool
) -> None:
    server.route("/x", reply)
    with pytest.raises(ConnectorError) as caught:
        http.get(server.url("/x"))
    assert caught.value.permanent is permanent
    assert caught.value.extra["status"] == reply.status


def test_429_with_retry_after_seconds_is_temporary_and_defers_the_host(
    server: FixtureServer, http: HttpClient
) -> None:
    server.route("/limited", Reply(429, headers={"Retry-After": "120"}), Reply(200, b"ok"))
    with pytest.raises(ConnectorError) as caught:
        http.get(server.url("/limited"))
    assert not caught.value.permanent
    assert caught.value.extra["retry_after"] == 120
    # the host asked for two minutes: the next call fails fast instead of hammering or sleeping
    with pytest.raises(ConnectorError) as again:
        http.get(server.url("/limited"))
    assert again.value.extra["retry_after"] >= 119
    assert len(server.requests_to("/limited")) == 1


def test_503_with_an_http_date_retry_after(server: FixtureServer, http: HttpClient) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=3), usegmt=True)
    server.route("/busy", Reply(503, headers={"Retry-After": when}))
    with pytest.raises(ConnectorError) as caught:
        http.get(server.url("/busy"))
    assert 1 <= caught.value.extra["retry_after"] <= 4


def test_parse_retry_after() -> None:
    now = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert parse_retry_after("30") == 30
    assert parse_retry_after("Tue, 05 Mar 2024 10:01:00 GMT", now=now) == 60
    assert parse_retry_after("Tue, 05 Mar 2024 09:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_redirects_are_followed(server: FixtureServer, http: HttpClient) -> None:
    server.route("/old", redirect("/rss/rss2_zh.xml", 301))
    response = http.get(server.url("/old"))
    assert response.url == server.url("/rss/rss2_zh.xml")


def test_a_redirect_loop_is_detected(server: FixtureServer, http: HttpClient) -> None:
    server.route("/a", redirect("/b"))
    server.route("/b", redirect("/a"))
    with pytest.raises(ConnectorError, match="redirect loop"):
        http.get(server.url("/a"))


def test_too_many_redirects(server: FixtureServer) -> None:
    for n in range(5):
        server.route(f"/r{n}", redirect(f"/r{n + 1}"))
    with (
        HttpClient(min_interval=0, max_redirects=3) as http,
        pytest.raises(ConnectorError, match="more than 3 redirects"),
    ):
        http.get(server.url("/r0"))


def test_a_slow_server_times_out_as_a_temporary_error(server: FixtureServer) -> None:
    server.route("/slow", Reply(200, b"late", delay=1.0))
    with HttpClient(min_interval=0, timeout=0.2) as http, pytest.raises(ConnectorError) as caught:
        http.get(server.url("/slow"))
    assert "timed out" in caught.value.detail
    assert not caught.value.permanent


def test_gzip_content_encoding_is_decoded(server: FixtureServer, http: HttpClient) -> None:
    body = UK.encode()
    server.route(
        "/gz",
        Reply(
            200,
            gzip_bytes(body),
            {"Content-Encoding": "gzip", "Content-Type": "text/plain; charset=utf-8"},
        ),
    )
    assert http.get(server.url("/gz")).text == UK


def test_truncated_gzip_is_a_connector_error(server: FixtureServer, http: HttpClient) -> None:
    packed = gzip_bytes(UK.encode() * 50)
    server.route("/cut", Reply(200, packed[: len(packed) // 2], {"Content-Encoding": "gzip"}))
    with pytest.raises(ConnectorError, match="truncated"):
        http.get(server.url("/cut"))


def test_a_gzip_file_without_content_encoding_is_unpacked(
    server: FixtureServer, http: HttpClient
) -> None:
    server.route(
        "/sitemap.xml.gz",
        Reply(200, gzip_bytes(b"<urlset/>"), {"Content-Type": "application/x-gzip"}),
    )
    assert http.get(server.url("/sitemap.xml.gz")).content == b"<urlset/>"


def test_a_declared_oversize_body_is_refused_unread(server: FixtureServer) -> None:
    server.route("/big", Reply(200, b"x" * 2048))
    with (
        HttpClient(min_interval=0, max_bytes=1024) as http,
        pytest.raises(ConnectorError) as caught,
    ):
        http.get(server.url("/big"))
    assert caught.value.permanent
    assert "larger than the 1024-byte limit" in caught.value.detail


def test_a_50_mb_stream_is_cut_at_the_cap(server: FixtureServer, http: HttpClient) -> None:
    server.route("/endless", Reply(200, chunks=endless()))
    started = time.monotonic()
    with pytest.raises(ConnectorError, match="larger than the 10485760-byte limit"):
        http.get(server.url("/endless"))
    assert time.monotonic() - started < 10


def test_a_gzip_bomb_is_cut_at_the_cap(server: FixtureServer) -> None:
    bomb = gzip_bytes(b"\0" * (20 * 1024 * 1024))
    server.route("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with (
        HttpClient(min_interval=0, max_bytes=1024 * 1024) as http,
        pytest.raises(ConnectorError, match="limit"),
    ):
        http.get(server.url("/bomb"))


@pytest.mark.parametrize(
    ("text", "codec", "declared"),
    [
        (UK, "cp1251", "utf-8"),
        (UK, "cp1251", "iso-8859-1"),
        (UK, "koi8-u", "utf-8"),
        (UK, "koi8-u", "iso-8859-1"),
        (ZH, "gb18030", "utf-8"),
        (ZH, "gb18030", "iso-8859-1"),
        (ZH_HANT, "big5", "utf-8"),
        ("Le ministère a annoncé une réforme de la cantine scolaire.", "iso-8859-1", "iso-8859-1"),
        (UK, "utf-8", "iso-8859-1"),
        (UK, "cp1251", "windows-1251"),
    ],
)
def test_misdeclared_encodings_are_detected(
    server: FixtureServer, http: HttpClient, text: str, codec: str, declared: str
) -> None:
    server.route(
        "/enc", Reply(200, text.encode(codec), {"Content-Type": f"text/plain; charset={declared}"})
    )
    assert http.get(server.url("/enc")).text == text


def test_robots_txt_disallows_crawling_and_is_cached(
    server: FixtureServer, http: HttpClient
) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /web/private/\n"))
    assert http.get(server.url("/web/index.html"), crawl=True).status == 200
    with pytest.raises(ConnectorError, match=r"robots\.txt disallows") as caught:
        http.get(server.url("/web/private/draft.html"), crawl=True)
    assert caught.value.permanent
    assert len(server.requests_to("/robots.txt")) == 1
    assert not server.requests_to("/web/private/draft.html")


def test_robots_txt_for_our_bot_name(server: FixtureServer, http: HttpClient) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: ResonanceBot\nDisallow: /\n"))
    assert not http.allowed(server.url("/web/index.html"))


def test_a_missing_robots_txt_allows_and_a_failing_one_defers(server: FixtureServer) -> None:
    with HttpClient(min_interval=0) as http:
        assert http.allowed(server.url("/web/index.html"))  # static 404
    server.route("/robots.txt", Reply(500))
    with HttpClient(min_interval=0) as http, pytest.raises(ConnectorError) as caught:
        http.get(server.url("/web/index.html"), crawl=True)
    assert not caught.value.permanent


def test_requests_to_one_host_keep_the_minimum_interval(server: FixtureServer) -> None:
    with HttpClient(min_interval=0.2) as http:
        started = time.monotonic()
        for _ in range(3):
            http.get(server.url("/rss/rss2_zh.xml"))
        assert time.monotonic() - started >= 0.39


def test_robots_crawl_delay_slows_the_host(server: FixtureServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nCrawl-delay: 0.3\n"))
    with HttpClient(min_interval=0) as http:
        http.get(server.url("/web/index.html"), crawl=True)
        started = time.monotonic()
        http.get(server.url("/web/index.html"), crawl=True)
        assert time.monotonic() - started >= 0.25
