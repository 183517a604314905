"""E-mail over SMTP (smtplib), with STARTTLS and login when configured."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from resonance.alerts.delivery.base import Message, TransportError
from resonance.config import Settings


def send_email(settings: Settings, to: str, message: Message) -> None:
    """Send one message; raises TransportError (permanent when retrying cannot help)."""
    host = settings.smtp_host
    if not host:
        raise TransportError("E-mail is not configured (RESONANCE_SMTP_HOST).", permanent=True)
    email = EmailMessage()
    email["From"] = settings.smtp_from
    email["To"] = to
    email["Subject"] = message.subject
    email["Message-ID"] = f"<{message.delivery_id}@resonance>"
    email.set_content(message.text)
    port, timeout = settings.smtp_port, settings.smtp_timeout_seconds
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            user = settings.smtp_user
            if user:
                smtp.login(user, settings.smtp_password)
            smtp.send_message(email)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
        raise TransportError(
            f"The SMTP server refused the message: {error}", permanent=True
        ) from error
    except smtplib.SMTPAuthenticationError as error:
        raise TransportError(f"SMTP login failed: {error}", permanent=True) from error
    except smtplib.SMTPNotSupportedError as error:
        raise TransportError(f"The SMTP server lacks STARTTLS: {error}", permanent=True) from error
    except (smtplib.SMTPException, OSError) as error:
        raise TransportError(f"SMTP delivery failed: {error}") from error
