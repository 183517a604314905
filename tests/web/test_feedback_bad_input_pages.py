"""Bad input through HTTP: script text escaped on every page, the widget from a foreign origin."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.feedback.handling import create_form
from resonance.feedback.models import FeedbackForm, FeedbackItem
from resonance.monitoring.models import Project
from tests.factories import SYSTEM
from tests.web.conftest import csrf_of

SCRIPT = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
STATUS_LINK = re.compile(r'href="http://testserver(/f/status/RSN-[A-Z0-9-]+\?t=[^"]+)"')


def _form(session: Session, project: Project, **extra: object) -> FeedbackForm:
    values = {"slug": "schools-a", "titles": {"en": "Schools"}, "fields": [], **extra}
    form = create_form(session, SYSTEM, project_id=project.id, values=values)
    session.commit()
    return form


def _count(session: Session) -> int:
    return session.scalar(select(func.count(FeedbackItem.id))) or 0


def test_script_in_a_message_is_escaped_on_every_page(
    client: TestClient,
    signed_in: Callable[[str], TestClient],
    session: Session,
    projects: dict[str, Project],
) -> None:
    _form(session, projects["a"])
    page = client.get("/f/schools-a")
    sent = client.post("/f/schools-a", data={"text": SCRIPT, "csrf_token": csrf_of(page.text)})
    assert sent.status_code == 200
    link = STATUS_LINK.search(sent.text)
    assert link is not None
    item = session.scalars(select(FeedbackItem)).one()
    assert item.text == SCRIPT  # stored as given: it is text, not markup
    pages = [client.get(link.group(1)).text]
    staff = signed_in("communication_lead")
    pages += [staff.get("/feedback").text, staff.get(f"/feedback/items/{item.id}").text]
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in pages[0]


def test_a_widget_post_from_a_foreign_origin_is_refused_and_stores_nothing(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"], allowed_origins=["https://city.example"])
    frame = {"referer": "https://city.example/page"}
    token = csrf_of(client.get("/f/schools-a/embed", headers=frame).text)
    client.cookies.clear()
    foreign = {"origin": "https://evil.example", "referer": "https://evil.example/x"}
    refused = client.post(
        "/f/schools-a/embed", data={"text": "From elsewhere", "csrf_token": token}, headers=foreign
    )
    assert refused.status_code == 403
    assert _count(session) == 0


def test_a_megabyte_import_row_is_reported_and_the_rest_kept(
    signed_in: Callable[[str], TestClient], session: Session, projects: dict[str, Project]
) -> None:
    form = _form(session, projects["a"])
    client = signed_in("communication_lead")
    token = csrf_of(client.get(f"/feedback/forms/{form.id}/imports").text)
    letter = (
        b"From: a@example.org\nMessage-ID: <big@x>\nSubject: Long\n\n" + b"word " * 200_000 + b"\n"
    )
    response = client.post(
        f"/feedback/forms/{form.id}/imports",
        data={"csrf_token": token},
        files={"file": ("big.eml", letter)},
    )
    assert response.status_code == 303
    result = client.get(response.headers["location"])
    assert "the limit is 10,000" in result.text
    assert _count(session) == 0
