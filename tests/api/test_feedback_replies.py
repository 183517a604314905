"""The replies API: templates, checking and sending a reply (e-mailed to a local SMTP server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.feedback.handling import change_status
from resonance.feedback.intake import ContactInput, IntakeKeys, Submission, submit_feedback
from resonance.feedback.models import FeedbackItem, FeedbackStatus
from resonance.storage.runtime import Database
from resonance.web.app import create_app
from tests.alerts.conftest import Mailbox
from tests.api.conftest import Api, assert_problem, make_settings
from tests.factories import SYSTEM, Org, make_form, make_project
from tests.feedback.smtp import local_smtp, parsed

ANSWER = (
    "The bus number 12 gets a stop on Sadova street from 1 March; the timetable is on the "
    "city website and on the stop itself."
)
ADDRESS = "petro@example.org"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Mailbox]]:
    with local_smtp() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, smtp: tuple[int, Mailbox]) -> Settings:
    return make_settings(
        tmp_path,
        smtp_host="127.0.0.1",
        smtp_port=smtp[0],
        smtp_starttls=False,
        smtp_timeout_seconds=2.0,
    )


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, db=db)


@pytest.fixture
def item(session: Session, org: Org, settings: Settings) -> tuple[FeedbackItem, str]:
    project = make_project(session, owner=org.dept_a)
    form = make_form(
        session, project=project, collect_contact=True, consent_texts={"en": "We may write."}
    )
    receipt = submit_feedback(
        session,
        form=form,
        submission=Submission(
            text="Please add a bus stop on Sadova street for bus 12.",
            contact=ContactInput(email=ADDRESS),
            consent=True,
        ),
        keys=IntakeKeys.from_settings(settings),
        sender_address="192.0.2.44",
    )
    if receipt.item.status is FeedbackStatus.NEW:
        change_status(session, SYSTEM, receipt.item.id, action="assign")
    session.commit()
    assert receipt.token
    return receipt.item, receipt.token


def _url(item: FeedbackItem, suffix: str = "") -> str:
    return f"/api/v1/projects/{item.project_id}/feedback/{item.id}/replies{suffix}"


def test_templates_are_managed_through_the_api(api: Api, org: Org) -> None:
    body = {"unit_id": org.dept_a.id, "name": "Buses", "language": "en", "body": "On {reference}"}
    created = api.post("/api/v1/reply-templates", as_="focal_point", json=body)
    assert created.status_code == 201, created.text
    template_id = created.json()["id"]
    assert created.headers["Location"].endswith(f"/reply-templates/{template_id}")
    bad = api.post(
        "/api/v1/reply-templates", as_="focal_point", json={**body, "body": "Dear {name}"}
    )
    assert_problem(bad, 422, "{name} is not a placeholder")
    assert_problem(api.post("/api/v1/reply-templates", as_="viewer", json=body), 403)
    listed = api.get("/api/v1/reply-templates", as_="communication_lead", params={"language": "en"})
    assert [t["name"] for t in listed.json()] == ["Buses"]
    patched = api.patch(
        f"/api/v1/reply-templates/{template_id}", as_="focal_point", json={"language": "fr"}
    )
    assert patched.json()["language"] == "fr"
    assert patched.json()["body"] == "On {reference}"
    deleted = api.delete(f"/api/v1/reply-templates/{template_id}", as_="focal_point")
    assert deleted.status_code == 204
    assert_problem(api.get(f"/api/v1/reply-templates/{template_id}"), 404)


def test_a_draft_is_checked_then_refused_then_sent_and_emailed(
    api: Api, item: tuple[FeedbackItem, str], smtp: tuple[int, Mailbox], session: Session
) -> None:
    found, token = item
    checked = api.post(_url(found, "/check"), as_="focal_point", json={"body": "Thank you."})
    assert checked.status_code == 200
    assert [w["code"] for w in checked.json()["warnings"]] == ["generic"]
    refused = api.post(_url(found), as_="focal_point", json={"body": "Thank you."})
    problem = assert_problem(refused, 422, "may answer nothing")
    assert problem["warnings"] == "generic"
    sent = api.post(_url(found), as_="focal_point", json={"body": ANSWER})
    assert sent.status_code == 201, sent.text
    assert sent.json()["email_status"] == "sent"
    _, mailbox = smtp
    [mail] = mailbox.messages
    assert mail["to"] == [f"<{ADDRESS}>"]
    assert found.reference in parsed(mail)["Subject"]
    assert "Sadova street from 1 March" in parsed(mail).get_content()
    listed = api.get(_url(found), as_="viewer").json()
    assert [r["body"] for r in listed] == [ANSWER]
    again = api.post(_url(found, f"/{listed[0]['id']}/retry"), as_="focal_point")
    assert_problem(again, 409, "only a failed or pending one")
    [status] = api.get(
        f"/api/open311/v2/requests/{found.reference}.json", as_=None, params={"token": token}
    ).json()
    assert status["status_notes"] == ANSWER
    session.refresh(found)
    assert found.status is FeedbackStatus.ANSWERED


def test_an_item_is_reached_only_through_its_own_project(
    api: Api, item: tuple[FeedbackItem, str]
) -> None:
    found, _ = item
    wrong = f"/api/v1/projects/{found.project_id + 999}/feedback/{found.id}/replies"
    assert_problem(api.get(wrong), 404)
    assert_problem(api.post(_url(found), as_="viewer", json={"body": ANSWER}), 403)
    assert_problem(api.get(_url(found), as_="nobody"), 403)
