"""RSS/Atom/RDF connector on real-format fixture feeds served over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonance.errors import ConnectorError
from resonance.sources.base import FetchBatch
from resonance.sources.builtin.rss import RssConfig, RssConnector, parse_feed
from resonance.sources.http import HttpClient
from tests.sources.fixture_server import FixtureServer, Reply, fixture_bytes, gzip_bytes


def _run(
    server: FixtureServer,
    http: HttpClient,
    path: str,
    cursor: dict[str, Any] | None = None,
    **config: Any,
) -> FetchBatch:
    connector = RssConnector(RssConfig(url=server.url(path), **config), http)
    batches = list(connector.fetch(cursor))
    assert len(batches) == 1
    return batches[0]


def test_rss2_items_keep_html_as_delivered_and_dedupe_guids(
    server: FixtureServer, http: HttpClient
) -> None:
    batch = _run(server, http, "/rss/rss2_uk.xml")
    ids = [i.external_id for i in batch.items]
    assert ids == ["mon-news-1001", "mon-news-1002", "mon-news-1003"]
    first = batch.items[0]
    assert first.title == "Реформа шкільного харчування стартує у вересні"
    assert first.content_type == "text/html"
    assert '<script>alert("xss")</script>' in first.text
    assert first.author == "Прес-служба МОН"
    assert first.language_hint == "uk"
    assert first.engagement == {"replies": 14}
    assert first.published_at == datetime(2024, 3, 5, 7, 30, tzinfo=UTC)
    assert first.published_raw == "Tue, 05 Mar 2024 09:30:00 +0200"
    assert first.payload.startswith(b"<item")
    assert b"mon-news-1001" in first.payload
    assert batch.has_more is False
    assert not batch.errors


def test_dates_without_zone_are_utc_and_future_dates_are_kept(
    server: FixtureServer, http: HttpClient
) -> None:
    items = {i.external_id: i for i in _run(server, http, "/rss/rss2_uk.xml").items}
    assert items["mon-news-1002"].published_at == datetime(2024, 3, 4, 15, 0, tzinfo=UTC)
    assert items["mon-news-1002"].published_raw == "Mon, 04 Mar 2024 15:00:00"
    assert items["mon-news-1003"].published_at == datetime(2100, 1, 1, 8, 0, tzinfo=UTC)


def test_atom_french_feed(server: FixtureServer, http: HttpClient) -> None:
    items = _run(server, http, "/rss/atom_fr.xml").items
    assert [i.language_hint for i in items] == ["fr", "fr"]
    assert items[0].external_id == "tag:education.example.gouv.fr,2024:actu-42"
    assert items[0].text.startswith("<p>La réforme")
    assert items[0].author == "Service de presse"
    assert items[0].published_at == datetime(2024, 3, 5, 8, 0, tzinfo=UTC)
    assert items[1].content_type == "text/plain"
    assert items[1].published_raw == "2024-03-04T18:30:00Z"


def test_rdf_russian_feed(server: FixtureServer, http: HttpClient) -> None:
    items = _run(server, http, "/rss/rdf_ru.xml").items
    assert [i.external_id for i in items] == [
        "https://minobr.example.ru/news/501",
        "https://minobr.example.ru/news/502",
    ]
    assert items[0].language_hint == "ru"
    assert items[0].published_at == datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    assert b"rdf:about" in items[0].payload or b"about=" in items[0].payload


def test_chinese_and_vietnamese_feeds(server: FixtureServer, http: HttpClient) -> None:
    zh = _run(server, http, "/rss/rss2_zh.xml").items[0]
    assert zh.title == "教育部宣布学校膳食改革"
    assert zh.language_hint == "zh-cn"
    vi = _run(server, http, "/rss/rss2_vi.xml").items
    assert vi[0].published_at == datetime(2024, 3, 5, 8, 0, tzinfo=UTC)
    assert vi[1].external_id == "https://moet.example.gov.vn/tin-tuc/hoi-dap"
    assert vi[1].published_at is None
    assert vi[1].published_raw is None


def test_conditional_get_and_seen_ids(server: FixtureServer, http: HttpClient) -> None:
    first = _run(server, http, "/rss/rss2_uk.xml")
    assert first.cursor["etag"]
    again = _run(server, http, "/rss/rss2_uk.xml", first.cursor)
    assert again.not_modified
    assert again.items == []
    assert (
        server.requests_to("/rss/rss2_uk.xml")[-1].headers["if-none-match"] == first.cursor["etag"]
    )
    no_etag = {k: v for k, v in first.cursor.items() if k != "etag"}
    assert _run(server, http, "/rss/rss2_uk.xml", no_etag).items == []


def test_a_malformed_feed_with_entries_is_recovered_with_an_error(
    server: FixtureServer, http: HttpClient
) -> None:
    batch = _run(server, http, "/rss/rss2_en_malformed.xml")
    assert next(i.external_id for i in batch.items) == "dfe-2024-77"
    assert batch.items[0].text == "Parents & carers can respond until 31 March."
    assert batch.errors
    assert "malformed feed" in batch.errors[0].reason


@pytest.mark.parametrize("path", ["/rss/not_a_feed.html"])
def test_a_page_that_is_not_a_feed_is_an_error(
    server: FixtureServer, http: HttpClient, path: str
) -> None:
    with pytest.raises(ConnectorError, match="not an RSS"):
        _run(server, http, path)


def test_broken_xml_without_entries_is_an_error(server: FixtureServer, http: HttpClient) -> None:
    server.route(
        "/broken.xml",
        Reply(
            200,
            b"<?xml version='1.0'?><rss><channel><title>x</ti",
            {"Content-Type": "application/rss+xml"},
        ),
    )
    with pytest.raises(ConnectorError, match="malformed"):
        _run(server, http, "/broken.xml")


@pytest.mark.parametrize("declared", ["utf-8", "iso-8859-1"])
def test_a_cp1251_feed_declared_otherwise_is_read_right(
    server: FixtureServer, http: HttpClient, declared: str
) -> None:
    body = fixture_bytes("rss", "rss2_uk.xml").decode().replace('encoding="UTF-8"', "")
    server.route(
        "/cp.xml",
        Reply(
            200,
            body.encode("cp1251", errors="replace"),
            {"Content-Type": f"application/rss+xml; charset={declared}"},
        ),
    )
    items = _run(server, http, "/cp.xml").items
    assert items[0].title == "Реформа шкільного харчування стартує у вересні"


def test_a_gzipped_feed(server: FixtureServer, http: HttpClient) -> None:
    server.route(
        "/gz.xml",
        Reply(
            200,
            gzip_bytes(fixture_bytes("rss", "rss2_zh.xml")),
            {"Content-Encoding": "gzip", "Content-Type": "application/xml"},
        ),
    )
    assert _run(server, http, "/gz.xml").items[0].title == "教育部宣布学校膳食改革"


def test_a_404_feed_is_permanent(server: FixtureServer, http: HttpClient) -> None:
    with pytest.raises(ConnectorError) as caught:
        _run(server, http, "/rss/gone.xml")
    assert caught.value.permanent


XMLISH = st.lists(
    st.sampled_from(
        [
            "<rss>",
            "<channel>",
            "<item>",
            "</item>",
            "<title>",
            "</title>",
            "<entry>",
            "<feed xmlns='http://www.w3.org/2005/Atom'>",
            "<![CDATA[",
            "]]>",
            "&amp;",
            "&bogus;",
            "<?xml version='1.0' encoding='koi8-u'?>",
            "<!DOCTYPE x [",
            "<!ENTITY a 'b'>",
            "]>",
            "<guid>",
            "</guid>",
            "<pubDate>",
            "Mon, 99 Foo",
            "</rss>",
            "\x00",
            "текст",
            "文字",
            "<link href='javascript:x'/>",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=2000), XMLISH.map(lambda s: s.encode("utf-8"))))
def test_feed_parsing_raises_nothing_but_connector_error(data: bytes) -> None:
    try:
        parsed = parse_feed(data, declared=None, base_url="http://fuzz.test/feed")
    except ConnectorError:
        return
    for item in parsed.items:
        assert isinstance(item.external_id, str)
        assert isinstance(item.text, str)
