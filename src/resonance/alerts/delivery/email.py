"""E-mail over SMTP (smtplib), with STARTTLS and login when configured."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from resonance.alerts.delivery.base import Message, TransportError, setting


def send_email(settings: object, to: str, message: Message) -> None:
    """Send one message; raises TransportError (permanent when retrying cannot help)."""
    host = setting(settings, "smtp_host", "")
    if not host:
        raise TransportError("E-mail is not configured (RESONANCE_SMTP_HOST).", permanent=True)
    email = EmailMessage()
    email["From"] = setting(settings, "smtp_from", "resonance@localhost")
    email["To"] = to
    email["Subject"] = message.subject
    email["Message-ID"] = f"<{message.delivery_id}@resonance>"
    email.set_content(message.text)
    port = int(setting(settings, "smtp_port", 587))
    timeout = float(setting(settings, "smtp_timeout_seconds", 10.0))
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if setting(settings, "smtp_starttls", True):
                smtp.starttls(context=ssl.create_default_context())
            user = setting(settings, "smtp_user", "")
            if user:
                smtp.login(user, setting(settings, "smtp_password", ""))
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
