"""Fixtures of the alert tests: a project with rollups and mentions, local delivery servers."""

from __future__ import annotations

import itertools
import json
import socketserver
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from resonance.alerts.baseline import Occurrence
from resonance.alerts.models import AlertKind, Severity
from resonance.config import Settings
from resonance.ingest.models import Item, RawRecord
from resonance.monitoring.models import Mention, MentionRollup, Project
from resonance.organization.models import Unit
from resonance.sources.models import Source
from resonance.storage.runtime import Database
from resonance.tasks.api import TaskContext
from resonance.tasks.database import DatabaseBackend
from tests.factories import Org, make_org, make_project
from tests.ingest.helpers import make_source

HOUR = timedelta(hours=1)
# A Wednesday, 12:00 UTC; the evaluated window is 09:00-12:00 UTC.
NOW = datetime(2024, 5, 15, 12, 0, tzinfo=UTC)
_seq = itertools.count(1)


# Delivery settings for the local test servers (plain SMTP on a test port, short timeouts).
TEST_DELIVERY: dict[str, Any] = {
    "smtp_port": 25,
    "smtp_starttls": False,
    "smtp_from": "alerts@resonance.test",
    "telegram_api_base": "",
    "webhook_timeout_seconds": 2.0,
}


@pytest.fixture
def org(session: Session) -> Org:
    built = make_org(session)
    session.commit()
    return built


@pytest.fixture
def project(session: Session, org: Org) -> Project:
    made = make_project(session, owner=org.dept_a)
    session.commit()
    return made


@pytest.fixture
def source(session: Session, org: Org) -> Source:
    return make_source(session, org.dept_a, name="Kyiv Daily")


@pytest.fixture
def other_source(session: Session, org: Org) -> Source:
    return make_source(session, org.dept_a, name="Regional Wire")


def seed(
    session: Session,
    project: Project,
    source: Source,
    starts: Iterable[datetime],
    per_hour: int,
    *,
    lang: str = "uk",
    tone: str = "neutral",
    hours: int = 3,
) -> None:
    """Rollup rows of `per_hour` mentions for each hour of the windows starting at `starts`."""
    values = [
        {
            "project_id": project.id,
            "hour": start + k * HOUR,
            "lang": lang,
            "source_id": source.id,
            "tone": tone,
            "mentions": per_hour,
            "reach": per_hour * 10,
        }
        for start in starts
        for k in range(hours)
    ]
    if values:
        session.execute(insert(MentionRollup), values)
        session.flush()


def weeks_before(start: datetime, weeks: int = 8) -> list[datetime]:
    return [start - timedelta(days=7 * k) for k in range(1, weeks + 1)]


def add_mentions(
    session: Session,
    project: Project,
    source: Source,
    at: datetime,
    count: int,
    *,
    cluster: str | None = None,
    title: str = "A story",
    query_ids: list[int] | None = None,
    lang: str = "uk",
    tone: str = "neutral",
) -> None:
    """Items and mentions (not rollups): what the cluster and query drivers read."""
    for _ in range(count):
        n = next(_seq)
        raw = RawRecord(
            source_id=source.id, external_id=f"x{n}", content_hash=f"{n:064d}", payload=b"{}"
        )
        session.add(raw)
        session.flush()
        item = Item(
            raw_id=raw.id,
            source_id=source.id,
            external_id=f"x{n}",
            title=title,
            text=title,
            text_hash=f"{n:064d}",
            lang=lang,
            published_at=at,
            cluster_key=cluster,
        )
        session.add(item)
        session.flush()
        session.add(
            Mention(
                project_id=project.id,
                item_id=item.id,
                query_ids=query_ids or [],
                published_at=at,
                lang=lang,
                source_id=source.id,
                tone=tone,
            )
        )
    session.flush()


def occurrence(
    unit: Unit,
    project: Project | None,
    at: datetime = NOW,
    *,
    kind: AlertKind = AlertKind.VOLUME_SPIKE,
    severity: Severity = Severity.WARNING,
    subject: str = "",
) -> Occurrence:
    explanation = {
        "rule": "volume",
        "observed": 60,
        "expected": 10.0,
        "low": 3.0,
        "high": 20.0,
        "drivers": {
            "sources": [
                {
                    "key": "1",
                    "label": "Kyiv Daily",
                    "observed": 50,
                    "expected": 5.0,
                    "difference": 45.0,
                    "share": 0.9,
                }
            ]
        },
    }
    return Occurrence(
        kind=kind,
        severity=severity,
        unit_id=unit.id,
        project_id=project.id if project else None,
        subject=subject,
        at=at,
        explanation=explanation,
    )


# --- local delivery servers -------------------------------------------------------------------


@dataclass
class Received:
    """What a local server got: (path, headers, body) per request, or raw SMTP transcripts."""

    requests: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answers to give, in order (then 200)
    body: dict[str, Any] = field(default_factory=lambda: {"ok": True})


@pytest.fixture
def http_server() -> Iterator[tuple[str, Received]]:
    """An http.server thread on 127.0.0.1 recording POSTs (webhook and Telegram Bot API)."""
    received = Received()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            received.requests.append((self.path, dict(self.headers.items()), body))
            status = received.statuses.pop(0) if received.statuses else 200
            payload = json.dumps(received.body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            del args

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mailbox:
    messages: list[dict[str, Any]] = field(default_factory=list)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 for smtplib: EHLO, MAIL, RCPT, DATA, QUIT."""

    mailbox: Mailbox

    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self._reply("220 localhost test SMTP")
        sender, recipients = "", []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 localhost")
            elif verb == "MAIL":
                sender = command.partition(":")[2].strip()
                self._reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.partition(":")[2].strip())
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk)
                body = b"".join(data).decode()
                self.mailbox.messages.append({"from": sender, "to": recipients, "data": body})
                self._reply("250 queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("250 OK")


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    """A real SMTP server thread on 127.0.0.1 (a tiny one: enough for smtplib)."""
    from tests.feedback.smtp import local_smtp

    with local_smtp() as served:
        yield served


def task_context(db: Database, settings: Settings, *, attempt: int = 1) -> TaskContext:
    return TaskContext(
        settings=settings,
        db=db,
        backend=DatabaseBackend(db),
        task_id="t",
        attempt=attempt,
        worker_id="tests",
    )


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(var_dir=tmp_path, secret_key="alerts-test", **{**TEST_DELIVERY, **overrides})
