"""Replies through the services: templates, status moves, e-mail to a real SMTP server, citizens."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.config import Settings
from resonance.errors import Conflict, Invalid, NotFound, PermissionDenied, RateLimited
from resonance.feedback.handling import change_status
from resonance.feedback.intake import ContactInput, Submission, submit_feedback
from resonance.feedback.models import FeedbackItem, FeedbackStatus, Reply
from resonance.feedback.replies import (
    ReplyMailer,
    check_draft,
    citizen_view,
    create_template,
    delete_template,
    list_templates,
    rate_answer,
    reopen_request,
    retry_reply_email,
    send_reply,
    templates_for_item,
    update_template,
)
from resonance.monitoring.models import Project
from tests.alerts.conftest import Mailbox
from tests.factories import FEEDBACK_KEYS, SYSTEM, Org, actor_of, make_form, make_org, make_project
from tests.feedback.smtp import closed_port, local_smtp, parsed

ANSWER = (
    "The repair crew inspects the roof of school 5 on 12 November and replaces the damaged "
    "section by the end of the month; until then the two classrooms stay closed."
)
QUESTION = "Please repair the school roof in Bucha before winter: water drips into two classrooms."
ADDRESS = "olena.citizen@example.org"


@pytest.fixture
def org(session: Session) -> Org:
    return make_org(session)


@pytest.fixture
def project(session: Session, org: Org) -> Project:
    return make_project(session, owner=org.dept_a)


@pytest.fixture
def smtp() -> Iterator[tuple[int, Mailbox]]:
    with local_smtp() as server:
        yield server


def _submit(
    session: Session, project: Project, *, text: str = QUESTION, email: str = ""
) -> tuple[FeedbackItem, str]:
    form = make_form(
        session, project=project, collect_contact=True, consent_texts={"en": "You may write."}
    )
    contact = ContactInput(email=email) if email else None
    receipt = submit_feedback(
        session,
        form=form,
        submission=Submission(text=text, contact=contact, consent=bool(email)),
        keys=FEEDBACK_KEYS,
        sender_address="203.0.113.7",
    )
    assert receipt.token is not None
    return receipt.item, receipt.token


def _assigned(session: Session, project: Project, **kw: str) -> tuple[FeedbackItem, str]:
    item, token = _submit(session, project, **kw)
    if item.status is FeedbackStatus.NEW:
        change_status(session, SYSTEM, item.id, action="assign")
    return item, token


def _mailer(tmp_path: Path, port: int) -> ReplyMailer:
    settings = Settings(
        var_dir=tmp_path,
        secret_key="replies-test",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        smtp_from="answers@resonance.test",
        smtp_timeout_seconds=2.0,
        base_url="https://feedback.example.gov",
    )
    return ReplyMailer(settings, FEEDBACK_KEYS)


def _audit(session: Session, item: FeedbackItem) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(
        AuditEntry.entity_type == "feedback_item", AuditEntry.entity_id == str(item.id)
    )
    return list(session.scalars(stmt.order_by(AuditEntry.id)))


def test_a_reply_to_an_assigned_item_starts_and_answers_it_with_two_audited_events(
    session: Session, org: Org, project: Project
) -> None:
    item, _ = _assigned(session, project)
    focal = actor_of(session, org.users["focal_point"])
    reply = send_reply(session, focal, item.id, body=ANSWER)
    assert item.status is FeedbackStatus.ANSWERED
    assert item.answer == ANSWER
    assert item.answered_at is not None
    assert [e.status for e in item.events][-2:] == [
        FeedbackStatus.IN_PROGRESS,
        FeedbackStatus.ANSWERED,
    ]
    assert reply.email_status == "no_contact"
    assert reply.warnings == []
    actions = [(e.action, (e.after or {}).get("action")) for e in _audit(session, item)]
    assert ("feedback.status", "start") in actions
    assert ("feedback.status", "answer") in actions
    assert actions[-1][0] == "feedback.reply"


def test_a_new_item_must_be_assigned_before_it_is_answered(
    session: Session, org: Org, project: Project
) -> None:
    item, _ = _submit(session, project)
    if item.status is not FeedbackStatus.NEW:
        pytest.skip("routing assigned the item on intake")
    with pytest.raises(Conflict, match="assign it first"):
        send_reply(session, SYSTEM, item.id, body=ANSWER)


def test_a_vacuous_reply_is_refused_until_confirmed_and_nothing_is_stored_before(
    session: Session, org: Org, project: Project
) -> None:
    item, _ = _assigned(session, project)
    with pytest.raises(Invalid) as refused:
        send_reply(session, SYSTEM, item.id, body="Thank you for your message.")
    assert refused.value.extra["warnings"] == "generic"
    assert item.status is FeedbackStatus.ASSIGNED
    assert session.scalars(select(Reply).where(Reply.item_id == item.id)).all() == []
    reply = send_reply(
        session, SYSTEM, item.id, body="Thank you for your message.", confirm_warnings=True
    )
    assert reply.sent_despite_warnings
    assert reply.warnings == ["generic"]
    assert item.status is FeedbackStatus.ANSWERED


def test_people_without_the_answer_permission_cannot_reply(
    session: Session, org: Org, project: Project
) -> None:
    item, _ = _assigned(session, project)
    with pytest.raises(PermissionDenied):
        send_reply(session, actor_of(session, org.users["viewer"]), item.id, body=ANSWER)
    with pytest.raises(NotFound):
        send_reply(session, actor_of(session, org.users["nobody"]), item.id, body=ANSWER)


def test_the_reply_is_emailed_in_its_language_to_the_citizen_only(
    session: Session,
    org: Org,
    project: Project,
    tmp_path: Path,
    smtp: tuple[int, Mailbox],
    caplog: pytest.LogCaptureFixture,
) -> None:
    port, mailbox = smtp
    item, token = _assigned(session, project, email=ADDRESS)
    template = create_template(
        session,
        SYSTEM,
        unit_id=org.dept_a.id,
        name="Ремонт",
        language="uk",
        body="Дякуємо за звернення {reference}.",
    )
    body = (
        f"Дякуємо за звернення {item.reference}. Бригада відремонтує дах школи 5 12 листопада, "
        "а класи до того часу залишаться закритими."
    )
    caplog.set_level(logging.DEBUG)
    reply = send_reply(
        session,
        SYSTEM,
        item.id,
        body=body,
        template_id=template.id,
        mailer=_mailer(tmp_path, port),
    )
    assert reply.email_status == "sent"
    assert reply.language == "uk"
    [mail] = mailbox.messages
    assert mail["to"] == [f"<{ADDRESS}>"]
    message = parsed(mail)
    assert message["Subject"] == f"Відповідь на ваше звернення {item.reference}"
    assert message["Content-Language"] == "uk"
    text = message.get_content()
    assert "Бригада відремонтує дах школи 5" in text
    assert f"https://feedback.example.gov/f/status/{item.reference}" in text
    assert token not in text
    assert QUESTION not in text
    logged = " ".join(str((e.before, e.after)) for e in session.scalars(select(AuditEntry)))
    assert ADDRESS not in logged
    assert ADDRESS not in caplog.text


def test_a_failed_email_keeps_the_reply_and_a_retry_sends_it(
    session: Session, org: Org, project: Project, tmp_path: Path, smtp: tuple[int, Mailbox]
) -> None:
    item, _ = _assigned(session, project, email=ADDRESS)
    reply = send_reply(
        session, SYSTEM, item.id, body=ANSWER, mailer=_mailer(tmp_path, closed_port())
    )
    assert reply.email_status == "failed"
    assert reply.email_error
    assert "SMTP delivery failed" in reply.email_error
    assert ADDRESS not in reply.email_error
    assert item.status is FeedbackStatus.ANSWERED
    assert citizen_view(session, item).replies == [reply]
    port, mailbox = smtp
    retry_reply_email(session, SYSTEM, item.id, reply.id, mailer=_mailer(tmp_path, port))
    assert reply.email_status == "sent"
    assert reply.email_error is None
    assert len(mailbox.messages) == 1
    with pytest.raises(Conflict, match="only a failed or pending one"):
        retry_reply_email(session, SYSTEM, item.id, reply.id, mailer=_mailer(tmp_path, port))
    assert [e.action for e in _audit(session, item)][-1] == "feedback.reply_email_retry"


def test_templates_refuse_unknown_placeholders_and_languages(session: Session, org: Org) -> None:
    def make(body: str, language: str = "en") -> object:
        return create_template(
            session, SYSTEM, unit_id=org.dept_a.id, name="T", language=language, body=body
        )

    with pytest.raises(Invalid, match=r"\{name\} is not a placeholder"):
        make("Dear {name}, about {reference}")
    with pytest.raises(Invalid, match="stray brace"):
        make("About {reference")
    with pytest.raises(Invalid, match="not a language of replies"):
        make("About {reference}", language="de")
    assert make("Braces {{like this}} and {reference} on {date}")


def test_templates_are_scoped_to_their_unit_and_the_units_below(
    session: Session, org: Org, project: Project
) -> None:
    item, _ = _submit(session, project)
    lead = actor_of(session, org.users["communication_lead"])
    focal = actor_of(session, org.users["focal_point"])
    top = create_template(
        session, SYSTEM, unit_id=org.ministry.id, name="Top", language="en", body="From the top."
    )
    own = create_template(
        session, focal, unit_id=org.dept_a.id, name="Own", language="en", body="Ours."
    )
    other = create_template(
        session, SYSTEM, unit_id=org.dept_b.id, name="B", language="en", body="Not yours."
    )
    assert {t.id for t in templates_for_item(session, item)} >= {top.id, own.id}
    assert other.id not in {t.id for t in templates_for_item(session, item)}
    assert [t.id for t in list_templates(session, lead)] == [own.id]
    with pytest.raises(NotFound):
        update_template(session, focal, top.id, name="Mine", language="en", body="Taken.")
    with pytest.raises(NotFound):
        check_draft(session, focal, item.id, body=ANSWER, template_id=other.id)
    with pytest.raises(PermissionDenied):
        create_template(
            session,
            actor_of(session, org.users["viewer"]),
            unit_id=org.dept_a.id,
            name="V",
            language="en",
            body="No.",
        )
    delete_template(session, focal, own.id)
    assert [t.id for t in list_templates(session, lead)] == []


def test_the_citizen_rates_once_after_the_answer(
    session: Session, org: Org, project: Project
) -> None:
    item, token = _assigned(session, project)

    def rate(value: int, with_token: str = token) -> FeedbackItem:
        return rate_answer(
            session,
            reference=item.reference,
            token=with_token,
            rating=value,
            keys=FEEDBACK_KEYS,
            sender_address="203.0.113.9",
        )

    with pytest.raises(Conflict, match="no answer to rate"):
        rate(5)
    send_reply(session, SYSTEM, item.id, body=ANSWER)
    with pytest.raises(NotFound):
        rate(5, with_token="forged")
    with pytest.raises(Invalid, match="from 1 to 5"):
        rate(9)
    assert rate(4).rating == 4
    with pytest.raises(Conflict, match="cannot be changed"):
        rate(2)
    assert item.rating == 4
    assert item.rated_at is not None
    entry = _audit(session, item)[-1]
    assert entry.action == "feedback.rate"
    assert entry.actor_label == "citizen"
    assert not citizen_view(session, item).can_rate


def test_the_citizen_reopens_once_and_the_second_time_is_refused_clearly(
    session: Session, org: Org, project: Project
) -> None:
    item, token = _assigned(session, project)
    send_reply(session, SYSTEM, item.id, body=ANSWER)

    def reopen(reason: str = "The classrooms are still wet.") -> FeedbackItem:
        return reopen_request(
            session,
            reference=item.reference,
            token=token,
            reason=reason,
            keys=FEEDBACK_KEYS,
            sender_address="203.0.113.10",
        )

    with pytest.raises(Invalid, match="why"):
        reopen("   ")
    assert citizen_view(session, item).can_reopen
    reopen()
    assert item.status is FeedbackStatus.REOPENED
    assert item.reopen_count == 1
    assert item.events[-1].note == "The classrooms are still wet."
    assert _audit(session, item)[-1].after == {
        "status": "reopened",
        "action": "reopen",
        "by": "citizen",
    }
    send_reply(session, SYSTEM, item.id, body=ANSWER + " The floor dries with heaters.")
    assert item.status is FeedbackStatus.ANSWERED
    assert not citizen_view(session, item).can_reopen
    with pytest.raises(Conflict, match="reopened once already"):
        reopen()
    assert item.status is FeedbackStatus.ANSWERED
    assert item.reopen_count == 1


def test_status_page_actions_are_rate_limited_per_connection(
    session: Session, org: Org, project: Project
) -> None:
    item, token = _assigned(session, project)
    send_reply(session, SYSTEM, item.id, body=ANSWER)
    for _ in range(5):
        with pytest.raises(Invalid):
            rate_answer(
                session,
                reference=item.reference,
                token=token,
                rating=0,
                keys=FEEDBACK_KEYS,
                sender_address="203.0.113.11",
            )
        session.commit()  # a refused action still counts: the attempt row was flushed first
    with pytest.raises(RateLimited):
        rate_answer(
            session,
            reference=item.reference,
            token=token,
            rating=3,
            keys=FEEDBACK_KEYS,
            sender_address="203.0.113.11",
        )
