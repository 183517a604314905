"""Writes on one's own alert subscriptions: which projects, which kinds, which channels."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from resonance.alerts.models import AlertKind, AlertSubscription, Channel
from resonance.alerts.queries import access_subscription_for
from resonance.audit.services import record, snapshot
from resonance.errors import Invalid
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor

FIELDS = frozenset(
    {
        "project_id",
        "kinds",
        "channels",
        "webhook_url",
        "webhook_secret",
        "telegram_chat_id",
        "enabled",
    }
)


def _clean_list(
    values: Sequence[str], allowed: type[AlertKind] | type[Channel], name: str
) -> list[str]:
    known = {m.value for m in allowed}
    given = {str(v) for v in values}
    unknown = sorted(given - known)
    if unknown:
        raise Invalid(f"Unknown {name}: {', '.join(unknown)}.", field=name)
    return sorted(given)


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(
            "A webhook URL starts with http:// or https:// and names a host.", field="webhook_url"
        )
    return url


def _validate(sub: AlertSubscription) -> None:
    if not sub.channels:
        raise Invalid("Choose at least one channel.", field="channels")
    if Channel.WEBHOOK in sub.channels:
        _check_url(sub.webhook_url or "")
        if not sub.webhook_secret:
            sub.webhook_secret = secrets.token_urlsafe(32)
        elif len(sub.webhook_secret) < 16:
            raise Invalid("A webhook secret has at least 16 characters.", field="webhook_secret")
    if Channel.TELEGRAM in sub.channels and not (sub.telegram_chat_id or "").strip():
        raise Invalid("Telegram needs the chat id to send to.", field="telegram_chat_id")


def _audit_values(sub: AlertSubscription) -> dict[str, Any]:
    values = snapshot(sub)
    values["webhook_secret"] = "***" if values.get("webhook_secret") else None
    return values


def _apply(session: Session, actor: Actor, sub: AlertSubscription, changes: dict[str, Any]) -> None:
    unknown = set(changes) - FIELDS
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if changes.get("project_id") is not None:
        access_project_for(session, actor, int(changes["project_id"]))
    if "kinds" in changes:
        changes["kinds"] = _clean_list(changes["kinds"] or [], AlertKind, "kinds")
    if "channels" in changes:
        changes["channels"] = _clean_list(changes["channels"] or [], Channel, "channels")
    for name, value in changes.items():
        setattr(sub, name, value.strip() if isinstance(value, str) else value)
    _validate(sub)


def create_subscription(session: Session, actor: Actor, **values: Any) -> AlertSubscription:
    """Subscribe the actor; a project must be one they may see. Webhooks get a secret."""
    if actor.user_id is None:
        raise Invalid("Only a person can subscribe to alerts.")
    values.setdefault("channels", [Channel.INAPP.value])
    sub = AlertSubscription(user_id=actor.user_id, kinds=[], channels=[], enabled=True)
    _apply(session, actor, sub, dict(values))
    session.add(sub)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity_type="alert_subscription",
        entity_id=sub.id,
        after=_audit_values(sub),
    )
    return sub


def update_subscription(
    session: Session, actor: Actor, subscription_id: int, **changes: Any
) -> AlertSubscription:
    sub = access_subscription_for(session, actor, subscription_id)
    before = _audit_values(sub)
    _apply(session, actor, sub, dict(changes))
    session.flush()
    record(
        session,
        actor=actor,
        action="update",
        entity_type="alert_subscription",
        entity_id=sub.id,
        before=before,
        after=_audit_values(sub),
    )
    return sub


def delete_subscription(session: Session, actor: Actor, subscription_id: int) -> None:
    sub = access_subscription_for(session, actor, subscription_id)
    before = _audit_values(sub)
    session.delete(sub)
    session.flush()
    record(
        session,
        actor=actor,
        action="delete",
        entity_type="alert_subscription",
        entity_id=subscription_id,
        before=before,
    )
