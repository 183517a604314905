"""The HTTP client every connector uses: size caps, redirects, gzip, politeness and robots.txt."""

from __future__ import annotations

import json
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import protego

from resonance.errors import ConnectorError
from resonance.sources._encoding import charset_from_content_type, decode
from resonance.sources._politeness import HostLimiter, origin_of

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ROBOTS_MAX_BYTES = 512 * 1024
BOT_NAME = "ResonanceBot"
MAX_CRAWL_DELAY = 60.0
_PERMANENT_STATUSES = frozenset({400, 401, 402, 403, 404, 405, 406, 410, 411, 414, 415, 451})
_GZIP_TYPES = ("application/gzip", "application/x-gzip", "application/x-gunzip")


@dataclass(frozen=True)
class HttpResponse:
    """A fully read, decompressed response; `text` decodes with charset checks."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes
    links: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        value: str = self.headers.get("content-type", "")
        return value.split(";")[0].strip().lower()

    @property
    def declared_charset(self) -> str | None:
        return charset_from_content_type(self.headers.get("content-type"))

    @property
    def text(self) -> str:
        return decode(self.content, self.declared_charset)[0]

    def json(self) -> Any:
        """The body as JSON; a body that is not JSON is a (temporary) source error."""
        try:
            return json.loads(self.content)
        except ValueError as exc:
            raise ConnectorError(f"{self.url} did not return JSON: {exc}", url=self.url) from exc

    def validators(self) -> dict[str, str]:
        """ETag and Last-Modified to keep in a cursor for the next conditional GET."""
        out: dict[str, str] = {}
        if etag := self.headers.get("etag"):
            out["etag"] = etag
        if modified := self.headers.get("last-modified"):
            out["last_modified"] = modified
        return out


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> int | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0, int(delta + 0.999))


class HttpClient:
    """Thread-safe synchronous client shared by connectors; one per worker process."""

    def __init__(
        self,
        *,
        base_url: str = "http://127.0.0.1:8000",
        user_agent: str | None = None,
        timeout: float = 20.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 5,
        min_interval: float = 1.0,
        max_per_host: int = 2,
        max_wait: float = 30.0,
        robots_ttl: float = 24 * 3600.0,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.user_agent = user_agent or f"{BOT_NAME}/0.1 (+{base_url})"
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.robots_ttl = robots_ttl
        self._clock = clock
        self.limiter = HostLimiter(
            min_interval=min_interval,
            max_per_host=max_per_host,
            max_wait=max_wait,
            clock=clock,
            sleep=sleep,
        )
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            transport=transport,
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._robots: dict[str, tuple[float, protego.Protego | None]] = {}
        self._robots_lock = threading.Lock()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        validators: Mapping[str, Any] | None = None,
        crawl: bool = False,
        max_bytes: int | None = None,
    ) -> HttpResponse:
        """GET with redirects followed by hand (limit, loops), errors as ConnectorError.

        `validators` ({"etag", "last_modified"}) makes it conditional: a 304 comes back with
        `not_modified`. `crawl=True` checks robots.txt on every hop (web pages, sitemaps).
        """
        request_headers = dict(headers or {})
        request_headers.update(_conditional_headers(validators))
        if params:
            url = str(httpx.URL(url, params={k: str(v) for k, v in params.items()}))
        seen: set[str] = set()
        for _hop in range(self.max_redirects + 1):
            if url in seen:
                raise ConnectorError(f"redirect loop at {url}", permanent=False, url=url)
            seen.add(url)
            if crawl:
                self.check_robots(url)
            response = self._request(url, request_headers, max_bytes or self.max_bytes)
            location = response.headers.get("location")
            if response.status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                continue
            return self._check_status(response)
        raise ConnectorError(
            f"more than {self.max_redirects} redirects from {url}", permanent=False, url=url
        )

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets ResonanceBot fetch it."""
        rules = self._robots_for(origin_of(url))
        return rules is None or rules.can_fetch(url, BOT_NAME)

    def check_robots(self, url: str) -> None:
        if not self.allowed(url):
            raise ConnectorError(f"robots.txt disallows {url}", permanent=True, url=url)

    def _robots_for(self, origin: str) -> protego.Protego | None:
        with self._robots_lock:
            cached = self._robots.get(origin)
            if cached and cached[0] > self._clock():
                return cached[1]
            rules = self._fetch_robots(origin)
            self._robots[origin] = (self._clock() + self.robots_ttl, rules)
            return rules

    def _fetch_robots(self, origin: str) -> protego.Protego | None:
        """Rules, or None (allow all) when there is no robots.txt; 5xx raises (try later)."""
        url = f"{origin}/robots.txt"
        try:
            response = self.get(url, max_bytes=ROBOTS_MAX_BYTES)
        except ConnectorError as exc:
            status = exc.extra.get("status")
            if exc.extra.get("size") or (isinstance(status, int) and 400 <= status < 500):
                # As the big crawlers do: a missing or forbidden robots.txt allows everything.
                return None
            raise ConnectorError(
                f"robots.txt of {origin} is unavailable, not crawling: {exc.detail}",
                permanent=False,
                url=url,
                retry_after=exc.extra.get("retry_after"),
            ) from exc
        rules = protego.Protego.parse(response.text)
        delay = rules.crawl_delay(BOT_NAME)
        if delay:
            self.limiter.set_interval(origin, min(float(delay), MAX_CRAWL_DELAY))
        return rules

    def _request(self, url: str, headers: Mapping[str, str], limit: int) -> HttpResponse:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ConnectorError(f"not an http(s) URL: {url}", permanent=True, url=url)
        origin = origin_of(url)
        try:
            with (
                self.limiter.slot(origin),
                self._client.stream("GET", url, headers=headers) as response,
            ):
                content = _read_capped(response, url, limit)
                links = {
                    str(rel): str(link["url"])
                    for rel, link in response.links.items()
                    if rel and link.get("url")
                }
                result = HttpResponse(url, response.status_code, response.headers, content, links)
        except httpx.TimeoutException as exc:
            raise ConnectorError(f"timed out fetching {url}", permanent=False, url=url) from exc
        except httpx.InvalidURL as exc:
            raise ConnectorError(f"invalid URL {url}: {exc}", permanent=True, url=url) from exc
        except httpx.HTTPError as exc:
            raise ConnectorError(f"fetching {url} failed: {exc}", permanent=False, url=url) from exc
        if result.status in (429, 503):
            retry_after = parse_retry_after(result.headers.get("retry-after"))
            if retry_after:
                self.limiter.defer(origin, retry_after)
        return result

    def _check_status(self, response: HttpResponse) -> HttpResponse:
        status, url = response.status, response.url
        if status < 300 or status == 304:
            return response
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            raise ConnectorError(
                f"{url} answered {status} (rate limited or unavailable)",
                permanent=False,
                url=url,
                status=status,
                retry_after=retry_after,
            )
        permanent = status in _PERMANENT_STATUSES or (
            400 <= status < 500 and status not in (408, 425)
        )
        raise ConnectorError(
            f"{url} answered {status}", permanent=permanent, url=url, status=status
        )


def _conditional_headers(validators: Mapping[str, Any] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if not validators:
        return out
    if etag := validators.get("etag"):
        out["If-None-Match"] = str(etag)
    if modified := validators.get("last_modified"):
        out["If-Modified-Since"] = str(modified)
    return out


def _read_capped(response: httpx.Response, url: str, limit: int) -> bytes:
    """Read at most `limit` decoded bytes; gzip/deflate decoded here so a bomb is cut too."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(url, limit, int(declared))
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    decoder = _decoder_for(encoding, url)
    chunks: list[bytes] = []
    size = 0
    for chunk in _decoded(response.iter_raw(), decoder, url, limit):
        size += len(chunk)
        if size > limit:
            raise _too_large(url, limit, None)
        chunks.append(chunk)
    data = b"".join(chunks)
    if data[:2] == b"\x1f\x8b" and _is_gzip_file(response, url):
        data = gunzip(data, url=url, limit=limit)
    return data


def _is_gzip_file(response: httpx.Response, url: str) -> bool:
    content_type = response.headers.get("content-type", "").lower()
    return urlsplit(url).path.endswith(".gz") or content_type.startswith(_GZIP_TYPES)


def _decoder_for(encoding: str, url: str) -> Any:
    if encoding in ("identity", ""):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS)
    raise ConnectorError(f"{url} used unsupported Content-Encoding {encoding!r}", url=url)


def _decoded(raw: Iterator[bytes], decoder: Any, url: str, limit: int) -> Iterator[bytes]:
    if decoder is None:
        yield from raw
        return
    try:
        for chunk in raw:
            data = chunk
            while data:
                # max_length bounds the output per step: a small bomb cannot blow up memory.
                out = decoder.decompress(data, limit + 1)
                data = decoder.unconsumed_tail
                yield out
                if decoder.eof:
                    break
        yield decoder.flush()
    except zlib.error as exc:
        raise ConnectorError(f"{url} sent a corrupt compressed body: {exc}", url=url) from exc
    if not decoder.eof:
        raise ConnectorError(f"{url} sent a truncated compressed body", url=url)


def gunzip(data: bytes, *, url: str, limit: int) -> bytes:
    """Decompress a .gz body (sitemaps) with the same cap and truncation check."""
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    for chunk in _decoded(iter([data]), decoder, url, limit):
        out += chunk
        if len(out) > limit:
            raise _too_large(url, limit, None)
    return bytes(out)


def _too_large(url: str, limit: int, size: int | None) -> ConnectorError:
    told = f" ({size} bytes declared)" if size is not None else ""
    return ConnectorError(
        f"{url} is larger than the {limit}-byte limit{told}; not read",
        permanent=True,
        url=url,
        limit=limit,
        size=size or limit + 1,
    )
