"""Bad input at intake and import: clear errors, nothing lost, nothing leaked."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.errors import Invalid, NotFound, RateLimited
from resonance.feedback.imports import import_feedback
from resonance.feedback.intake import IntakeKeys, RateLimits, Submission, submit_feedback
from resonance.feedback.models import FeedbackForm, FeedbackItem
from resonance.feedback.queries import item_for_citizen
from tests.factories import Org, actor_of, make_form, make_org, make_project

KEYS = IntakeKeys.from_settings(Settings(secret_key="bad-input-tests"))


@pytest.fixture
def org(session: Session) -> Org:
    return make_org(session)


@pytest.fixture
def form(session: Session, org: Org) -> FeedbackForm:
    return make_form(session, project=make_project(session, owner=org.dept_a))


def _send(session: Session, form: FeedbackForm, text: str, sender: str = "203.0.113.9"):  # type: ignore[no-untyped-def]
    return submit_feedback(
        session, form=form, submission=Submission(text=text), keys=KEYS, sender_address=sender
    )


def _count(session: Session) -> int:
    return session.scalar(select(func.count(FeedbackItem.id))) or 0


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x00"])
def test_an_empty_message_is_refused_and_nothing_is_stored(
    session: Session, form: FeedbackForm, text: str
) -> None:
    with pytest.raises(Invalid, match="Write your message") as caught:
        _send(session, form, text)
    assert caught.value.extra["field"] == "text"
    assert _count(session) == 0


def test_a_megabyte_of_text_is_refused_with_its_length_and_the_limit(
    session: Session, form: FeedbackForm
) -> None:
    with pytest.raises(Invalid, match=r"1,000,000 characters long; the limit is 10,000"):
        _send(session, form, "й" * 1_000_000)
    assert _count(session) == 0


def test_html_and_script_are_stored_as_given_text(session: Session, form: FeedbackForm) -> None:
    text = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
    assert _send(session, form, text).item.text == text


def test_emoji_and_mixed_scripts_round_trip_in_nfc(session: Session, form: FeedbackForm) -> None:
    text = "Дах 🏚️ протікає — 屋顶漏水 — mái nhà bị dột — toit qui fuit 👩🏽‍🔧"
    item = _send(session, form, text).item
    session.expire_all()
    assert session.get(FeedbackItem, item.id).text == text  # type: ignore[union-attr]
    decomposed = "cafe\u0301"
    assert _send(session, form, decomposed, sender="203.0.113.10").item.text == "caf\u00e9"


def test_a_double_submit_gives_one_item_and_the_same_reference(
    session: Session, form: FeedbackForm
) -> None:
    first = _send(session, form, "The bridge is closed.")
    second = _send(session, form, "  the BRIDGE is closed. ")
    assert second.duplicate
    assert second.item.id == first.item.id
    assert second.token is None  # the private link is never handed out twice
    assert _count(session) == 1


def test_forged_status_links_are_the_same_404_as_unknown_references(
    session: Session, form: FeedbackForm
) -> None:
    receipt = _send(session, form, "Where is my answer?")
    reference, token = receipt.item.reference, receipt.token
    assert item_for_citizen(session, reference.lower(), token).id == receipt.item.id
    messages = set()
    for ref, tok in (
        (reference, None),
        (reference, ""),
        (reference, "A" * 32),
        ("RSN-2222-2222", token),
    ):
        with pytest.raises(NotFound) as caught:
            item_for_citizen(session, ref, tok)
        messages.add(caught.value.detail)
    assert len(messages) == 1


def test_rate_limits_come_from_settings_and_refuse_without_losing_stored_items(
    session: Session, form: FeedbackForm
) -> None:
    limits = RateLimits.from_settings(
        Settings(feedback_rate_per_address=2, feedback_rate_per_form=3)
    )
    for n in range(2):
        submit_feedback(
            session,
            form=form,
            submission=Submission(text=f"m{n}"),
            keys=KEYS,
            sender_address="a",
            limits=limits,
        )
    with pytest.raises(RateLimited, match="nothing was lost"):
        submit_feedback(
            session,
            form=form,
            submission=Submission(text="m3"),
            keys=KEYS,
            sender_address="a",
            limits=limits,
        )
    submit_feedback(
        session,
        form=form,
        submission=Submission(text="m4"),
        keys=KEYS,
        sender_address="b",
        limits=limits,
    )
    with pytest.raises(RateLimited):  # the whole form's minute is full
        submit_feedback(
            session,
            form=form,
            submission=Submission(text="m5"),
            keys=KEYS,
            sender_address="c",
            limits=limits,
        )
    assert _count(session) == 3


def test_invalid_utf8_and_broken_rows_in_an_import_keep_the_good_rows(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    data = (
        b"text,region,date\n"
        b"Good row one,North,2024-03-01\n"
        b"Bad \xff\xfe bytes row,South,2024-03-02\n"
        b",East,2024-03-03\n"
        b"Bad date row,West,31.02.2024\n"
        b"Good row two,North,\n"
    )
    lead = actor_of(session, org.users["communication_lead"])
    run = import_feedback(session, lead, form.id, filename="broken.csv", data=data, keys=KEYS)
    assert run.rows_imported == 3
    assert [e["row"] for e in run.errors] == [4, 5]
    texts = session.scalars(select(FeedbackItem.text).order_by(FeedbackItem.id)).all()
    assert texts[0] == "Good row one"
    assert texts[1].startswith("Bad ")
    assert texts[1].endswith(" bytes row")
    assert "\x00" not in "".join(texts)
