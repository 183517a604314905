"""Reply pages through HTTP: the staff answer form, templates, the citizen's rating and reopen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.feedback.handling import change_status
from resonance.feedback.intake import IntakeKeys, Submission, submit_feedback
from resonance.feedback.models import FeedbackItem, FeedbackStatus, Reply, ReplyTemplate
from resonance.feedback.replies import create_template, send_reply
from resonance.monitoring.models import Project
from tests.factories import SYSTEM, Org, make_form
from tests.web.conftest import csrf_of

QUESTION = "The street lamps on Franko street in Bucha have been dark for two weeks."
ANSWER = (
    "The electricians of the city council replace the lamp controller on Franko street on "
    "Thursday; the street lamps work again from Thursday evening."
)


def _item(session: Session, project: Project, settings: Settings) -> tuple[FeedbackItem, str]:
    form = make_form(session, project=project)
    receipt = submit_feedback(
        session,
        form=form,
        submission=Submission(text=QUESTION),
        keys=IntakeKeys.from_settings(settings),
        sender_address="198.51.100.77",
    )
    item = receipt.item
    if item.status is FeedbackStatus.NEW:
        change_status(session, SYSTEM, item.id, action="assign")
    session.commit()
    assert receipt.token
    return item, receipt.token


@pytest.fixture
def assigned(
    session: Session, projects: dict[str, Project], settings: Settings
) -> tuple[FeedbackItem, str]:
    return _item(session, projects["a"], settings)


@pytest.fixture
def answered(session: Session, assigned: tuple[FeedbackItem, str]) -> tuple[FeedbackItem, str]:
    send_reply(session, SYSTEM, assigned[0].id, body=ANSWER)
    session.commit()
    return assigned


def test_a_focal_point_checks_sees_warnings_and_sends_anyway(
    signed_in: Callable[[str], TestClient],
    session: Session,
    assigned: tuple[FeedbackItem, str],
) -> None:
    item, _ = assigned
    client = signed_in("focal_point")
    detail = client.get(f"/feedback/items/{item.id}")
    assert f'/feedback/items/{item.id}/replies"' in detail.text
    page = client.get(f"/feedback/items/{item.id}/replies")
    assert page.status_code == 200
    url = f"/feedback/items/{item.id}/replies"
    data = {"csrf_token": csrf_of(page.text), "body": "Thank you for your message."}
    checked = client.post(url, data={**data, "intent": "check"})
    assert checked.status_code == 200
    assert "says nothing specific" in checked.text
    assert 'name="confirm"' in checked.text
    refused = client.post(url, data={**data, "intent": "send"})
    assert refused.status_code == 422
    assert session.scalars(select(Reply).where(Reply.item_id == item.id)).all() == []
    sent = client.post(url, data={**data, "intent": "send", "confirm": "yes"})
    assert sent.status_code == 303
    session.refresh(item)
    assert item.status is FeedbackStatus.ANSWERED
    history = client.get(url)
    assert "sent despite warnings" in history.text
    assert "no e-mail address" in history.text


def test_a_template_prefills_the_reply_and_a_specific_reply_goes_out(
    signed_in: Callable[[str], TestClient],
    session: Session,
    org: Org,
    assigned: tuple[FeedbackItem, str],
) -> None:
    item, _ = assigned
    template = create_template(
        session,
        SYSTEM,
        unit_id=org.ministry.id,
        name="Lamps",
        language="en",
        body="Dear citizen, about {reference}: <fixed>",
    )
    session.commit()
    client = signed_in("focal_point")
    page = client.get(f"/feedback/items/{item.id}/replies?template={template.id}")
    assert f"Dear citizen, about {item.reference}: &lt;fixed&gt;" in page.text
    fragment = client.get(f"/feedback/items/{item.id}/replies", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith("<section")
    assert "<html" not in fragment.text
    body = f"Dear citizen, about {item.reference}: {ANSWER}"
    sent = client.post(
        f"/feedback/items/{item.id}/replies",
        data={
            "csrf_token": csrf_of(page.text),
            "body": body,
            "template_id": str(template.id),
            "intent": "send",
        },
    )
    assert sent.status_code == 303, sent.text
    reply = session.scalars(select(Reply).where(Reply.item_id == item.id)).one()
    assert reply.template_id == template.id
    assert reply.warnings == []


def test_a_viewer_sees_the_replies_but_cannot_send(
    signed_in: Callable[[str], TestClient], answered: tuple[FeedbackItem, str]
) -> None:
    item, _ = answered
    client = signed_in("viewer")
    page = client.get(f"/feedback/items/{item.id}/replies")
    assert page.status_code == 200
    assert "Franko street on Thursday" in page.text
    assert 'name="intent"' not in page.text
    refused = client.post(
        f"/feedback/items/{item.id}/replies",
        data={"csrf_token": csrf_of(client.get("/feedback/templates").text), "body": ANSWER},
    )
    assert refused.status_code == 403


def test_templates_are_created_refused_edited_and_deleted(
    signed_in: Callable[[str], TestClient], session: Session, org: Org
) -> None:
    client = signed_in("focal_point")
    page = client.get("/feedback/templates")
    token = csrf_of(page.text)
    data = {"csrf_token": token, "name": "Roads", "language": "en", "unit_id": str(org.dept_a.id)}
    bad = client.post("/feedback/templates", data={**data, "body": "Dear {name}"})
    assert bad.status_code == 422
    assert "{name} is not a placeholder" in bad.text
    assert "Dear {name}" in bad.text  # the text typed is kept
    good = client.post("/feedback/templates", data={**data, "body": "About {reference}."})
    assert good.status_code == 303
    template = session.scalars(select(ReplyTemplate)).one()
    edit = client.get(f"/feedback/templates/{template.id}")
    assert edit.status_code == 200
    assert "About {reference}." in edit.text
    saved = client.post(
        f"/feedback/templates/{template.id}",
        data={"csrf_token": token, "name": "Roads", "language": "uk", "body": "Про {reference}."},
    )
    assert saved.status_code == 303
    session.refresh(template)
    assert template.language == "uk"
    gone = client.post(f"/feedback/templates/{template.id}/delete", data={"csrf_token": token})
    assert gone.status_code == 303
    assert session.scalars(select(ReplyTemplate)).all() == []


def test_the_citizen_rates_once_on_the_status_page(
    client: TestClient, session: Session, answered: tuple[FeedbackItem, str]
) -> None:
    item, token = answered
    page = client.get(f"/f/status/{item.reference}?t={token}")
    assert ANSWER in page.text
    assert 'name="rating"' in page.text
    csrf = csrf_of(page.text)
    url = f"/f/status/{item.reference}/rate"
    assert client.post(url, data={"t": token, "rating": "4"}).status_code == 403  # no CSRF
    rated = client.post(url, data={"t": token, "rating": "4", "csrf_token": csrf})
    assert rated.status_code == 303
    assert rated.headers["location"].startswith(f"/f/status/{item.reference}?t=")
    session.refresh(item)
    assert item.rating == 4
    again = client.post(url, data={"t": token, "rating": "1", "csrf_token": csrf})
    assert again.status_code == 409
    assert "cannot be changed" in again.text
    session.refresh(item)
    assert item.rating == 4
    shown = client.get(f"/f/status/{item.reference}?t={token}")
    assert "4 / 5" in shown.text
    assert 'name="rating"' not in shown.text


def test_the_citizen_reopens_once_and_is_told_why_not_twice(
    client: TestClient, session: Session, answered: tuple[FeedbackItem, str]
) -> None:
    item, token = answered
    csrf = csrf_of(client.get(f"/f/status/{item.reference}?t={token}").text)
    url = f"/f/status/{item.reference}/reopen"
    empty = client.post(url, data={"t": token, "reason": " ", "csrf_token": csrf})
    assert empty.status_code == 422
    assert "Tell us why" in empty.text
    reopened = client.post(url, data={"t": token, "reason": "Still <dark>.", "csrf_token": csrf})
    assert reopened.status_code == 303
    session.refresh(item)
    assert item.status is FeedbackStatus.REOPENED
    assert item.reopen_count == 1
    page = client.get(f"/f/status/{item.reference}?t={token}")
    assert "Still &lt;dark&gt;." in page.text
    send_reply(session, SYSTEM, item.id, body=ANSWER + " A second controller was replaced.")
    session.commit()
    page = client.get(f"/f/status/{item.reference}?t={token}")
    assert "reopened once already" in page.text
    assert 'name="reason"' not in page.text
    second = client.post(url, data={"t": token, "reason": "Again.", "csrf_token": csrf})
    assert second.status_code == 409
    assert "cannot be reopened again" in second.text


def test_a_forged_or_missing_token_gets_the_same_404_as_an_unknown_reference(
    client: TestClient, session: Session, answered: tuple[FeedbackItem, str]
) -> None:
    item, token = answered
    csrf = csrf_of(client.get(f"/f/status/{item.reference}?t={token}").text)
    for action, extra in (("rate", {"rating": "5"}), ("reopen", {"reason": "x"})):
        unknown = client.post(
            f"/f/status/RSN-2222-3333/{action}", data={"t": token, "csrf_token": csrf, **extra}
        )
        assert unknown.status_code == 404
        for forged in ("forged", ""):
            response = client.post(
                f"/f/status/{item.reference}/{action}",
                data={"t": forged, "csrf_token": csrf, **extra},
            )
            assert response.status_code == 404
            assert response.text.replace(item.reference, "REF") == unknown.text.replace(
                "RSN-2222-3333", "REF"
            )
    session.refresh(item)
    assert item.rating is None
    assert item.status is FeedbackStatus.ANSWERED
