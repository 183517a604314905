"""Public feedback form, status page, widget and the staff inbox, through HTTP."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from resonance.feedback.handling import create_form
from resonance.feedback.models import FeedbackForm, FeedbackItem
from resonance.monitoring.models import Project
from tests.factories import SYSTEM
from tests.web.conftest import csrf_of

STATUS_LINK = re.compile(r'href="(http://testserver/f/status/(RSN-[A-Z0-9-]+)\?t=[^"]+)"')


def _form(
    session: Session, project: Project, slug: str = "schools-a", **extra: object
) -> FeedbackForm:
    values = {"slug": slug, "titles": {"en": "Tell us about schools"}, "fields": [], **extra}
    form = create_form(session, SYSTEM, project_id=project.id, values=values)
    session.commit()
    return form


def _submit(client: TestClient, slug: str, text: str, **extra: str) -> tuple[int, str]:
    page = client.get(f"/f/{slug}")
    data = {"text": text, "csrf_token": csrf_of(page.text), **extra}
    response = client.post(f"/f/{slug}", data=data)
    return response.status_code, response.text


def _count(session: Session) -> int:
    return session.scalar(select(func.count(FeedbackItem.id))) or 0


def test_a_visitor_submits_and_follows_the_status_link(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"])
    status, html = _submit(client, "schools-a", "The <b>roof</b> of school 5 leaks.")
    assert status == 200, html
    link, reference = STATUS_LINK.search(html).groups()  # type: ignore[union-attr]
    page = client.get(link.removeprefix("http://testserver"))
    assert page.status_code == 200
    assert reference in page.text
    assert "&lt;b&gt;roof&lt;/b&gt;" in page.text
    assert client.get(f"/f/status/{reference}?t=forged").status_code == 404
    assert client.get(f"/f/status/{reference}").status_code == 404


def test_a_post_without_csrf_token_stores_nothing(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"])
    response = client.post("/f/schools-a", data={"text": "hello"})
    assert response.status_code == 403
    assert _count(session) == 0


def test_the_same_message_twice_returns_the_same_reference(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"])
    _, first = _submit(client, "schools-a", "Please fix the bus stop.")
    _, second = _submit(client, "schools-a", "Please  fix the bus stop.")
    reference = STATUS_LINK.search(first).group(2)  # type: ignore[union-attr]
    assert reference in second
    assert _count(session) == 1


def test_a_filled_honeypot_looks_accepted_but_is_held(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"])
    status, html = _submit(client, "schools-a", "Buy cheap pills", website="http://spam")
    assert status == 200
    assert "RSN-" in html
    item = session.scalars(select(FeedbackItem)).one()
    assert item.held_for_moderation
    assert item.held_reason == "honeypot"


def test_abusive_text_is_held_not_dropped(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"])
    _submit(client, "schools-a", "Ці чиновники — мудак на мудаку")
    item = session.scalars(select(FeedbackItem)).one()
    assert item.held_for_moderation
    assert item.held_reason == "abusive-language"


def test_the_rate_limit_refuses_a_flood(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"])
    codes = [_submit(client, "schools-a", f"message number {n}")[0] for n in range(6)]
    assert codes == [200] * 5 + [429]
    assert _count(session) == 5


def test_a_megabyte_of_text_is_refused_with_a_clear_message(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"])
    status, html = _submit(client, "schools-a", "x" * 1_000_000)
    assert status == 422
    assert "the limit is 10,000" in html
    assert _count(session) == 0


def test_invalid_utf8_in_a_form_post_does_not_break(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"])
    page = client.get("/f/schools-a")
    body = b"text=caf%C3%A9+%FF%FE+ok&csrf_token=" + csrf_of(page.text).encode()
    response = client.post(
        "/f/schools-a",
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    # Undecodable bytes become U+FFFD: the message is kept, the rest of it intact.
    assert response.status_code == 200
    item = session.scalars(select(FeedbackItem)).one()
    assert item.text == "caf\u00e9 \ufffd\ufffd ok"


def test_the_widget_is_framed_only_by_allowed_origins(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"], allowed_origins=["https://city.example"])
    allowed = client.get("/f/schools-a/embed", headers={"referer": "https://city.example/page"})
    assert allowed.status_code == 200
    assert (
        "frame-ancestors 'self' https://city.example" in allowed.headers["content-security-policy"]
    )
    assert "x-frame-options" not in allowed.headers
    refused = client.get("/f/schools-a/embed", headers={"referer": "https://evil.example/"})
    assert refused.status_code == 403
    assert "has not allowed this website" in refused.text


def test_the_widget_submits_without_cookies_from_a_third_party_frame(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"], allowed_origins=["https://city.example"])
    frame = {"referer": "https://city.example/page", "origin": "https://city.example"}
    page = client.get("/f/schools-a/embed", headers=frame)
    token = csrf_of(page.text)
    client.cookies.clear()  # browsers do not send our SameSite=Lax cookies into the iframe
    sent = client.post(
        "/f/schools-a/embed",
        data={"text": "The school bus comes too early.", "csrf_token": token},
        headers=frame,
    )
    assert sent.status_code == 200, sent.text
    assert _count(session) == 1
    client.cookies.clear()
    forged = client.post(
        "/f/schools-a/embed",
        data={"text": "Forged.", "csrf_token": token + "x"},
        headers=frame,
    )
    assert forged.status_code == 403
    elsewhere = client.post("/f/schools-a", data={"text": "Other form.", "csrf_token": token})
    assert elsewhere.status_code == 403  # the widget token opens only the widget's own form
    assert _count(session) == 1


def test_staff_of_another_department_cannot_see_an_item(
    client: TestClient,
    session: Session,
    projects: dict[str, Project],
    signed_in: Callable[[str], TestClient],
) -> None:
    _form(session, projects["a"])
    _submit(client, "schools-a", "Call me at +380 44 123 4567 about the school.")
    item = session.scalars(select(FeedbackItem)).one()
    client.cookies.clear()
    viewer = signed_in("viewer")
    page = viewer.get(f"/feedback/items/{item.id}")
    assert page.status_code == 200
    assert "123 4567" not in page.text  # redacted for a role that does not manage the project
    assert item.reference in viewer.get("/feedback").text
    assert viewer.get(f"/feedback/items/{item.id}/contact").status_code == 403


def test_the_inbox_hides_other_departments(
    client: TestClient,
    session: Session,
    projects: dict[str, Project],
    signed_in: Callable[[str], TestClient],
) -> None:
    _form(session, projects["b"], slug="roads-b-form")
    _submit(client, "roads-b-form", "Road to the village is broken.")
    item = session.scalars(select(FeedbackItem)).one()
    client.cookies.clear()
    lead = signed_in("communication_lead")  # a lead of dept_a
    assert lead.get(f"/feedback/items/{item.id}").status_code == 404
    assert item.reference not in lead.get("/feedback").text


def test_contacts_are_shown_only_to_managers_of_the_owner_unit(
    client: TestClient,
    session: Session,
    projects: dict[str, Project],
    signed_in: Callable[[str], TestClient],
) -> None:
    consent = {"en": "You may contact me about this message."}
    _form(session, projects["a"], collect_contact=True, consent_texts=consent)
    form_page = client.get("/f/schools-a")
    assert "You may contact me about this message." in form_page.text
    status, _ = _submit(
        client, "schools-a", "Broken swings", email="olena@example.org", consent="yes"
    )
    assert status == 200
    item = session.scalars(select(FeedbackItem)).one()
    raw = session.scalar(
        text("SELECT email_encrypted FROM feedback_contacts WHERE item_id = :i"), {"i": item.id}
    )
    assert raw is not None
    assert "olena" not in raw
    client.cookies.clear()
    viewer = signed_in("viewer")
    assert "olena@example.org" not in viewer.get(f"/feedback/items/{item.id}").text
    assert viewer.get(f"/feedback/items/{item.id}/contact").status_code == 403
    client.cookies.clear()
    lead = signed_in("communication_lead")
    assert "olena@example.org" in lead.get(f"/feedback/items/{item.id}/contact").text


def test_staff_answer_and_the_citizen_sees_it(
    client: TestClient,
    session: Session,
    projects: dict[str, Project],
    signed_in: Callable[[str], TestClient],
) -> None:
    _form(session, projects["a"])
    _, html = _submit(client, "schools-a", "When will the gym reopen?")
    link = STATUS_LINK.search(html).group(1).removeprefix("http://testserver")  # type: ignore[union-attr]
    item = session.scalars(select(FeedbackItem)).one()
    client.cookies.clear()
    staff = signed_in("communication_lead")
    detail = staff.get(f"/feedback/items/{item.id}")
    token = csrf_of(detail.text)
    for action, answer in (("assign", ""), ("start", ""), ("answer", "In <May>.")):
        posted = staff.post(
            f"/feedback/items/{item.id}/status",
            data={"action": action, "note": "", "answer": answer, "csrf_token": token},
        )
        assert posted.status_code == 303, posted.text
    wrong = staff.post(
        f"/feedback/items/{item.id}/status", data={"action": "start", "csrf_token": token}
    )
    assert wrong.status_code == 422
    client.cookies.clear()
    status = client.get(link).text
    assert "Answered" in status
    assert "In &lt;May&gt;." in status


def test_the_form_editor_validates_the_fields_json(
    session: Session, projects: dict[str, Project], signed_in: Callable[[str], TestClient]
) -> None:
    lead = signed_in("communication_lead")
    page = lead.get("/feedback/forms/new")
    assert page.status_code == 200
    data = {
        "csrf_token": csrf_of(page.text),
        "project_id": str(projects["a"].id),
        "slug": "new-form",
        "title_en": "New form",
        "fields": "[{not json",
        "retention_days": "90",
        "enabled": "yes",
    }
    bad = lead.post("/feedback/forms", data=data)
    assert bad.status_code == 422
    assert "not valid JSON" in bad.text
    data["fields"] = '[{"key": "topic", "type": "text", "labels": {"en": "Topic"}}]'
    made = lead.post("/feedback/forms", data=data)
    assert made.status_code == 303, made.text
    edit = lead.get(made.headers["location"].split("?")[0])
    assert "/f/new-form/embed" in edit.text  # the copy-paste snippet
    assert lead.get("/f/new-form").status_code == 200
