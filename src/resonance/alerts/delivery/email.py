"""E-mail over SMTP: an alert message sent through resonance.mail.send_mail."""

from __future__ import annotations

from resonance.alerts.delivery.base import Message, TransportError
from resonance.config import Settings
from resonance.mail import MailError, send_mail


def send_email(settings: Settings, to: str, message: Message) -> None:
    """Send one message; raises TransportError (permanent when retrying cannot help)."""
    try:
        send_mail(settings, to, message.subject, message.text, message_id=message.delivery_id)
    except MailError as error:
        raise TransportError(str(error), permanent=error.permanent) from error
