"""Web pages and sitemaps: article extraction, link following, robots.txt, lastmod cursor."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resonance.errors import ConnectorError, Invalid
from resonance.sources.builtin.sitemap import SitemapConfig, SitemapConnector, parse_sitemap
from resonance.sources.builtin.web import WebConfig, WebConnector
from resonance.sources.http import HttpClient
from resonance.sources.registry import build_connector
from tests.sources.fixture_server import (
    FixtureServer,
    Reply,
    file_reply,
    fixture_bytes,
    gzip_bytes,
)


def _robots(server: FixtureServer) -> None:
    server.route("/robots.txt", file_reply("web", "robots.txt"))


def test_article_urls_are_extracted(server: FixtureServer, http: HttpClient) -> None:
    _robots(server)
    config = WebConfig(
        urls=[server.url("/web/article_uk.html"), server.url("/web/article_zh.html")]
    )
    batch = next(WebConnector(config, http).fetch(None))
    uk, zh = batch.items
    assert uk.title == "Реформа шкільного харчування стартує у вересні"
    assert uk.author == "Олена Петренко"
    assert uk.published_at == datetime(2024, 3, 5, 7, 30, tzinfo=UTC)
    assert "13 тисяч шкіл" in uk.text
    assert "Популярне" not in uk.text
    assert uk.content_type == "text/plain"
    assert uk.language_hint == "uk"
    assert uk.external_id == server.url("/web/article_uk.html")
    assert uk.payload.startswith(b"<!DOCTYPE html>")
    # served as utf-8 but written in gb18030: detected, not mojibake
    assert zh.title == "教育部宣布学校膳食改革"
    assert "九月一日" in zh.text
    assert zh.language_hint == "zh-cn"


def test_an_index_page_is_followed_one_level_within_robots(
    server: FixtureServer, http: HttpClient
) -> None:
    _robots(server)
    config = WebConfig(index_url=server.url("/web/index.html"))
    batches = list(WebConnector(config, http).fetch(None))
    items = [i for b in batches for i in b.items]
    assert {i.external_id for i in items} == {
        server.url("/web/article_uk.html"),
        server.url("/web/article_zh.html"),
    }
    errors = [e for b in batches for e in b.errors]
    assert any("robots.txt disallows" in e.reason for e in errors)
    assert not server.requests_to("/web/private/draft.html")
    assert not any("other.example.org" in e.position for e in errors)
    again = list(WebConnector(config, http).fetch(batches[-1].cursor))
    assert [i for b in again for i in b.items] == []


def test_a_missing_page_is_reported_and_not_retried(
    server: FixtureServer, http: HttpClient
) -> None:
    config = WebConfig(urls=[server.url("/web/missing.html")])
    batch = next(WebConnector(config, http).fetch(None))
    assert batch.items == []
    assert "404" in batch.errors[0].reason
    assert not next(WebConnector(config, http).fetch(batch.cursor)).errors


def test_web_config_needs_a_target(http: HttpClient) -> None:
    with pytest.raises(Invalid, match="give `urls`"):
        build_connector("web", {}, http)
    with pytest.raises(Invalid, match="link_pattern"):
        build_connector("web", {"index_url": "https://x.example", "link_pattern": "("}, http)


def _serve_sitemaps(server: FixtureServer) -> None:
    def rewrite(name: str, gz: bool = False) -> Reply:
        body = fixture_bytes("sitemap", name).replace(
            b"http://fixture.test", server.base_url.encode()
        )
        if gz:
            return Reply(200, gzip_bytes(body), {"Content-Type": "application/x-gzip"})
        return Reply(200, body, {"Content-Type": "application/xml", "ETag": f'"{name}"'})

    for name in ("index.xml", "pages.xml", "archive-2019.xml"):
        server.route(f"/sitemap/{name}", rewrite(name))
    server.route("/sitemap/news.xml.gz", rewrite("news.xml", gz=True))
    _robots(server)


def test_a_sitemap_index_with_a_gzipped_news_sitemap(
    server: FixtureServer, http: HttpClient
) -> None:
    _serve_sitemaps(server)
    config = SitemapConfig(
        url=server.url("/sitemap/index.xml"), fetch_articles=False, url_pattern="/(web|news)/"
    )
    batches = list(SitemapConnector(config, http).fetch(None))
    items = [i for b in batches for i in b.items]
    by_id = {i.external_id.split("/", 3)[3]: i for i in items}
    assert set(by_id) == {
        "web/article_uk.html",
        "web/article_zh.html",
        "web/missing.html",
        "web/old.html",
        "news/kharchuvannia",
        "news/shanshi",
    }
    news = by_id["news/kharchuvannia"]
    assert news.title == "Уряд схвалив реформу шкільного харчування"
    assert news.language_hint == "uk"
    assert news.author == "Урядовий кур'єр"
    assert news.published_at == datetime(2024, 3, 5, 8, 45, tzinfo=UTC)
    assert by_id["news/shanshi"].language_hint == "zh-cn"
    cursor = batches[-1].cursor
    assert cursor["lastmod"] == "2024-03-05T08:45:00+00:00"
    again = list(SitemapConnector(config, http).fetch(cursor))
    assert [i for b in again for i in b.items] == []
    assert not server.requests_to("/sitemap/archive-2019.xml")[1:]  # older child skipped


def test_sitemap_pages_are_fetched_as_articles(server: FixtureServer, http: HttpClient) -> None:
    _serve_sitemaps(server)
    config = SitemapConfig(url=server.url("/sitemap/pages.xml"))
    batch = next(SitemapConnector(config, http).fetch(None))
    assert [i.title for i in batch.items] == [
        "教育部宣布学校膳食改革",
        "Реформа шкільного харчування стартує у вересні",
    ]
    assert len(batch.errors) == 1
    assert batch.errors[0].position.endswith("/web/missing.html")


def test_max_urls_leaves_the_rest_for_later(server: FixtureServer, http: HttpClient) -> None:
    _serve_sitemaps(server)
    config = SitemapConfig(url=server.url("/sitemap/pages.xml"), fetch_articles=False, max_urls=2)
    first = list(SitemapConnector(config, http).fetch(None))
    assert first[-1].has_more
    assert len(first[-1].items) == 2
    second = list(SitemapConnector(config, http).fetch(first[-1].cursor))
    assert [i.external_id.rsplit("/", 1)[1] for i in second[-1].items] == ["article_uk.html"]


def test_a_page_that_is_not_a_sitemap() -> None:
    with pytest.raises(ConnectorError, match="not a sitemap"):
        parse_sitemap(b"<html><body>hi</body></html>", url="x")
    with pytest.raises(ConnectorError):
        parse_sitemap(b"\x00\x01 garbage", url="x")


def test_robots_txt_can_forbid_the_sitemap(server: FixtureServer, http: HttpClient) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n"))
    config = SitemapConfig(url=server.url("/sitemap/index.xml"))
    with pytest.raises(ConnectorError, match="robots") as caught:
        list(SitemapConnector(config, http).fetch(None))
    assert caught.value.permanent
