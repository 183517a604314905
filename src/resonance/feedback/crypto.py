"""Encryption at rest and blind indexes for citizens' contact details (AES-GCM, HKDF keys)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from resonance.errors import Invalid

CONTEXT = b"resonance contacts v1"
"""HKDF context label; changing it changes every key, so it carries a version."""
PREFIX = "rc1"
"""Token format version: rc1:<key id>:<base64url(nonce | ciphertext | tag)>."""
_INDEX_CONTEXT = CONTEXT + b" blind index"
_NONCE = 12
_MIN_SECRET = 16


class InvalidToken(Invalid):
    """A token that is malformed, was tampered with, or was sealed with a key we no longer hold."""

    code = "invalid-token"


def _derive(secret: str, info: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info)
    return hkdf.derive(secret.encode("utf-8", "surrogatepass"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def normalise_contact(value: str, *, calling_code: str | None = None) -> str:
    """Canonical form of an e-mail (NFKC, trimmed, case-folded) or a phone (digits, E.164-like).

    With `calling_code` ("380", "33", ...) a national number written with a trunk zero
    ("050 123 45 67") gets the same form as the international one ("+380 50 123 45 67").
    """
    text = unicodedata.normalize("NFKC", value).strip()
    if "@" in text:
        return text.casefold()
    digits = re.sub(r"\D", "", text)
    if digits.startswith("00"):
        return digits[2:]
    if text.startswith("+"):
        return digits
    if calling_code and digits.startswith("0"):
        return calling_code + digits[1:]
    return digits


class ContactCipher:
    """Seals contact details with AES-256-GCM under a key derived from the configured secret."""

    def __init__(self, key: str) -> None:
        if len(key) < _MIN_SECRET:
            raise Invalid(
                f"the contact encryption secret must have at least {_MIN_SECRET} characters"
            )
        self._aead = AESGCM(_derive(key, CONTEXT))
        self._index_key = _derive(key, _INDEX_CONTEXT)
        # A short public fingerprint names the key in each token, so rotation needs no trial.
        self.key_id = hashlib.sha256(self._index_key + b"key id").hexdigest()[:8]

    def encrypt(self, plaintext: str) -> str:
        """A fresh random nonce each time: equal inputs give different tokens."""
        nonce = os.urandom(_NONCE)
        header = f"{PREFIX}:{self.key_id}"
        sealed = self._aead.encrypt(
            nonce, plaintext.encode("utf-8", "surrogatepass"), header.encode("ascii")
        )
        return f"{header}:{_b64(nonce + sealed)}"

    def decrypt(self, token: str) -> str:
        """The plaintext, or `InvalidToken` if the token is malformed, altered or not ours."""
        prefix, key_id, body = _split(token)
        if key_id != self.key_id:
            raise InvalidToken("the token was sealed with another key")
        try:
            raw = _unb64(body)
            opened = self._aead.decrypt(
                raw[:_NONCE], raw[_NONCE:], f"{prefix}:{key_id}".encode("ascii")
            )
        except (InvalidTag, ValueError, binascii.Error) as exc:
            raise InvalidToken("the token cannot be decrypted") from exc
        return opened.decode("utf-8", "surrogatepass")

    def blind_index(self, value: str, *, calling_code: str | None = None) -> str:
        """HMAC-SHA256 of the normalised contact: finds duplicates and a person's data unseen."""
        canonical = normalise_contact(value, calling_code=calling_code)
        mac = hmac.new(self._index_key, canonical.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return mac.hexdigest()


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(":") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != PREFIX:
        raise InvalidToken("not a contact token of a known version")
    return parts[0], parts[1], parts[2]


class MultiKeyCipher:
    """Key rotation: encrypts and indexes with the first secret, decrypts with any of them."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise Invalid("at least one contact encryption secret is needed")
        self.ciphers = [ContactCipher(k) for k in keys]
        self._by_id = {c.key_id: c for c in reversed(self.ciphers)}

    def encrypt(self, plaintext: str) -> str:
        """Sealed with the newest key."""
        return self.ciphers[0].encrypt(plaintext)

    def decrypt(self, token: str) -> str:
        """Opened with whichever configured key sealed it."""
        _, key_id, _ = _split(token)
        cipher = self._by_id.get(key_id)
        if cipher is None:
            raise InvalidToken("the token was sealed with a key that is not configured")
        return cipher.decrypt(token)

    def needs_rotation(self, token: str) -> bool:
        """True when the token was sealed with an older key and should be re-encrypted."""
        return _split(token)[1] != self.ciphers[0].key_id

    def blind_index(self, value: str, *, calling_code: str | None = None) -> str:
        """The index under the newest key (what new rows store)."""
        return self.ciphers[0].blind_index(value, calling_code=calling_code)

    def blind_indexes(self, value: str, *, calling_code: str | None = None) -> list[str]:
        """The index under every key: lookups during a rotation match old and new rows."""
        return [c.blind_index(value, calling_code=calling_code) for c in self.ciphers]
