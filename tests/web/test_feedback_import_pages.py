"""Import pages (upload, column map, result, history) and the citizen's data-request buttons."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.feedback.handling import create_form
from resonance.feedback.models import FeedbackContact, FeedbackForm, FeedbackItem
from resonance.monitoring.models import Project
from tests.factories import SYSTEM
from tests.web.conftest import csrf_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feedback_import"
STATUS_LINK = re.compile(r'href="http://testserver(/f/status/(RSN-[A-Z0-9-]+)\?t=([^"]+))"')


def _form(session: Session, project: Project, **extra: object) -> FeedbackForm:
    values = {"slug": "schools-a", "titles": {"en": "Schools"}, "fields": [], **extra}
    form = create_form(session, SYSTEM, project_id=project.id, values=values)
    session.commit()
    return form


def _count(session: Session) -> int:
    return session.scalar(select(func.count(FeedbackItem.id))) or 0


def test_a_manager_imports_a_mailbox_and_sees_per_row_errors(
    signed_in: Callable[[str], TestClient], session: Session, projects: dict[str, Project]
) -> None:
    form = _form(session, projects["a"])
    client = signed_in("communication_lead")
    page = client.get(f"/feedback/forms/{form.id}/imports")
    assert page.status_code == 200
    files = {"file": ("inbox.mbox", (FIXTURES / "mailbox.mbox").read_bytes())}
    response = client.post(
        f"/feedback/forms/{form.id}/imports", data={"csrf_token": csrf_of(page.text)}, files=files
    )
    assert response.status_code == 303, response.text
    result = client.get(response.headers["location"])
    assert "the message has neither a subject nor a text body" in result.text
    assert _count(session) == 5
    history = client.get(f"/feedback/forms/{form.id}/imports")
    assert "inbox.mbox" in history.text


def test_a_csv_is_mapped_with_guessed_columns_before_import(
    signed_in: Callable[[str], TestClient], session: Session, projects: dict[str, Project]
) -> None:
    form = _form(session, projects["a"])
    client = signed_in("communication_lead")
    token = csrf_of(client.get(f"/feedback/forms/{form.id}/imports").text)
    data = (FIXTURES / "feedback_cp1251.csv").read_bytes()
    preview = client.post(
        f"/feedback/forms/{form.id}/imports",
        data={"csrf_token": token},
        files={"file": ("листи.csv", data)},
    )
    assert preview.status_code == 200
    assert '<option value="Текст" selected>' in preview.text  # guessed from a Ukrainian header
    assert _count(session) == 0  # nothing imported before the map is confirmed
    staged = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert staged is not None
    chosen = {"col_text": "Текст", "col_region": "Область", "col_external_id": "Номер"}
    done = client.post(
        f"/feedback/forms/{form.id}/imports/mapped",
        data={"csrf_token": token, "token": staged.group(1), **chosen},
    )
    assert done.status_code == 303, done.text
    assert _count(session) == 4  # no date, e-mail or phone mapped: only the empty text fails
    result = client.get(done.headers["location"])
    assert "the message text is empty" in result.text
    # The staged file is gone: submitting the same map again is refused, nothing doubles.
    again = client.post(
        f"/feedback/forms/{form.id}/imports/mapped",
        data={"csrf_token": token, "token": staged.group(1), **chosen},
    )
    assert again.status_code == 422
    assert "upload it again" in again.text
    assert _count(session) == 4


def test_a_file_of_the_wrong_kind_is_refused_with_a_clear_message(
    signed_in: Callable[[str], TestClient], session: Session, projects: dict[str, Project]
) -> None:
    form = _form(session, projects["a"])
    client = signed_in("communication_lead")
    token = csrf_of(client.get(f"/feedback/forms/{form.id}/imports").text)
    response = client.post(
        f"/feedback/forms/{form.id}/imports",
        data={"csrf_token": token},
        files={"file": ("photo.png", b"\x89PNG\r\n")},
    )
    assert response.status_code == 422
    assert "is not a file one can import" in response.text


def test_import_pages_are_for_managers_of_the_owner_unit(
    signed_in: Callable[[str], TestClient], session: Session, projects: dict[str, Project]
) -> None:
    form = _form(session, projects["b"], slug="roads-b")
    client = signed_in("communication_lead")  # manages dept_a, not dept_b
    assert client.get(f"/feedback/forms/{form.id}/imports").status_code == 404


def _submit_with_contact(client: TestClient) -> tuple[str, str, str]:
    page = client.get("/f/schools-a")
    response = client.post(
        "/f/schools-a",
        data={
            "text": "Please call me about the <script>alert(1)</script> roof.",
            "email": "olena@example.org",
            "consent": "yes",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert response.status_code == 200, response.text
    found = STATUS_LINK.search(response.text)
    assert found is not None
    return found.group(1), found.group(2), found.group(3)


def test_a_citizen_downloads_and_erases_their_data_from_the_status_page(
    client: TestClient, session: Session, projects: dict[str, Project]
) -> None:
    _form(session, projects["a"], collect_contact=True, consent_texts={"en": "You may write."})
    link, reference, token = _submit_with_contact(client)
    status = client.get(link)
    assert "Download my data" in status.text
    csrf = csrf_of(status.text)
    download = client.post(f"/f/status/{reference}/data", data={"t": token, "csrf_token": csrf})
    assert download.status_code == 200
    assert download.headers["content-disposition"] == f'attachment; filename="{reference}.json"'
    assert download.headers["cache-control"] == "no-store"
    data = json.loads(download.text)
    assert data["contact"]["email"] == "olena@example.org"
    assert data["message"].startswith("Please call me about the <script>")
    forged = client.post(f"/f/status/{reference}/data", data={"t": "x", "csrf_token": csrf})
    assert forged.status_code == 404
    assert "olena" not in forged.text
    erased = client.post(
        f"/f/status/{reference}/contact/delete", data={"t": token, "csrf_token": csrf}
    )
    assert erased.status_code == 200
    assert "Your contact details are deleted" in erased.text
    assert session.scalar(select(func.count(FeedbackContact.id))) == 0
    actions = session.scalars(select(AuditEntry.action)).all()
    assert {"feedback.data_export", "feedback.contact_erase"} <= set(actions)


def test_staff_export_a_data_request_by_reference(
    client: TestClient,
    signed_in: Callable[[str], TestClient],
    session: Session,
    projects: dict[str, Project],
) -> None:
    _form(session, projects["a"], collect_contact=True, consent_texts={"en": "You may write."})
    _link, reference, _token = _submit_with_contact(client)
    staff = signed_in("communication_lead")
    page = staff.get("/feedback/data-requests")
    csrf = csrf_of(page.text)
    found = staff.post("/feedback/data-requests", data={"reference": reference, "csrf_token": csrf})
    assert found.status_code == 200
    assert json.loads(found.text)["contact"]["email"] == "olena@example.org"
    missing = staff.post(
        "/feedback/data-requests", data={"reference": "RSN-0000-0000", "csrf_token": csrf}
    )
    assert missing.status_code == 404
    assert "no feedback with the reference" in missing.text
