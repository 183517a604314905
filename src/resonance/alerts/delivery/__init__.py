"""Delivery channels of alerts: in-app, e-mail (SMTP), webhook (signed JSON) and Telegram."""

from __future__ import annotations

from dataclasses import dataclass

from resonance.alerts.delivery.base import KIND_TITLES, Message, TransportError, compose
from resonance.alerts.delivery.email import send_email
from resonance.alerts.delivery.inapp import send_inapp
from resonance.alerts.delivery.telegram import send_telegram
from resonance.alerts.delivery.webhook import SIGNATURE_HEADER, send_webhook, signature
from resonance.alerts.models import Channel
from resonance.config import Settings


@dataclass(frozen=True)
class Target:
    """Where one notification goes: the channel and its address."""

    channel: Channel
    email: str = ""
    webhook_url: str = ""
    webhook_secret: str = ""
    telegram_chat_id: str = ""


def send(settings: Settings, target: Target, message: Message) -> None:
    """Send through the target's channel; raises TransportError."""
    if target.channel is Channel.EMAIL:
        send_email(settings, target.email, message)
    elif target.channel is Channel.WEBHOOK:
        send_webhook(settings, target.webhook_url, target.webhook_secret, message)
    elif target.channel is Channel.TELEGRAM:
        send_telegram(settings, target.telegram_chat_id, message)
    else:
        send_inapp(message)


__all__ = [
    "KIND_TITLES",
    "SIGNATURE_HEADER",
    "Message",
    "Target",
    "TransportError",
    "compose",
    "send",
    "signature",
]
