"""Feedback intake services: references, dedupe, holds, encrypted contacts, staff writes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.config import Settings
from resonance.errors import Invalid, NotFound, PermissionDenied, RateLimited
from resonance.feedback import abuse
from resonance.feedback.handling import (
    change_status,
    create_form,
    purge_expired_contacts,
    release_item,
    view_contact,
)
from resonance.feedback.intake import (
    ContactInput,
    IntakeKeys,
    RateLimits,
    Submission,
    new_reference,
    submit_feedback,
)
from resonance.feedback.models import FeedbackContact, FeedbackForm, FeedbackItem, FeedbackStatus
from resonance.feedback.queries import item_for_citizen
from resonance.storage.base import utcnow
from tests.factories import SYSTEM, Org, actor_of, make_org, make_project

KEYS = IntakeKeys.from_settings(Settings(secret_key="intake-tests"))


@pytest.fixture
def org(session: Session) -> Org:
    return make_org(session)


def _form(session: Session, org: Org, **extra: object) -> FeedbackForm:
    project = make_project(session, owner=org.dept_a)
    values = {"slug": f"form-{project.id}", "titles": {"en": "Tell us"}, "fields": [], **extra}
    return create_form(session, SYSTEM, project_id=project.id, values=values)


def _send(session: Session, form: FeedbackForm, body: str, **extra: object) -> FeedbackItem:
    receipt = submit_feedback(
        session,
        form=form,
        submission=Submission(text=body, **extra),
        keys=KEYS,  # type: ignore[arg-type]
        sender_address="203.0.113.7",
    )
    return receipt.item


def test_references_are_human_friendly_and_distinct() -> None:
    refs = {new_reference() for _ in range(500)}
    assert len(refs) == 500
    assert all(re.fullmatch(r"RSN-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", r) for r in refs)


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("Вы все дебил", "abusive-language"),
        ("C'est de la merde", "abusive-language"),
        ("这个政策是傻逼想出来的", "abusive-language"),
        ("Đéo ai nghe dân nói", "abusive-language"),
        ("WHY IS NOBODY FIXING THE ROAD IN OUR VILLAGE", "all-caps"),
        ("see http://a.example http://b.example www.c.example", "many-links"),
        ("Please repair the school roof in Bucha.", None),
        ("Scunthorpe asks about class sizes", None),
    ],
)
def test_abuse_heuristics(message: str, reason: str | None) -> None:
    assert abuse.check_text(message).reason == reason


def test_text_is_stored_nfc_and_the_token_opens_the_status(session: Session, org: Org) -> None:
    form = _form(session, org)
    receipt = submit_feedback(
        session, form=form, submission=Submission(text="cafe\u0301"), keys=KEYS, sender_address="x"
    )
    assert receipt.item.text == "caf\u00e9"
    assert receipt.token is not None
    assert receipt.item.token_hash != receipt.token
    assert item_for_citizen(session, receipt.item.reference, receipt.token) is receipt.item
    with pytest.raises(NotFound):
        item_for_citizen(session, receipt.item.reference, receipt.token + "x")


def test_a_repeat_after_the_window_is_a_new_item(session: Session, org: Org) -> None:
    form = _form(session, org)
    now = utcnow()
    first = submit_feedback(
        session,
        form=form,
        submission=Submission(text="same"),
        keys=KEYS,
        sender_address="a",
        now=now - timedelta(hours=1),
    )
    again = submit_feedback(
        session,
        form=form,
        submission=Submission(text="same"),
        keys=KEYS,
        sender_address="a",
        now=now,
    )
    assert not again.duplicate
    assert again.item.id != first.item.id


def test_rate_limit_counts_attempts_per_sender(session: Session, org: Org) -> None:
    form = _form(session, org)
    limits = RateLimits(per_source=2)
    for n in range(2):
        submit_feedback(
            session,
            form=form,
            submission=Submission(text=f"m{n}"),
            keys=KEYS,
            sender_address="b",
            limits=limits,
        )
    with pytest.raises(RateLimited):
        submit_feedback(
            session,
            form=form,
            submission=Submission(text="m3"),
            keys=KEYS,
            sender_address="b",
            limits=limits,
        )


def _contact_item(session: Session, form: FeedbackForm) -> FeedbackItem:
    return _send(
        session,
        form,
        "Please call me back",
        contact=ContactInput(name="Olena K.", email="Olena@Example.org", phone="+380441234567"),
        consent=True,
    )


def test_contacts_are_stored_encrypted_and_shown_only_to_managers(
    session: Session, org: Org
) -> None:
    form = _form(session, org, collect_contact=True, consent_texts={"en": "You may contact me."})
    item = _contact_item(session, form)
    raw = session.execute(
        text("SELECT email_encrypted, name_encrypted FROM feedback_contacts WHERE item_id = :i"),
        {"i": item.id},
    ).one()
    assert "olena@example.org" not in raw[0].lower()
    assert "Olena" not in raw[1]
    contact = session.scalars(select(FeedbackContact)).one()
    assert contact.email_index is not None
    assert contact.purge_after > utcnow() + timedelta(days=364)
    lead = actor_of(session, org.users["communication_lead"])
    shown = view_contact(session, lead, item.id, keys=KEYS)
    assert shown is not None
    assert shown.email == "olena@example.org"
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "feedback.contact_view"))
    assert len(audit.all()) == 1
    with pytest.raises(PermissionDenied):
        view_contact(session, actor_of(session, org.users["analyst"]), item.id, keys=KEYS)


def test_contact_details_need_consent(session: Session, org: Org) -> None:
    form = _form(session, org, collect_contact=True, consent_texts={"en": "You may contact me."})
    with pytest.raises(Invalid, match="consent"):
        _send(session, form, "hi", contact=ContactInput(email="a@example.org"), consent=False)


def test_staff_move_the_status_and_release_held_items(session: Session, org: Org) -> None:
    form = _form(session, org)
    item = _send(session, form, "MERDE, rien ne marche", honeypot="")
    assert item.held_for_moderation
    focal = actor_of(session, org.users["focal_point"])
    release_item(session, focal, item.id)
    assert not item.held_for_moderation
    change_status(session, focal, item.id, action="assign", note="Sent to the schools office")
    assert item.status is FeedbackStatus.ASSIGNED
    with pytest.raises(Invalid):
        change_status(session, focal, item.id, action="close")
    with pytest.raises(PermissionDenied):
        change_status(session, actor_of(session, org.users["analyst"]), item.id, action="start")
    assert [e.note for e in item.events] == ["", "Sent to the schools office"]


def test_form_fields_are_validated(session: Session, org: Org) -> None:
    with pytest.raises(Invalid, match="needs options"):
        _form(session, org, fields=[{"key": "topic", "type": "choice", "labels": {"en": "T"}}])
    with pytest.raises(Invalid, match="Fields"):
        _form(session, org, fields=[{"key": "Bad Key", "type": "text", "labels": {"en": "T"}}])


def test_contacts_past_their_retention_are_purged_and_the_message_stays(
    session: Session, org: Org
) -> None:
    form = _form(session, org, collect_contact=True, consent_texts={"en": "OK"}, retention_days=30)
    item = _contact_item(session, form)
    assert purge_expired_contacts(session, now=utcnow() + timedelta(days=29)) == 0
    assert purge_expired_contacts(session, now=utcnow() + timedelta(days=31)) == 1
    assert session.scalars(select(FeedbackContact)).all() == []
    assert session.get(FeedbackItem, item.id) is not None
