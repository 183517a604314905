"""A real HTTP server on 127.0.0.1 for connector tests: fixture files and scripted replies."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CONTENT_TYPES = {
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".rdf": "application/rdf+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".jsonl": "application/x-ndjson",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
}


@dataclass(frozen=True)
class Request:
    """What the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class Reply:
    """A scripted answer: status, headers, body (or chunks streamed until the client hangs up)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunks: Iterable[bytes] | None = None
    content_length: bool = True


Script = Reply | Callable[[Request], Reply]


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, headers={"Location": location})


def endless(chunk: bytes = b"x" * 65536, total: int = 50 * 1024 * 1024) -> Iterator[bytes]:
    """`total` bytes in chunks, generated lazily (a 50 MB page without holding 50 MB)."""
    sent = 0
    while sent < total:
        yield chunk
        sent += len(chunk)


def fixture_bytes(connector: str, name: str) -> bytes:
    return (FIXTURES / connector / name).read_bytes()


def file_reply(connector: str, name: str, **headers: str) -> Reply:
    """A fixture file with the content type of its extension (overridable)."""
    path = FIXTURES / connector / name
    content_type = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    return Reply(200, path.read_bytes(), {"Content-Type": content_type, **headers})


class FixtureServer:
    """ThreadingHTTPServer on a random port. Unrouted paths serve tests/fixtures/<connector>/."""

    def __init__(self, root: Path = FIXTURES) -> None:
        self.root = root
        self.requests: list[Request] = []
        self._routes: dict[str, list[Script]] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, *scripts: Script) -> None:
        """Answer `path` with the scripts in turn; the last one keeps answering."""
        with self._lock:
            self._routes[path] = list(scripts)

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def __enter__(self) -> FixtureServer:
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

    def _answer(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            scripts = self._routes.get(request.path)
            script = None
            if scripts:
                script = scripts.pop(0) if len(scripts) > 1 else scripts[0]
        if script is None:
            return self._static(request)
        return script(request) if callable(script) else script

    def _static(self, request: Request) -> Reply:
        path = (self.root / request.path.lstrip("/")).resolve()
        if not path.is_file() or self.root.resolve() not in path.parents:
            return Reply(404, b"not found", {"Content-Type": "text/plain"})
        data = path.read_bytes()
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if request.headers.get("if-none-match") == etag:
            return Reply(304, headers={"ETag": etag})
        content_type = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
        return Reply(200, data, {"Content-Type": content_type, "ETag": etag})

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                request = Request(
                    "GET",
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                )
                reply = server._answer(request)
                if reply.delay:
                    time.sleep(reply.delay)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.chunks is None and reply.content_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if reply.chunks is not None:
                    for chunk in reply.chunks:
                        self.wfile.write(chunk)
                else:
                    self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler
