"""The consultations API: create, upload versions, stages, anchors, dispositions, heatmap."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from resonance.feedback.intake import Submission, submit_feedback
from resonance.feedback.models import FeedbackChannel, FeedbackTheme
from resonance.monitoring.models import Project
from tests.api.conftest import Api, assert_problem
from tests.consultation.helpers import comment, draft_bytes
from tests.factories import FEEDBACK_KEYS, Org, make_project


@pytest.fixture
def project(session: Session, org: Org) -> Project:
    made = make_project(session, owner=org.dept_a)
    session.commit()
    return made


def _create(api: Api, project: Project, **extra: object) -> dict[str, object]:
    body = {
        "project_id": project.id,
        "slug": "open-data-api",
        "titles": {"en": "Open data", "vi": "Dữ liệu mở"},
        "language": "en",
        "published": True,
        **extra,
    }
    response = api.post("/api/v1/consultations", json=body, as_="communication_lead")
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def _upload(api: Api, cid: object, name: str, as_: str = "communication_lead"):  # type: ignore[no-untyped-def]
    files = {"file": (name, draft_bytes(name), "text/plain")}
    return api.post(f"/api/v1/consultations/{cid}/versions", files=files, as_=as_)


def test_create_upload_and_read_versions(api: Api, project: Project) -> None:
    created = _create(api, project)
    assert [s["stage"] for s in created["stages"]] == [  # type: ignore[attr-defined]
        "draft_consultation",
        "approval",
        "promulgation",
        "implementation",
    ]
    cid = created["id"]
    first = _upload(api, cid, "en_v1.txt")
    assert first.status_code == 201, first.text
    assert [s["key"] for s in first.json()["sections"]][:3] == ["preamble", "sec-1", "sec-2"]
    second = _upload(api, cid, "en_v2.txt").json()
    assert {c["kind"] for c in second["changes"]} == {"added", "removed", "changed", "moved"}
    again = api.get(f"/api/v1/consultations/{cid}/versions/2", as_="viewer")
    assert again.json()["changes"] == second["changes"]
    assert_problem(_upload(api, cid, "en_v2.txt"), 409, "identical to version 2")
    assert_problem(_upload(api, cid, "en_v2.txt", as_="viewer"), 403)
    listed = api.get(f"/api/v1/consultations?project_id={project.id}", as_="viewer").json()
    assert listed["total"] == 1


def test_a_taken_slug_and_a_bad_file_are_problems(api: Api, project: Project) -> None:
    cid = _create(api, project)["id"]
    body = {"project_id": project.id, "slug": "open-data-api", "titles": {"en": "X"}}
    response = api.post(
        "/api/v1/consultations", json=body | {"language": "en"}, as_="communication_lead"
    )
    assert_problem(response, 409, "already uses the slug")
    files = {"file": ("draft.doc", b"\xd0\xcf\x11\xe0rest", "application/msword")}
    bad = api.post(f"/api/v1/consultations/{cid}/versions", files=files, as_="administrator")
    assert_problem(bad, 422, "DOCX")


def test_stages_are_planned_and_advanced_one_step(api: Api, project: Project) -> None:
    cid = _create(api, project)["id"]
    plan = api.request(
        "PUT",
        f"/api/v1/consultations/{cid}/stages",
        json={"approval": {"starts_on": "2026-04-01", "ends_on": "2026-04-30"}},
        as_="communication_lead",
    )
    assert plan.status_code == 200, plan.text
    assert plan.json()[1]["ends_on"] == "2026-04-30"
    skip = api.post(
        f"/api/v1/consultations/{cid}/stages/advance",
        json={"to": "promulgation", "decisions": {"en": "Skip"}},
        as_="communication_lead",
    )
    assert_problem(skip, 409, "next stage (approval)")
    done = api.post(
        f"/api/v1/consultations/{cid}/stages/advance",
        json={"to": "approval", "decisions": {"en": "Approved by the board."}},
        as_="communication_lead",
    )
    assert done.json()["stage"] == "approval"
    assert done.json()["stages"][1]["decisions"] == {"en": "Approved by the board."}


def test_anchors_dispositions_and_heatmap(api: Api, project: Project, session: Session) -> None:
    from resonance.consultation.models import Consultation

    cid = _create(api, project)["id"]
    _upload(api, cid, "en_v1.txt")
    consultation = session.get(Consultation, cid)
    assert consultation is not None
    mail = submit_feedback(
        session,
        form=consultation.form,
        submission=Submission(
            text="Regarding section 7: the review every two years is too rare. ivan@example.org",
            channel=FeedbackChannel.EMAIL,
        ),
        keys=FEEDBACK_KEYS,
        sender_address="mail-api",
    ).item
    comment(session, consultation, "Fine.", section="sec-7").tone = "positive"
    theme = FeedbackTheme(
        project_id=project.id, consultation_id=cid, key="review", labels={"en": "Reviews"}
    )
    session.add(theme)
    session.commit()
    suggested = api.post(f"/api/v1/consultations/{cid}/anchors/suggest", as_="analyst")
    assert suggested.json() == {"suggested": 1}
    queue = api.get(f"/api/v1/consultations/{cid}/anchors", as_="analyst").json()
    [row] = queue["items"]
    assert row["section_key"] == "sec-7"
    assert "ivan@example.org" not in row["text"]  # the analyst does not manage the project
    confirmed = api.post(
        f"/api/v1/consultations/{cid}/anchors/{mail.id}/confirm", json={}, as_="analyst"
    )
    assert confirmed.json()["anchor_state"] == "confirmed"
    heat = {r["key"]: r for r in api.get(f"/api/v1/consultations/{cid}/heatmap").json()}
    assert heat["sec-7"]["total"] == 2
    assert heat["sec-7"]["tones"] == {"positive": 1, "not_analysed": 1}
    bad = api.request(
        "PUT",
        f"/api/v1/consultations/{cid}/dispositions/{theme.id}",
        json={"disposition": "maybe", "reason": "x"},
        as_="communication_lead",
    )
    assert_problem(bad, 422)
    ok = api.request(
        "PUT",
        f"/api/v1/consultations/{cid}/dispositions/{theme.id}",
        json={"disposition": "partly", "reason": "Every three years."},
        as_="communication_lead",
    )
    assert ok.status_code == 200, ok.text
    rows = api.get(f"/api/v1/consultations/{cid}/dispositions", as_="viewer").json()
    assert rows[0]["label"] == "Reviews"
    assert rows[0]["disposition"] == "partly"


def test_other_units_get_404(api: Api, session: Session, org: Org) -> None:
    other = make_project(session, owner=org.dept_b)
    session.commit()
    created = api.post(
        "/api/v1/consultations",
        json={"project_id": other.id, "slug": "b-only", "titles": {"en": "B"}, "language": "en"},
        as_="administrator",
    )
    assert created.status_code == 201
    cid = created.json()["id"]
    assert_problem(api.get(f"/api/v1/consultations/{cid}", as_="viewer"), 404)
    assert api.get("/api/v1/openapi.json").json()["paths"][
        "/api/v1/consultations/{consultation_id}/heatmap"
    ]
