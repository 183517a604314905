"""Plain-text e-mail over SMTP with the deployment's settings (STARTTLS and login when set)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from resonance.config import Settings


class MailError(Exception):
    """Sending failed; `permanent` says that retrying cannot help (bad address, no config)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def send_mail(
    settings: Settings,
    to: str,
    subject: str,
    body: str,
    *,
    message_id: str | None = None,
    language: str | None = None,
) -> None:
    """Send one plain-text message; raises MailError (permanent when retrying cannot help)."""
    host = settings.smtp_host
    if not host:
        raise MailError("E-mail is not configured (RESONANCE_SMTP_HOST).", permanent=True)
    email = EmailMessage()
    email["From"] = settings.smtp_from
    email["To"] = to
    email["Subject"] = subject
    if message_id:
        email["Message-ID"] = f"<{message_id}@resonance>"
    email.set_content(body)
    if language:  # after set_content, which clears every Content-* header
        email["Content-Language"] = language
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
        raise MailError(f"The SMTP server refused the message: {error}", permanent=True) from error
    except smtplib.SMTPAuthenticationError as error:
        raise MailError(f"SMTP login failed: {error}", permanent=True) from error
    except smtplib.SMTPNotSupportedError as error:
        raise MailError(f"The SMTP server lacks STARTTLS: {error}", permanent=True) from error
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"SMTP delivery failed: {error}") from error
