"""Staff and public consultation pages through HTTP on the real app and databases."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.consultation.models import Consultation, ConsultationChange, Stage
from resonance.feedback.models import FeedbackItem, FeedbackTheme
from resonance.monitoring.models import Project
from tests.consultation.helpers import add_version, comment, draft_bytes, make_consultation
from tests.factories import Org, make_project
from tests.web.conftest import csrf_of


@pytest.fixture
def project(session: Session, org: Org) -> Project:
    made = make_project(session, owner=org.dept_a, slug="open-data")
    session.commit()
    return made


@pytest.fixture
def consultation(session: Session, project: Project) -> Consultation:
    made = make_consultation(session, project=project, slug="open-data-policy")
    session.commit()
    return made


def test_a_lead_creates_a_consultation_and_uploads_versions(
    signed_in: Callable[[str], TestClient], project: Project, session: Session
) -> None:
    client = signed_in("communication_lead")
    page = client.get("/consultations/new")
    assert page.status_code == 200
    form = {
        "csrf_token": csrf_of(page.text),
        "project_id": str(project.id),
        "slug": "budget-2027",
        "language": "uk",
        "title_uk": "Бюджет громади 2027",
        "published": "yes",
    }
    created = client.post("/consultations", data=form)
    assert created.status_code == 303
    overview = client.get(created.headers["location"])
    assert "Бюджет громади 2027" in overview.text
    files = {"file": ("zakon.md", draft_bytes("uk.md"), "text/markdown")}
    upload = client.post(
        created.headers["location"].split("?")[0] + "/versions",
        data={"csrf_token": csrf_of(overview.text), "note": "Перша редакція"},
        files=files,
    )
    assert upload.status_code == 303
    public = client.get("/c/budget-2027")
    assert public.status_code == 200
    assert "Стаття 3. Строки проведення консультацій" in public.text
    assert 'id="sec-3"' in public.text


def test_a_bad_upload_is_refused_with_a_form_error(
    signed_in: Callable[[str], TestClient], consultation: Consultation
) -> None:
    client = signed_in("communication_lead")
    overview = client.get(f"/consultations/{consultation.id}")
    response = client.post(
        f"/consultations/{consultation.id}/versions",
        data={"csrf_token": csrf_of(overview.text)},
        files={"file": ("draft.pdf", b"%PDF-1.7 binary", "application/pdf")},
    )
    assert response.status_code == 422
    assert "PDF files are not supported" in response.text
    assert "Version 1" in response.text  # nothing lost: version 1 is still listed


def test_the_create_form_reports_a_bad_slug(
    signed_in: Callable[[str], TestClient], project: Project
) -> None:
    client = signed_in("communication_lead")
    page = client.get("/consultations/new")
    data = {"csrf_token": csrf_of(page.text), "project_id": str(project.id), "slug": "X"}
    response = client.post("/consultations", data=data | {"title_en": "T", "language": "en"})
    assert response.status_code == 422
    assert "lower-case letters" in response.text
    assert 'value="T"' in response.text  # what was typed is kept


def test_writes_need_the_csrf_token(
    signed_in: Callable[[str], TestClient], consultation: Consultation
) -> None:
    client = signed_in("communication_lead")
    response = client.post(
        f"/consultations/{consultation.id}/advance",
        data={"to": "approval", "decision_en": "Approved."},
    )
    assert response.status_code == 403
    review = client.post(f"/consultations/{consultation.id}/anchors/suggest", data={})
    assert review.status_code == 403
    public = client.post("/c/open-data-policy/comment", data={"text": "Hi"})
    assert public.status_code == 403


def test_the_stage_moves_only_by_the_explicit_form(
    signed_in: Callable[[str], TestClient], consultation: Consultation, session: Session
) -> None:
    client = signed_in("communication_lead")
    page = client.get(f"/consultations/{consultation.id}")
    token = csrf_of(page.text)
    assert 'name="to" value="approval"' in page.text
    empty = client.post(
        f"/consultations/{consultation.id}/advance", data={"csrf_token": token, "to": "approval"}
    )
    assert empty.status_code == 422
    assert "Write what was decided" in empty.text
    skip = client.post(
        f"/consultations/{consultation.id}/advance",
        data={"csrf_token": token, "to": "implementation", "decision_en": "Skip!"},
    )
    assert skip.status_code == 409
    done = client.post(
        f"/consultations/{consultation.id}/advance",
        data={"csrf_token": token, "to": "approval", "decision_en": "Sent to the Council."},
    )
    assert done.status_code == 303
    session.expire_all()
    assert session.get(Consultation, consultation.id).stage is Stage.APPROVAL  # type: ignore[union-attr]
    public = client.get("/c/open-data-policy")
    assert "Sent to the Council." in public.text
    assert "Comments are closed." in public.text


def test_viewers_see_but_cannot_change(
    signed_in: Callable[[str], TestClient], consultation: Consultation
) -> None:
    client = signed_in("viewer")
    assert client.get(f"/consultations/{consultation.id}").status_code == 200
    assert client.get(f"/consultations/{consultation.id}/heatmap").status_code == 200
    assert client.get(f"/consultations/{consultation.id}/anchors").status_code == 403
    assert "Move to the next stage" not in client.get(f"/consultations/{consultation.id}").text


def test_other_units_get_404(
    signed_in: Callable[[str], TestClient], session: Session, org: Org
) -> None:
    other = make_consultation(session, project=make_project(session, owner=org.dept_b))
    session.commit()
    client = signed_in("communication_lead")
    assert client.get(f"/consultations/{other.id}").status_code == 404
    assert "Open data policy" not in client.get("/consultations").text


def test_a_citizen_comments_on_a_section_and_the_whole_draft(
    client: TestClient, consultation: Consultation, session: Session
) -> None:
    page = client.get("/c/open-data-policy")
    assert page.status_code == 200
    assert "/c/open-data-policy/comment?section=sec-6" in page.text
    form = client.get("/c/open-data-policy/comment?section=sec-6")
    assert "bespoke extracts" in form.text  # the section is quoted above the form
    sent = client.post(
        "/c/open-data-policy/comment?section=sec-6",
        data={"csrf_token": csrf_of(form.text), "text": "No fees for students, please."},
    )
    assert sent.status_code == 200
    assert "RSN-" in sent.text
    whole = client.post(
        "/c/open-data-policy/comment",
        data={"csrf_token": csrf_of(page.text), "text": "A clear policy."},
    )
    assert whole.status_code == 200
    items = session.scalars(
        select(FeedbackItem).where(FeedbackItem.consultation_id == consultation.id)
    ).all()
    assert sorted((i.section_key or "", i.text) for i in items) == [
        ("", "A clear policy."),
        ("sec-6", "No fees for students, please."),
    ]
    assert client.get("/c/open-data-policy/comment?section=sec-99").status_code == 404
    listed = client.get("/c/open-data-policy/comments?section=sec-6")
    assert "No fees for students, please." in listed.text
    assert "A clear policy." not in listed.text


def test_an_empty_comment_keeps_the_form_with_an_error(
    client: TestClient, consultation: Consultation
) -> None:
    form = client.get("/c/open-data-policy/comment?section=sec-2")
    response = client.post(
        "/c/open-data-policy/comment?section=sec-2",
        data={"csrf_token": csrf_of(form.text), "text": "  "},
    )
    assert response.status_code == 422
    assert "Write your message" in response.text


def test_public_comments_are_escaped_redacted_and_held_ones_hidden(
    client: TestClient, consultation: Consultation, session: Session
) -> None:
    comment(session, consultation, "<script>alert(1)</script> write me at ivan@example.org")
    comment(session, consultation, "Spam spam", section="sec-1").held_for_moderation = True
    session.commit()
    page = client.get("/c/open-data-policy/comments")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "ivan@example.org" not in page.text
    assert "Spam spam" not in page.text
    assert "1 comment" in page.text


def test_comments_are_paginated_newest_first(
    client: TestClient, consultation: Consultation, session: Session
) -> None:
    for k in range(23):
        comment(session, consultation, f"Comment number {k:02d}", section="sec-7")
    session.commit()
    first = client.get("/c/open-data-policy/comments?section=sec-7")
    assert "Comment number 22" in first.text
    assert "Comment number 02" not in first.text
    second = client.get("/c/open-data-policy/comments?section=sec-7&page=2")
    assert "Comment number 02" in second.text
    assert "Page 2 of 2" in second.text


def test_unpublished_consultations_are_404(
    client: TestClient, session: Session, project: Project
) -> None:
    make_consultation(session, project=project, slug="hidden-draft", published=False)
    session.commit()
    for path in ("", "/comments", "/changes", "/comment"):
        assert client.get(f"/c/hidden-draft{path}").status_code == 404
    assert client.get("/c/no-such-thing").status_code == 404


def test_a_chinese_draft_renders_with_its_language(
    client: TestClient, session: Session, project: Project
) -> None:
    zh = make_consultation(
        session,
        project=project,
        slug="zh-draft",
        draft=None,
        titles={"zh": "公众参与办法"},
        language="zh",
    )
    from resonance.consultation.services import import_version
    from tests.consultation.helpers import SYSTEM

    data = draft_bytes("zh.txt").decode("utf-8").encode("gb18030")
    import_version(session, SYSTEM, zh.id, data=data, media_type="text/plain")
    session.commit()
    page = client.get("/c/zh-draft", headers={"Accept-Language": "zh"})
    assert page.status_code == 200
    assert "第四条" in page.text
    assert 'lang="zh"' in page.text
    comment(session, zh, "第五条应当规定听证会的通知期限。", section="sec-5")
    session.commit()
    assert "第五条应当规定" in client.get("/c/zh-draft/comments?section=sec-5").text


def test_changes_show_word_diffs_reasons_and_links(
    signed_in: Callable[[str], TestClient], consultation: Consultation, session: Session
) -> None:
    item = comment(session, consultation, "Update the inventory more often.", section="sec-3-1")
    theme = FeedbackTheme(
        project_id=consultation.project_id,
        consultation_id=consultation.id,
        key="fresh",
        labels={"en": "Fresher inventories"},
    )
    session.add(theme)
    version = add_version(session, consultation, "en_v2.txt")
    session.commit()
    change = session.scalars(
        select(ConsultationChange).where(
            ConsultationChange.to_version_id == version.id,
            ConsultationChange.section_key == "sec-3-1",
        )
    ).one()
    client = signed_in("communication_lead")
    page = client.get(f"/consultations/{consultation.id}/versions/2")
    assert "<del>six</del><ins>three</ins>" in page.text
    token = csrf_of(page.text)
    base = f"/consultations/{consultation.id}/changes/{change.id}"
    reason = client.post(
        base + "/reason", data={"csrf_token": token, "number": "2", "reason": "Residents asked."}
    )
    assert reason.status_code == 303
    bad = client.post(
        base + "/links", data={"csrf_token": token, "number": "2", "reference": "RSN-NOPE"}
    )
    assert bad.status_code == 422
    assert "is not a comment on this consultation" in bad.text
    linked = client.post(
        base + "/links", data={"csrf_token": token, "number": "2", "reference": item.reference}
    )
    assert linked.status_code == 303
    client.post(base + "/links", data={"csrf_token": token, "number": "2", "theme": theme.id})
    disposition = client.post(
        f"/consultations/{consultation.id}/dispositions/{theme.id}",
        data={"csrf_token": token, "disposition": "accepted", "reason": "Quarterly now."},
    )
    assert disposition.status_code == 303
    public = client.get("/c/open-data-policy")
    assert "Fresher inventories" in public.text
    assert "Quarterly now." in public.text
    assert "Residents asked." in public.text
    changes = client.get("/c/open-data-policy/changes")
    assert "<del>six</del><ins>three</ins>" in changes.text


def test_a_disposition_without_reason_keeps_the_form(
    signed_in: Callable[[str], TestClient], consultation: Consultation, session: Session
) -> None:
    theme = FeedbackTheme(
        project_id=consultation.project_id, consultation_id=consultation.id, key="k", labels={}
    )
    session.add(theme)
    session.commit()
    client = signed_in("communication_lead")
    page = client.get(f"/consultations/{consultation.id}/dispositions")
    response = client.post(
        f"/consultations/{consultation.id}/dispositions/{theme.id}",
        data={"csrf_token": csrf_of(page.text), "disposition": "rejected", "reason": ""},
    )
    assert response.status_code == 422
    assert "Explain the disposition" in response.text


def test_the_anchoring_queue_confirms_a_suggestion(
    signed_in: Callable[[str], TestClient], consultation: Consultation, session: Session
) -> None:
    from resonance.feedback.intake import Submission, submit_feedback
    from resonance.feedback.models import FeedbackChannel
    from tests.factories import FEEDBACK_KEYS

    item = submit_feedback(
        session,
        form=consultation.form,
        submission=Submission(
            text="Article 4: anonymised data about individuals must never be published.",
            channel=FeedbackChannel.EMAIL,
        ),
        keys=FEEDBACK_KEYS,
        sender_address="mail-1",
    ).item
    session.commit()
    client = signed_in("analyst")
    page = client.get(f"/consultations/{consultation.id}/anchors")
    suggest = client.post(
        f"/consultations/{consultation.id}/anchors/suggest", data={"csrf_token": csrf_of(page.text)}
    )
    assert suggest.status_code == 303
    queue = client.get(f"/consultations/{consultation.id}/anchors")
    assert "anonymised data about individuals" in queue.text
    assert "4. Personal data" in queue.text
    confirm = client.post(
        f"/consultations/{consultation.id}/anchors/{item.id}/confirm",
        data={"csrf_token": csrf_of(queue.text), "section": "sec-4"},
    )
    assert confirm.status_code == 303
    session.expire_all()
    stored = session.get(FeedbackItem, item.id)
    assert stored is not None
    assert (stored.section_key, stored.anchor_state) == ("sec-4", "confirmed")
    heatmap = client.get(f"/consultations/{consultation.id}/heatmap")
    assert "<meter" in heatmap.text
    assert "4. Personal data" in heatmap.text
