"""Telegram: the Bot API's sendMessage to a chat id, at a configurable API base URL."""

from __future__ import annotations

import httpx

from resonance.alerts.delivery.base import Message, TransportError
from resonance.config import Settings

TELEGRAM_API = "https://api.telegram.org"
MAX_TEXT = 4096


def send_telegram(settings: Settings, chat_id: str, message: Message) -> None:
    """Send the text; 400/403 (unknown chat, bot blocked) are permanent, 429/5xx are retried."""
    token = settings.telegram_bot_token
    if not token:
        raise TransportError(
            "Telegram is not configured (RESONANCE_TELEGRAM_BOT_TOKEN).", permanent=True
        )
    base = settings.telegram_api_base.rstrip("/")
    timeout = settings.webhook_timeout_seconds
    body = {"chat_id": chat_id, "text": message.text[:MAX_TEXT], "disable_web_page_preview": True}
    try:
        response = httpx.post(f"{base}/bot{token}/sendMessage", json=body, timeout=timeout)
    except httpx.HTTPError as error:
        raise TransportError(f"Telegram request failed: {type(error).__name__}") from error
    if response.is_success:
        return
    # Never put the URL (it holds the bot token) into the error we store.
    permanent = response.status_code in (400, 401, 403, 404)
    raise TransportError(f"Telegram answered {response.status_code}.", permanent=permanent)
