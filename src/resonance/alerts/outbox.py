"""The delivery outbox: pending notifications, prepared for a channel and marked when done."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from resonance.alerts.delivery import Message, Target, compose
from resonance.alerts.models import Alert, AlertNotification, AlertSubscription
from resonance.monitoring.models import Project
from resonance.organization.models import User
from resonance.storage.base import utcnow

MAX_ERROR = 500


@dataclass(frozen=True)
class Delivery:
    notification_id: int
    target: Target
    message: Message


def prepare_delivery(session: Session, notification_id: int, *, base_url: str) -> Delivery | None:
    """What to send for a pending notification; None when it is sent, failed or gone."""
    note = session.get(AlertNotification, notification_id)
    if note is None or note.status != "pending":
        return None
    alert = session.get(Alert, note.alert_id)
    user = session.get(User, note.user_id)
    sub = session.get(AlertSubscription, note.subscription_id) if note.subscription_id else None
    if alert is None or user is None:
        return None
    project = session.get(Project, alert.project_id) if alert.project_id else None
    name = project.name_in(user.locale or "en") if project else None
    target = Target(
        channel=note.channel,
        email=user.email,
        webhook_url=(sub.webhook_url if sub else None) or "",
        webhook_secret=(sub.webhook_secret if sub else None) or "",
        telegram_chat_id=(sub.telegram_chat_id if sub else None) or "",
    )
    message = compose(alert, project_name=name, base_url=base_url, notification_id=note.id)
    return Delivery(note.id, target, message)


def record_delivery(
    session: Session, notification_id: int, *, error: str | None = None, final: bool = False
) -> None:
    """Mark a notification sent, or count a failed attempt (failed for good when `final`)."""
    note = session.get(AlertNotification, notification_id)
    if note is None:
        return
    note.attempts += 1
    if error is None:
        note.status, note.sent_at, note.error = "sent", utcnow(), None
        return
    note.error = error[:MAX_ERROR]
    if final:
        note.status = "failed"
