"""Delivery through real local servers: SMTP, a webhook receiver and a Telegram Bot API stand-in."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.alerts.delivery import SIGNATURE_HEADER, TransportError
from resonance.alerts.jobs import deliver, detect, enqueue_pending
from resonance.alerts.models import Alert, AlertNotification, Channel
from resonance.alerts.services import raise_alert
from resonance.alerts.subscriptions import create_subscription
from resonance.monitoring.models import Project
from resonance.sources.models import Source
from resonance.storage.runtime import Database
from resonance.tasks.models import TaskRecord
from tests.alerts.conftest import (
    HOUR,
    NOW,
    Mailbox,
    Received,
    occurrence,
    seed,
    settings_for,
    task_context,
    weeks_before,
)
from tests.factories import Org, actor_of
from tests.ingest.helpers import make_source

SECRET = "s3cret-s3cret-s3cret"


def _pending(session: Session, org: Org, project: Project, **sub: object) -> AlertNotification:
    viewer = org.users["viewer"]
    create_subscription(session, actor_of(session, viewer), **sub)
    raise_alert(session, occurrence(org.dept_a, project), now=NOW)
    session.commit()
    stmt = select(AlertNotification).where(
        AlertNotification.user_id == viewer.id, AlertNotification.channel != Channel.INAPP
    )
    return session.scalars(stmt).one()


def test_email_goes_through_a_real_smtp_server(
    session: Session,
    db: Database,
    org: Org,
    project: Project,
    tmp_path: Path,
    smtp_server: tuple[int, Mailbox],
) -> None:
    port, mailbox = smtp_server
    note = _pending(session, org, project, channels=["email"])
    settings = settings_for(tmp_path, smtp_host="127.0.0.1", smtp_port=port)
    deliver(task_context(db, settings), notification_id=note.id)
    [mail] = mailbox.messages
    assert mail["to"] == [f"<{org.users['viewer'].email}>"]
    assert "Subject: [Resonance] Spike in mentions" in mail["data"]
    assert "Observed 60 mentions, expected 10" in mail["data"]
    assert f"/alerts/{note.alert_id}" in mail["data"]
    session.refresh(note)
    assert note.status == "sent"
    deliver(task_context(db, settings), notification_id=note.id)  # a re-run sends nothing
    assert len(mailbox.messages) == 1


def test_a_signed_webhook_is_retried_through_the_queue_then_delivered(
    session: Session,
    db: Database,
    org: Org,
    project: Project,
    tmp_path: Path,
    http_server: tuple[str, Received],
) -> None:
    url, received = http_server
    note = _pending(session, org, project, channels=["webhook"], webhook_url=f"{url}/hook",
                    webhook_secret=SECRET)  # fmt: skip
    received.statuses = [503]
    settings = settings_for(tmp_path)
    with pytest.raises(TransportError):
        deliver(task_context(db, settings), notification_id=note.id)
    session.refresh(note)
    assert (note.status, note.attempts) == ("pending", 1)
    deliver(task_context(db, settings, attempt=2), notification_id=note.id)
    session.refresh(note)
    assert (note.status, note.attempts) == ("sent", 2)
    path, headers, body = received.requests[-1]
    assert path == "/hook"
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == expected
    assert headers["X-Resonance-Delivery"] == f"alert-notification-{note.id}"
    payload = json.loads(body)
    assert payload["kind"] == "volume_spike"
    assert payload["explanation"]["drivers"]["sources"][0]["label"] == "Kyiv Daily"


def test_a_webhook_that_rejects_the_request_fails_for_good(
    session: Session,
    db: Database,
    org: Org,
    project: Project,
    tmp_path: Path,
    http_server: tuple[str, Received],
) -> None:
    url, received = http_server
    note = _pending(session, org, project, channels=["webhook"], webhook_url=f"{url}/hook")
    received.statuses = [410]
    deliver(task_context(db, settings_for(tmp_path)), notification_id=note.id)
    session.refresh(note)
    assert note.status == "failed"
    assert note.error == "Webhook answered 410."


def test_telegram_send_message_goes_to_the_configured_api_base(
    session: Session,
    db: Database,
    org: Org,
    project: Project,
    tmp_path: Path,
    http_server: tuple[str, Received],
) -> None:
    url, received = http_server
    note = _pending(session, org, project, channels=["telegram"], telegram_chat_id="-100200")
    settings = settings_for(tmp_path, telegram_bot_token="123:abc", telegram_api_base=url)
    deliver(task_context(db, settings), notification_id=note.id)
    path, _headers, body = received.requests[-1]
    assert path == "/bot123:abc/sendMessage"
    sent = json.loads(body)
    assert sent["chat_id"] == "-100200"
    assert sent["text"].startswith("[Resonance] Spike in mentions")
    session.refresh(note)
    assert note.status == "sent"


def test_an_unconfigured_channel_fails_without_retrying(
    session: Session, db: Database, org: Org, project: Project, tmp_path: Path
) -> None:
    note = _pending(session, org, project, channels=["telegram"], telegram_chat_id="42")
    deliver(task_context(db, settings_for(tmp_path)), notification_id=note.id)
    session.refresh(note)
    assert note.status == "failed"
    assert "not configured" in (note.error or "")


def test_the_outbox_sweep_queues_one_task_per_pending_notification(
    session: Session, db: Database, org: Org, project: Project, tmp_path: Path
) -> None:
    note = _pending(session, org, project, channels=["email"])
    ctx = task_context(db, settings_for(tmp_path))
    assert enqueue_pending(ctx) == 1
    assert enqueue_pending(ctx) == 1  # still pending: the unique key adds no second task
    tasks = session.scalars(
        select(TaskRecord).where(TaskRecord.unique_key == f"alert-notification-{note.id}")
    ).all()
    assert [t.name for t in tasks] == ["alerts.deliver"]


def test_the_hourly_job_detects_raises_and_queues_deliveries(
    session: Session, db: Database, org: Org, project: Project, tmp_path: Path
) -> None:
    source: Source = make_source(session, org.dept_a)
    create_subscription(session, actor_of(session, org.users["viewer"]), channels=["email"])
    window = NOW - 3 * HOUR
    seed(session, project, source, weeks_before(window), 10)
    seed(session, project, source, [window], 70)
    session.commit()
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        detect(task_context(db, settings_for(tmp_path)))
    alert = session.scalars(select(Alert).where(Alert.project_id == project.id)).one()
    assert alert.kind.value == "volume_spike"
    queued = session.scalars(select(TaskRecord.name).where(TaskRecord.name == "alerts.deliver"))
    assert list(queued) == ["alerts.deliver"]
