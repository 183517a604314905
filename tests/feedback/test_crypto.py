"""Contact details encrypted at rest: round trips, tampering, key rotation and blind indexes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonance.errors import Invalid
from resonance.feedback.crypto import (
    ContactCipher,
    InvalidToken,
    MultiKeyCipher,
    normalise_contact,
)

OLD = "old-secret-from-configuration-0001"
NEW = "new-secret-from-configuration-0002"


def test_it_round_trips_and_hides_the_plaintext() -> None:
    cipher = ContactCipher(NEW)
    token = cipher.encrypt("Олена Коваль, +380 50 123 45 67")
    assert token.startswith(f"rc1:{cipher.key_id}:")
    assert "380" not in token
    assert cipher.decrypt(token) == "Олена Коваль, +380 50 123 45 67"


def test_equal_inputs_give_different_tokens() -> None:
    cipher = ContactCipher(NEW)
    assert cipher.encrypt("a@b.co") != cipher.encrypt("a@b.co")


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_text_round_trips_even_with_lone_surrogates(text: str) -> None:
    cipher = ContactCipher(NEW)
    assert cipher.decrypt(cipher.encrypt(text)) == text


def test_a_tampered_token_is_rejected() -> None:
    cipher = ContactCipher(NEW)
    token = cipher.encrypt("ivan@ukr.net")
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(InvalidToken):
        cipher.decrypt(flipped)


@pytest.mark.parametrize("token", ["", "rc1", "rc1::", "rc2:abc:def", "rc1:x:!!!", "plain text"])
def test_malformed_tokens_are_rejected(token: str) -> None:
    with pytest.raises(InvalidToken):
        ContactCipher(NEW).decrypt(token)


def test_a_token_from_another_key_is_rejected() -> None:
    token = ContactCipher(OLD).encrypt("x")
    with pytest.raises(InvalidToken):
        ContactCipher(NEW).decrypt(token)


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(Invalid):
        ContactCipher("short")


def test_rotation_decrypts_old_tokens_and_encrypts_with_the_new_key() -> None:
    old_token = ContactCipher(OLD).encrypt("+33 6 12 34 56 78")
    rotating = MultiKeyCipher([NEW, OLD])
    assert rotating.decrypt(old_token) == "+33 6 12 34 56 78"
    assert rotating.needs_rotation(old_token)
    new_token = rotating.encrypt("+33 6 12 34 56 78")
    assert not rotating.needs_rotation(new_token)
    assert ContactCipher(NEW).decrypt(new_token) == "+33 6 12 34 56 78"
    with pytest.raises(InvalidToken):
        MultiKeyCipher([NEW]).decrypt(old_token)


def test_blind_index_matches_the_same_contact_written_differently() -> None:
    cipher = ContactCipher(NEW)
    assert cipher.blind_index(" Ivan.Petrenko@UKR.net ") == cipher.blind_index(
        "ivan.petrenko@ukr.net"
    )
    assert cipher.blind_index("+380 (50) 123-45-67") == cipher.blind_index("00380501234567")
    assert cipher.blind_index("050 123 45 67", calling_code="380") == cipher.blind_index(
        "+380501234567"
    )
    assert cipher.blind_index("a@b.co") != cipher.blind_index("a@b.com")


def test_blind_index_depends_on_the_secret_and_rotation_offers_both() -> None:
    assert ContactCipher(NEW).blind_index("a@b.co") != ContactCipher(OLD).blind_index("a@b.co")
    rotating = MultiKeyCipher([NEW, OLD])
    assert rotating.blind_indexes("a@b.co") == [
        ContactCipher(NEW).blind_index("a@b.co"),
        ContactCipher(OLD).blind_index("a@b.co"),
    ]
    assert rotating.blind_index("a@b.co") == ContactCipher(NEW).blind_index("a@b.co")


def test_normalise_contact_keeps_e164_digits() -> None:
    assert normalise_contact("+86 138 1234 5678") == "8613812345678"
    assert normalise_contact("０５０ １２３", calling_code="380") == "38050123"
