"""In-app: the notification row is the message; the nav shows the unread count."""

from __future__ import annotations

from resonance.alerts.delivery.base import Message


def send_inapp(message: Message) -> None:
    """Nothing leaves the database: an in-app notification is delivered when it is stored."""
    del message
