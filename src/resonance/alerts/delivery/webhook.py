"""Webhook: a JSON POST signed with HMAC-SHA256 of the body."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx

from resonance.alerts.delivery.base import Message, TransportError
from resonance.config import Settings

SIGNATURE_HEADER = "X-Resonance-Signature"
DELIVERY_HEADER = "X-Resonance-Delivery"
# Answers that will not change by retrying: the receiver rejects the request as such.
PERMANENT = frozenset({400, 401, 403, 404, 405, 410, 413, 422})


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex>`: what receivers compare (in constant time) with their own computation."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_webhook(settings: Settings, url: str, secret: str, message: Message) -> None:
    """POST the alert; the delivery id header lets the receiver drop a repeated delivery."""
    body = json.dumps(message.payload, ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Resonance-Alerts/1",
        SIGNATURE_HEADER: signature(secret, body),
        DELIVERY_HEADER: message.delivery_id,
    }
    timeout = settings.webhook_timeout_seconds
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as error:
        raise TransportError(f"Webhook request failed: {error}") from error
    if response.is_success:
        return
    permanent = response.status_code in PERMANENT
    raise TransportError(f"Webhook answered {response.status_code}.", permanent=permanent)
