"""Feedback imports and data requests through the REST API (multipart upload, problem+json)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.feedback.intake import ContactInput, IntakeKeys, Submission, submit_feedback
from resonance.feedback.models import FeedbackForm, FeedbackItem
from tests.api.conftest import Api, assert_problem
from tests.factories import Org, make_form, make_project

APP_KEYS = IntakeKeys.from_settings(Settings(secret_key="test-secret-key"))  # as make_settings
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feedback_import"


def _form(session: Session, org: Org) -> FeedbackForm:
    form = make_form(session, project=make_project(session, owner=org.dept_a))
    session.commit()
    return form


def test_a_csv_upload_returns_the_run_and_a_reupload_imports_nothing(
    api: Api, session: Session, org: Org
) -> None:
    form = _form(session, org)
    files = {"file": ("листи.csv", (FIXTURES / "feedback_cp1251.csv").read_bytes(), "text/csv")}
    url = f"/api/v1/feedback/forms/{form.id}/imports"
    created = api.post(url, as_="communication_lead", files=files)
    assert created.status_code == 201, created.text
    run = created.json()
    assert (run["rows_total"], run["rows_imported"], run["rows_duplicate"]) == (6, 2, 1)
    assert [e["row"] for e in run["errors"]] == [4, 5, 6]
    again = api.post(url, as_="communication_lead", files=files).json()
    assert (again["rows_imported"], again["rows_duplicate"]) == (0, 3)
    listed = api.get(url, as_="communication_lead").json()
    assert [r["id"] for r in listed] == [again["id"], run["id"]]
    one = api.get(f"/api/v1/feedback/imports/{run['id']}", as_="communication_lead")
    assert one.json()["filename"] == "листи.csv"


def test_a_column_map_and_a_preview(api: Api, session: Session, org: Org) -> None:
    form = _form(session, org)
    data = b"Msg;Where\nThe bridge;North\n"
    preview = api.post(
        f"/api/v1/feedback/forms/{form.id}/imports/preview",
        as_="communication_lead",
        files={"file": ("a.csv", data)},
    )
    assert preview.json() == {
        "headers": ["Msg", "Where"],
        "columns": {},
        "sample": [["The bridge", "North"]],
    }
    url = f"/api/v1/feedback/forms/{form.id}/imports"
    unmapped = api.post(url, as_="communication_lead", files={"file": ("a.csv", data)})
    assert_problem(unmapped, 422, "Choose the column that holds the message text")
    mapped = api.post(
        url,
        as_="communication_lead",
        files={"file": ("a.csv", data)},
        data={"columns": "text=Msg,region=Where"},
    )
    assert mapped.status_code == 201
    assert session.scalar(select(func.count(FeedbackItem.id))) == 1


def test_imports_need_manage_projects_on_the_owner_unit(
    api: Api, session: Session, org: Org
) -> None:
    form = _form(session, org)
    url = f"/api/v1/feedback/forms/{form.id}/imports"
    files = {"file": ("a.csv", b"text\nhello\n")}
    assert_problem(api.post(url, as_="analyst", files=files), 403)
    assert_problem(api.post(url, as_=None, files=files), 401)
    other = make_form(session, project=make_project(session, owner=org.dept_b))
    session.commit()
    hidden = f"/api/v1/feedback/forms/{other.id}/imports"
    assert_problem(api.post(hidden, as_="communication_lead", files=files), 404)
    assert_problem(
        api.post(url, as_="communication_lead", files={"file": ("x.png", b"x")}),
        422,
        "not a file one can import",
    )
    assert session.scalar(select(func.count(FeedbackItem.id))) == 0


def test_staff_export_a_data_request_by_reference(api: Api, session: Session, org: Org) -> None:
    form = _form(session, org)
    receipt = submit_feedback(
        session,
        form=form,
        submission=Submission(
            text="Write to me", contact=ContactInput(email="olena@example.org"), consent=True
        ),
        keys=APP_KEYS,
        sender_address="198.51.100.1",
    )
    session.commit()
    url = f"/api/v1/feedback/data-requests/{receipt.item.reference}"
    assert_problem(api.get(url, as_="analyst"), 403)
    assert_problem(
        api.get("/api/v1/feedback/data-requests/RSN-0000-0000", as_="communication_lead"), 404
    )
    found = api.get(url, as_="communication_lead")
    assert found.status_code == 200
    body = found.json()
    assert body["message"] == "Write to me"
    assert body["reference"] == receipt.item.reference
    assert body["contact"]["email"] == "olena@example.org"
