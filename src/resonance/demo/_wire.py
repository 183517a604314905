"""The demo corpus in real wire formats (RSS, Telegram, Mastodon, Bluesky, CSV), served locally."""

from __future__ import annotations

import csv
import gzip
import hashlib
import html
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
TELEGRAM_PAGE = 20
CSV_COLUMNS = ("id", "platform", "author", "published", "language", "title", "text", "likes",
               "reposts", "replies", "url")  # fmt: skip
CSV_ZONE = "Asia/Shanghai"
CSV_DATE_FORMAT = "%Y-%m-%d %H:%M"
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Corpus:
    """Sources and items of the bundled corpus, read from corpus/."""

    meta: dict[str, Any]
    items: list[dict[str, Any]]

    @property
    def sources(self) -> list[dict[str, Any]]:
        sources: list[dict[str, Any]] = self.meta["sources"]
        return sources

    def of(self, key: str) -> list[dict[str, Any]]:
        return [i for i in self.items if i["src"] == key]


def read_corpus(directory: Path = CORPUS_DIR, *, sample: int = 1) -> Corpus:
    """The corpus; `sample` > 1 keeps every n-th item plus the deliberately broken ones."""
    meta = json.loads((directory / "sources.json").read_text(encoding="utf-8"))
    with gzip.open(directory / "items.jsonl.gz", "rt", encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle if line.strip()]
    if sample > 1:
        items = [i for n, i in enumerate(items) if n % sample == 0 or i["kind"] == "broken"]
    return Corpus(meta, items)


def corpus_end(meta: dict[str, Any], now: datetime) -> datetime:
    """The reference end moved by whole weeks to just after `now` (weekdays stay weekdays)."""
    end = datetime.fromisoformat(meta["reference_end"])
    weeks = (now - end) // WEEK + 1
    return end + weeks * WEEK


def published(item: dict[str, Any], end: datetime) -> datetime:
    return end - timedelta(seconds=int(item["t"]))


def _lang_code(lang: str) -> str:
    return "zh" if lang.startswith("zh") else lang


def _item_url(item: dict[str, Any]) -> str:
    return f"https://{item['src']}.demo.invalid/{item['id']}"


def render_rss(spec: dict[str, Any], items: Sequence[dict[str, Any]], end: datetime) -> bytes:
    """RSS 2.0; the options may declare a wrong charset or leave one entry malformed."""
    options = spec.get("options") or {}
    codec = options.get("encoding", "utf-8")
    declared = options.get("declared", codec)
    lang = _lang_code(next(iter(spec["langs"])))
    entries = [_rss_entry(item, end, options) for item in sorted(items, key=lambda i: i["t"])]
    if options.get("malformed") and entries:
        # An unescaped ampersand and an unclosed tag, as a hand-edited CMS template produces.
        entries[len(entries) // 2] = entries[len(entries) // 2].replace(
            "<description>", "<description>Ремонт & відновлення <b>мосту ", 1
        )
    head = (
        f'<?xml version="1.0" encoding="{declared}"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
        f"<title>{escape(spec['name'])}</title>\n<link>https://{spec['key']}.demo.invalid/</link>\n"
        "<description>Demo feed written for Resonance (CC0); not a real outlet.</description>\n"
        f"<language>{lang}</language>\n"
    )
    document = head + "".join(entries) + "</channel>\n</rss>\n"
    return document.encode(codec, errors="xmlcharrefreplace")


def _rss_entry(item: dict[str, Any], end: datetime, options: dict[str, Any]) -> str:
    title = item.get("title") or item["text"][:80]
    parts = [
        "<item>",
        f"<title>{escape(html.unescape(title))}</title>",
        f"<link>{_item_url(item)}</link>",
        f'<guid isPermaLink="false">{item["id"]}</guid>',
        f"<pubDate>{format_datetime(published(item, end))}</pubDate>",
        f"<dc:creator>{escape(item['author'])}</dc:creator>",
    ]
    if options.get("html") and item.get("html"):
        parts.append(f"<content:encoded><![CDATA[{item['text']}]]></content:encoded>")
    else:
        parts.append(f"<description>{escape(item['text'])}</description>")
    parts.append("</item>\n")
    return "".join(parts)


def _count(value: int) -> str:
    return f"{value / 1000:.1f}K" if value >= 1000 else str(value)


def _telegram_message(channel: str, number: int, item: dict[str, Any], end: datetime) -> str:
    when = published(item, end)
    eng = item.get("eng") or {}
    reactions = eng.get("reactions", 0)
    return (
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="tgme_widget_message js-widget_message" data-post="{channel}/{number}">'
        '<div class="tgme_widget_message_bubble">'
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">{item["text"]}</div>'
        '<div class="tgme_widget_message_footer compact js-message_footer">'
        '<div class="tgme_widget_message_info short js-message_info">'
        '<span class="tgme_widget_message_reactions">'
        f'<span class="tgme_reaction"><i class="emoji">👍</i>{_count(reactions)}</span></span>'
        f'<span class="tgme_widget_message_views">{_count(eng.get("views", 0))}</span>'
        '<span class="tgme_widget_message_from_author" dir="auto">'
        f"{html.escape(item['author'])}</span>"
        f'<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" '
        f'href="https://t.me/{channel}/{number}"><time datetime="{when.isoformat()}" '
        f'class="time">{when:%H:%M}</time></a></span>'
        "</div></div></div></div></div>\n"
    )


def render_telegram_page(
    channel: str, messages: Sequence[str], before: int | None, title: str
) -> bytes:
    """A t.me/s/ page: up to 20 messages older than `before` (ids are positions + 1)."""
    top = len(messages) if before is None else min(before - 1, len(messages))
    first = max(0, top - TELEGRAM_PAGE)
    page = messages[first:top]
    prev = f'<link rel="prev" href="/s/{channel}?before={first + 1}">' if first > 0 else ""
    body = "".join(page)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'{prev}</head><body><section class="tgme_channel_history js-message_history">'
        f"{body}</section></body></html>"
    ).encode()


def mastodon_status(item: dict[str, Any], end: datetime, host: str, seq: int) -> dict[str, Any]:
    when = published(item, end)
    status_id = str((int(when.timestamp() * 1000) << 16) + seq)
    user = item["author"]
    eng = item.get("eng") or {}
    return {
        "id": status_id,
        "created_at": when.isoformat().replace("+00:00", "Z"),
        "uri": f"https://{host}/users/{user}/statuses/{status_id}",
        "url": f"https://{host}/@{user}/{status_id}",
        "content": item["text"],
        "language": _lang_code(item["lang"]),
        "visibility": "public",
        "spoiler_text": "",
        "account": {
            "id": str(int(hashlib.sha256(user.encode()).hexdigest()[:8], 16)),
            "username": user,
            "acct": user,
            "display_name": user.split("_")[0].capitalize() + " (demo)",
        },
        "favourites_count": eng.get("likes", 0),
        "reblogs_count": eng.get("reposts", 0),
        "replies_count": eng.get("replies", 0),
        "tags": [{"name": "govdigital"}],
    }


def bluesky_post(item: dict[str, Any], end: datetime) -> dict[str, Any]:
    when = published(item, end).isoformat().replace("+00:00", "Z")
    handle = item["author"].replace("_", "-") + ".demo-bsky.invalid"
    did = "did:plc:demo" + item["id"].replace("-", "")
    eng = item.get("eng") or {}
    return {
        "uri": f"at://{did}/app.bsky.feed.post/{item['id'].replace('-', '')}",
        "cid": "bafydemo" + item["id"].replace("-", ""),
        "author": {"did": did, "handle": handle, "displayName": item["author"] + " (demo)"},
        "record": {
            "$type": "app.bsky.feed.post",
            "text": item["text"],
            "createdAt": when,
            "langs": [_lang_code(item["lang"])],
        },
        "indexedAt": when,
        "likeCount": eng.get("likes", 0),
        "repostCount": eng.get("reposts", 0),
        "replyCount": eng.get("replies", 0),
        "quoteCount": 0,
    }


def write_export(path: Path, items: Sequence[dict[str, Any]], end: datetime) -> None:
    """The 'media monitoring export' CSV, dates in the exporting tool's local time."""
    zone = ZoneInfo(CSV_ZONE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for item in sorted(items, key=lambda i: (-i["t"], i["id"])):
            eng = item.get("eng") or {}
            row = {
                "id": item["id"], "platform": item.get("platform", ""), "author": item["author"],
                "published": published(item, end).astimezone(zone).strftime(CSV_DATE_FORMAT),
                "language": "" if item["id"].endswith("7") else _lang_code(item["lang"]),
                "title": "", "text": item["text"], "likes": eng.get("likes", ""),
                "reposts": eng.get("reposts", ""), "replies": eng.get("replies", ""),
                "url": _item_url(item),
            }  # fmt: skip
            for key in ("published", "likes", "text"):
                if key in item:
                    row[key] = item[key]
            values = [str(row[c]) for c in CSV_COLUMNS]
            writer.writerow(values[:5] if item.get("broken") == "fields" else values)


class CorpusServer:
    """ThreadingHTTPServer on 127.0.0.1 (random port) answering like the real services do."""

    def __init__(self, corpus: Corpus, *, end: datetime, cutoff: datetime) -> None:
        self.feeds: dict[str, bytes] = {}
        self.telegram: dict[str, tuple[str, list[str]]] = {}
        self.mastodon: dict[str, list[dict[str, Any]]] = {}
        self.bluesky: dict[str, list[dict[str, Any]]] = {}
        self._index(corpus, end, cutoff)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def _index(self, corpus: Corpus, end: datetime, cutoff: datetime) -> None:
        for spec in corpus.sources:
            items = [i for i in corpus.of(spec["key"]) if published(i, end) <= cutoff]
            items.sort(key=lambda i: (-i["t"], i["id"]))  # oldest first
            options, kind = spec.get("options") or {}, spec["kind"]
            if kind == "rss":
                self.feeds[spec["key"]] = render_rss(spec, items, end)
            elif kind == "telegram":
                channel = options["channel"]
                messages = [_telegram_message(channel, n, i, end) for n, i in enumerate(items, 1)]
                self.telegram[channel] = (spec["name"], messages)
            elif kind == "mastodon":
                statuses = [mastodon_status(i, end, "demo.social.invalid", n)
                            for n, i in enumerate(items)]  # fmt: skip
                self.mastodon[options["tag"].lower()] = statuses[::-1]
            elif kind == "bluesky":
                self.bluesky[options["query"]] = [bluesky_post(i, end) for i in items][::-1]

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> CorpusServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes, str]:
        """(status, content type, body, Link header) for one GET."""
        arg = {k: v[0] for k, v in query.items() if v}
        if (
            path.startswith("/rss/")
            and path.removeprefix("/rss/").removesuffix(".xml") in self.feeds
        ):
            return 200, "application/rss+xml", self.feeds[path[5:-4]], ""
        if path.startswith("/s/") and path[3:] in self.telegram:
            title, messages = self.telegram[path[3:]]
            before = int(arg["before"]) if arg.get("before", "").isdigit() else None
            page = render_telegram_page(path[3:], messages, before, title)
            return 200, "text/html; charset=utf-8", page, ""
        if path.startswith("/api/v1/timelines/tag/"):
            return self._mastodon(path, arg)
        if path == "/xrpc/app.bsky.feed.searchPosts":
            return self._bluesky(arg)
        return 404, "text/plain", b"not found", ""

    def _mastodon(self, path: str, arg: dict[str, str]) -> tuple[int, str, bytes, str]:
        tag = path.rsplit("/", 1)[-1].lower()
        statuses = self.mastodon.get(tag, [])  # newest first
        limit = min(40, int(arg.get("limit", "20")))
        if "min_id" in arg:
            newer = [s for s in statuses if int(s["id"]) > int(arg["min_id"])]
            page = newer[-limit:]
        else:
            older = [
                s for s in statuses if "max_id" not in arg or int(s["id"]) < int(arg["max_id"])
            ]
            page = older[:limit]
        link = ""
        if page:
            url = f"{self.base_url}/api/v1/timelines/tag/{quote(tag)}?limit={limit}"
            older, newer = page[-1]["id"], page[0]["id"]
            link = f'<{url}&max_id={older}>; rel="next", <{url}&min_id={newer}>; rel="prev"'
        body = json.dumps(page, ensure_ascii=False).encode()
        return 200, "application/json; charset=utf-8", body, link

    def _bluesky(self, arg: dict[str, str]) -> tuple[int, str, bytes, str]:
        posts = self.bluesky.get(arg.get("q", ""), [])
        if arg.get("since"):
            since = datetime.fromisoformat(arg["since"].replace("Z", "+00:00"))
            posts = [
                p
                for p in posts
                if datetime.fromisoformat(p["indexedAt"].replace("Z", "+00:00")) >= since
            ]
        offset = int(arg.get("cursor", "0") or 0)
        limit = min(100, int(arg.get("limit", "25")))
        page = posts[offset : offset + limit]
        answer: dict[str, Any] = {"posts": page, "hitsTotal": len(posts)}
        if offset + limit < len(posts):
            answer["cursor"] = str(offset + limit)
        body = json.dumps(answer, ensure_ascii=False).encode()
        return 200, "application/json; charset=utf-8", body, ""


def _handler(server: CorpusServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            status, content_type, body, link = server.answer(parts.path, parse_qs(parts.query))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if link:
                self.send_header("Link", link)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def now_utc() -> datetime:
    return datetime.now(UTC)
