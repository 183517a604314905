"""Retention purge, contact-key rotation and citizens' data requests, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.config import Settings
from resonance.errors import NotFound, PermissionDenied
from resonance.feedback.data_requests import (
    erase_citizen_contact,
    export_citizen_data,
    export_item_data,
)
from resonance.feedback.intake import ContactInput, IntakeKeys, Submission, submit_feedback
from resonance.feedback.models import (
    FeedbackContact,
    FeedbackEvent,
    FeedbackForm,
    FeedbackItem,
    Reply,
)
from resonance.feedback.privacy import purge_expired_items, rekey_contacts
from tests.factories import SYSTEM, Org, actor_of, make_form, make_org, make_project

KEYS = IntakeKeys.from_settings(Settings(secret_key="retention-tests"))
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def org(session: Session) -> Org:
    return make_org(session)


@pytest.fixture
def form(session: Session, org: Org) -> FeedbackForm:
    project = make_project(session, owner=org.dept_a)
    return make_form(session, project=project, retention_days=30)


def _send(
    session: Session,
    form: FeedbackForm,
    text: str,
    *,
    received: datetime,
    email: str = "",
    keys: IntakeKeys = KEYS,
) -> tuple[FeedbackItem, str]:
    receipt = submit_feedback(
        session,
        form=form,
        submission=Submission(
            text=text,
            received_at=received,
            contact=ContactInput(name="Olena", email=email) if email else None,
            consent=bool(email),
        ),
        keys=keys,
        sender_address=f"198.51.100.{abs(hash(text)) % 200}",
        now=received,
    )
    assert receipt.token is not None
    return receipt.item, receipt.token


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_messages_past_retention_go_with_contacts_history_and_replies(
    session: Session, form: FeedbackForm
) -> None:
    old, _ = _send(
        session, form, "Old roof leak", received=NOW - timedelta(days=31), email="a@x.org"
    )
    session.add(Reply(item_id=old.id, body="We fixed it."))
    kept, _ = _send(
        session, form, "New bus stop", received=NOW - timedelta(days=29), email="b@x.org"
    )
    session.flush()
    result = purge_expired_items(session, now=NOW)
    assert (result.items, result.contacts) == (1, 1)
    assert session.scalars(select(FeedbackItem.id)).all() == [kept.id]
    assert _count(session, FeedbackContact) == 1
    assert _count(session, Reply) == 0
    assert session.scalars(select(FeedbackEvent.item_id)).all() == [kept.id]
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "feedback.retention_purge")
    ).one()
    assert entry.actor_label == "housekeeping"
    assert entry.after is not None
    assert (entry.after["items"], entry.after["contacts"]) == (1, 1)
    # Idempotent: a second run finds nothing and writes no audit entry.
    assert purge_expired_items(session, now=NOW).items == 0
    purges = select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "feedback.retention_purge"
    )
    assert session.scalar(purges) == 1


def test_each_form_keeps_messages_for_its_own_period(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    long_form = make_form(session, project=form.project, retention_days=3650)
    _send(session, form, "Short-lived", received=NOW - timedelta(days=100))
    item, _ = _send(session, long_form, "Long-lived", received=NOW - timedelta(days=100))
    assert purge_expired_items(session, now=NOW).items == 1
    assert session.scalars(select(FeedbackItem.id)).all() == [item.id]


def test_rekey_moves_contacts_to_the_new_key_and_keeps_them_readable(
    session: Session, form: FeedbackForm
) -> None:
    old_keys = KEYS
    item, _ = _send(session, form, "Rotate me", received=NOW, email="olena@example.org")
    rotated = IntakeKeys.from_settings(
        Settings(
            secret_key="retention-tests",
            feedback_contact_keys="a-brand-new-contact-secret-0001,derived",
        )
    )
    assert rotated.old_contact_keys == (old_keys.contact_key,)
    assert rekey_contacts(session, keys=rotated, actor=SYSTEM) == 1
    contact = session.scalars(select(FeedbackContact)).one()
    assert contact.email_encrypted is not None
    assert not rotated.cipher().needs_rotation(contact.email_encrypted)
    assert contact.email_index == rotated.cipher().blind_index("olena@example.org")
    only_new = IntakeKeys(contact_key="a-brand-new-contact-secret-0001", source_key="x")
    assert only_new.cipher().decrypt(contact.email_encrypted) == "olena@example.org"
    assert rekey_contacts(session, keys=rotated, actor=SYSTEM) == 0
    del item


def test_a_citizen_downloads_their_data_only_with_the_token(
    session: Session, form: FeedbackForm
) -> None:
    item, token = _send(
        session, form, "Ямa 🚧 <b>here</b>", received=NOW, email="olena@example.org"
    )
    session.add(Reply(item_id=item.id, body="Thanks, we will look."))
    session.flush()
    data = export_citizen_data(session, reference=item.reference, token=token, keys=KEYS)
    assert data["message"] == "Ямa 🚧 <b>here</b>"
    assert data["contact"]["email"] == "olena@example.org"
    assert data["replies"][0]["body"] == "Thanks, we will look."
    assert [e["status"] for e in data["events"]] == ["new"]
    for forged in ("", "forged", token + "x"):
        with pytest.raises(NotFound, match="no feedback with this reference and link"):
            export_citizen_data(session, reference=item.reference, token=forged, keys=KEYS)
    with pytest.raises(NotFound, match="no feedback with this reference and link"):
        export_citizen_data(session, reference="RSN-XXXX-XXXX", token=token, keys=KEYS)
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("feedback.data_export") == 1


def test_a_citizen_erases_their_contact_details_at_once(
    session: Session, form: FeedbackForm
) -> None:
    item, token = _send(session, form, "Call me", received=NOW, email="olena@example.org")
    with pytest.raises(NotFound):
        erase_citizen_contact(session, reference=item.reference, token="forged")
    assert _count(session, FeedbackContact) == 1
    assert erase_citizen_contact(session, reference=item.reference, token=token) is True
    assert _count(session, FeedbackContact) == 0
    assert session.get(FeedbackItem, item.id) is not None  # the message itself stays
    assert erase_citizen_contact(session, reference=item.reference, token=token) is False
    erased = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "feedback.contact_erase")
    ).all()
    assert [e.after for e in erased] == [{"erased": True}, {"erased": False}]


def test_staff_export_needs_manage_projects_on_the_owner_unit(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    item, _ = _send(session, form, "By post", received=NOW, email="olena@example.org")
    lead = actor_of(session, org.users["communication_lead"])
    data = export_item_data(session, lead, reference=item.reference.lower(), keys=KEYS)
    assert data["contact"]["name"] == "Olena"
    other = make_form(session, project=make_project(session, owner=org.dept_b))
    hidden, _ = _send(session, other, "Elsewhere", received=NOW)
    analyst = actor_of(session, org.users["analyst"])
    with pytest.raises(PermissionDenied, match="manage_projects"):
        export_item_data(session, analyst, reference=item.reference, keys=KEYS)
    for actor, reference in (
        (lead, hidden.reference),
        (lead, "RSN-NONE-NONE"),
    ):
        with pytest.raises(NotFound, match="no feedback with the reference"):
            export_item_data(session, actor, reference=reference, keys=KEYS)
