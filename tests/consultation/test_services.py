"""Consultation services on real databases: versions, changes, stages, comments, anchors."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.consultation.models import ConsultationChange, Stage
from resonance.consultation.queries import (
    WHOLE,
    public_comment_counts,
    section_heatmap,
    you_said_we_did,
)
from resonance.consultation.services import (
    advance_stage,
    confirm_anchor,
    create_consultation,
    import_version,
    link_change,
    plan_stages,
    reject_anchor,
    set_change_reason,
    set_disposition,
    suggest_anchors,
    update_consultation,
)
from resonance.errors import Conflict, Invalid, NotFound, PermissionDenied
from resonance.feedback.intake import Submission, submit_feedback
from resonance.feedback.models import (
    FeedbackCampaign,
    FeedbackChannel,
    FeedbackItem,
    FeedbackTheme,
)
from tests.consultation.helpers import add_version, comment, draft_bytes, make_consultation
from tests.factories import FEEDBACK_KEYS, Org, actor_of, make_project


def _lead(session: Session, org: Org):  # type: ignore[no-untyped-def]
    return actor_of(session, org.users["communication_lead"])


def _actions(session: Session, entity_id: int) -> list[str]:
    stmt = select(AuditEntry.action).where(AuditEntry.entity_id == str(entity_id))
    return list(session.scalars(stmt.order_by(AuditEntry.id)))


def test_it_creates_a_consultation_with_its_form_and_stages(session: Session, org: Org) -> None:
    project = make_project(session, owner=org.dept_a)
    consultation = make_consultation(session, project=project, actor=_lead(session, org))
    assert consultation.form.project_id == project.id
    assert consultation.form.enabled is False  # reached only through /c/{slug}
    assert [s.stage for s in consultation.stages] == list(Stage)
    assert consultation.stages[0].entered_at is not None
    assert consultation.versions[0].number == 1
    assert consultation.versions[0].sections[0].key == "preamble"
    assert "consultation.create" in _actions(session, consultation.id)


def test_it_refuses_a_viewer_and_a_taken_slug(session: Session, org: Org) -> None:
    project = make_project(session, owner=org.dept_a)
    viewer = actor_of(session, org.users["viewer"])
    values = {"slug": "roads", "titles": {"en": "Roads"}, "language": "en"}
    with pytest.raises(PermissionDenied):
        create_consultation(session, viewer, project_id=project.id, values=values)
    make_consultation(session, project=project, slug="roads")
    with pytest.raises(Conflict):
        make_consultation(session, project=project, slug="roads")
    with pytest.raises(Invalid) as bad:
        make_consultation(session, project=project, language="xx")
    assert bad.value.extra["field"] == "language"


def test_update_changes_the_published_flag(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    values = {"slug": consultation.slug, "titles": {"uk": "Відкриті дані"}, "language": "uk"}
    update_consultation(session, _lead(session, org), consultation.id, values=values)
    assert consultation.published is False
    assert consultation.title_in("en") == "Відкриті дані"


def test_a_new_version_stores_its_changes_and_keeps_section_keys(
    session: Session, org: Org
) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    old = {s.number: s.key for s in consultation.versions[0].sections}
    version = add_version(session, consultation, "en_v2.txt")
    assert version.number == 2
    new = {s.number: s.key for s in version.sections}
    assert new["6"] == old["5"]  # "Requests for data" moved from 5 to 6 keeps its key
    assert new["5"] not in old.values()  # the new section 5 gets a key never used before
    changes = session.scalars(
        select(ConsultationChange).where(ConsultationChange.to_version_id == version.id)
    ).all()
    kinds = {c.section_key: c.kind for c in changes}
    assert kinds == {
        old["1"]: "changed",
        old["3.1"]: "changed",
        new["5"]: "added",
        old["5"]: "moved",
        old["6"]: "removed",
    }


def test_an_identical_or_broken_upload_stores_nothing(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    with pytest.raises(Conflict):
        add_version(session, consultation, "en_v1.txt")
    with pytest.raises(Invalid):
        import_version(
            session, _lead(session, org), consultation.id, data=b"%PDF-1.4", filename="x.pdf"
        )
    with pytest.raises(Invalid):
        import_version(
            session,
            _lead(session, org),
            consultation.id,
            data=bytes(range(256)) * 40,
            filename="draft.txt",
        )
    assert len(consultation.versions) == 1


def test_changes_take_a_reason_and_links_to_items_and_themes(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    item = comment(session, consultation, "Six months is too slow.", section="sec-3-1")
    theme = FeedbackTheme(
        project_id=consultation.project_id,
        consultation_id=consultation.id,
        key="freshness",
        labels={"en": "Fresher data", "uk": "Свіжіші дані"},
    )
    session.add(theme)
    version = add_version(session, consultation, "en_v2.txt")
    change = session.scalars(
        select(ConsultationChange).where(
            ConsultationChange.to_version_id == version.id,
            ConsultationChange.section_key == "sec-3-1",
        )
    ).one()
    lead = _lead(session, org)
    set_change_reason(
        session, lead, consultation.id, change_id=change.id, reason="Residents asked."
    )
    link_change(session, lead, consultation.id, change_id=change.id, item_reference=item.reference)
    again = link_change(session, lead, consultation.id, change_id=change.id, item_id=item.id)
    link_change(session, lead, consultation.id, change_id=change.id, theme_id=theme.id)
    assert again.item_id == item.id
    with pytest.raises(Invalid):
        link_change(session, lead, consultation.id, change_id=change.id)
    other = make_consultation(session, project=consultation.project)
    stranger = comment(session, other, "Unrelated.")
    with pytest.raises(Invalid):
        link_change(session, lead, consultation.id, change_id=change.id, item_id=stranger.id)
    item.theme_id = theme.id
    set_disposition(
        session,
        lead,
        consultation.id,
        theme_id=theme.id,
        disposition="accepted",
        reason="Updated quarterly now.",
    )
    [row] = you_said_we_did(session, consultation, "uk")
    assert (row.label, row.count, row.disposition) == ("Свіжіші дані", 1, "accepted")
    assert [(c.number, c.kind, c.reason) for c in row.changes] == [
        ("3.1", "changed", "Residents asked.")
    ]


def test_you_said_counts_a_campaign_once(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    theme = FeedbackTheme(
        project_id=consultation.project_id, consultation_id=consultation.id, key="t", labels={}
    )
    campaign = FeedbackCampaign(project_id=consultation.project_id, template="Stop it", size=3)
    session.add_all([theme, campaign])
    session.flush()
    for k in range(3):
        comment(session, consultation, f"Stop it now {k}").campaign_id = campaign.id
    comment(session, consultation, "My own words.")
    session.execute(
        update(FeedbackItem)
        .where(FeedbackItem.consultation_id == consultation.id)
        .values(theme_id=theme.id)
    )
    [row] = you_said_we_did(session, consultation, "en")
    assert row.count == 2  # three campaign letters count once, plus one individual comment
    assert row.label == "t"
    assert row.disposition is None


def test_dispositions_need_a_known_value_and_a_reason(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    theme = FeedbackTheme(
        project_id=consultation.project_id, consultation_id=consultation.id, key="t", labels={}
    )
    session.add(theme)
    session.flush()
    lead = _lead(session, org)
    with pytest.raises(Invalid):
        set_disposition(
            session, lead, consultation.id, theme_id=theme.id, disposition="maybe", reason="x"
        )
    with pytest.raises(Invalid):
        set_disposition(
            session, lead, consultation.id, theme_id=theme.id, disposition="rejected", reason=" "
        )
    with pytest.raises(PermissionDenied):
        set_disposition(
            session,
            actor_of(session, org.users["analyst"]),
            consultation.id,
            theme_id=theme.id,
            disposition="rejected",
            reason="No.",
        )
    set_disposition(
        session, lead, consultation.id, theme_id=theme.id, disposition="out_of_scope", reason="Law"
    )
    assert (theme.disposition, theme.disposition_reason) == ("out_of_scope", "Law")
    assert "consultation.disposition" in _actions(session, theme.id)


def test_stages_move_forward_one_step_only_by_explicit_action(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    lead = _lead(session, org)
    decision = {"en": "Revised after 40 comments and sent for approval."}
    with pytest.raises(Conflict):
        advance_stage(session, lead, consultation.id, to="promulgation", decision_texts=decision)
    with pytest.raises(Conflict):
        advance_stage(
            session, lead, consultation.id, to="draft_consultation", decision_texts=decision
        )
    with pytest.raises(Invalid):
        advance_stage(session, lead, consultation.id, to="approval", decision_texts={"en": " "})
    with pytest.raises(Invalid):
        advance_stage(session, lead, consultation.id, to="paused", decision_texts=decision)
    plan_stages(session, lead, consultation.id, dates={"approval": (date(2026, 3, 1), None)})
    assert consultation.stage is Stage.DRAFT_CONSULTATION  # planning moves nothing
    advance_stage(session, lead, consultation.id, to="approval", decision_texts=decision)
    approval = consultation.stages[1]
    assert consultation.stage is Stage.APPROVAL
    assert approval.entered_by_id == org.users["communication_lead"].id
    assert approval.decisions == decision
    assert approval.starts_on == date(2026, 3, 1)
    with pytest.raises(Conflict):  # the same form sent twice does not skip a stage
        advance_stage(session, lead, consultation.id, to="approval", decision_texts=decision)
    assert "consultation.advance_stage" in _actions(session, consultation.id)


def test_planned_dates_must_be_in_order(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    with pytest.raises(Invalid):
        plan_stages(
            session,
            _lead(session, org),
            consultation.id,
            dates={"draft_consultation": (date(2026, 3, 1), date(2026, 2, 1))},
        )


def test_comments_go_on_a_section_or_the_whole_draft(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    on_section = comment(session, consultation, "Four weeks is enough.", section="sec-5")
    whole = comment(session, consultation, "A good policy overall.")
    assert (on_section.section_key, on_section.anchor_state) == ("sec-5", "citizen")
    assert (whole.section_key, whole.anchor_state) == (None, None)
    assert on_section.consultation_id == whole.consultation_id == consultation.id
    with pytest.raises(Invalid) as bad:
        comment(session, consultation, "Where?", section="sec-99")
    assert bad.value.extra["field"] == "section"
    assert public_comment_counts(session, consultation.id) == {"sec-5": 1, WHOLE: 1}


def test_comments_close_outside_the_draft_stage_and_when_unpublished(
    session: Session, org: Org
) -> None:
    project = make_project(session, owner=org.dept_a)
    hidden = make_consultation(session, project=project, published=False)
    with pytest.raises(Conflict):
        comment(session, hidden, "Too early.")
    empty = make_consultation(session, project=project, draft=None)
    with pytest.raises(Conflict):
        comment(session, empty, "No draft yet.")
    lead = _lead(session, org)
    ended = make_consultation(session, project=project)
    yesterday = datetime.now(UTC).date() - timedelta(days=2)
    plan_stages(session, lead, ended.id, dates={"draft_consultation": (None, yesterday)})
    with pytest.raises(Conflict):
        comment(session, ended, "Too late.")
    moved = make_consultation(session, project=project)
    advance_stage(session, lead, moved.id, to="approval", decision_texts={"en": "Done."})
    with pytest.raises(Conflict):
        comment(session, moved, "Too late.")


def test_heatmap_counts_sections_and_tones_in_sql(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    comment(session, consultation, "Fees are fine.", section="sec-6").tone = "positive"
    comment(session, consultation, "Fees are too high!", section="sec-6").tone = "negative"
    comment(session, consultation, "Why fees at all?", section="sec-6")
    comment(session, consultation, "Whole thing is fine.").tone = "neutral"
    held = comment(session, consultation, "Spam on fees", section="sec-6")
    held.held_for_moderation = True
    session.flush()
    rows = {row.key: row for row in section_heatmap(session, consultation)}
    assert rows["sec-6"].total == 3
    assert rows["sec-6"].tones == {"positive": 1, "negative": 1, "not_analysed": 1}
    assert rows[WHOLE].tones == {"neutral": 1}
    assert rows["sec-1"].total == 0
    assert rows["sec-6"].number == "6"


def _email_item(session: Session, consultation, text: str):  # type: ignore[no-untyped-def]
    receipt = submit_feedback(
        session,
        form=consultation.form,
        submission=Submission(text=text, channel=FeedbackChannel.EMAIL),
        keys=FEEDBACK_KEYS,
        sender_address=f"mail:{text[:10]}",
    )
    return receipt.item


def test_anchors_are_suggested_then_confirmed_or_rejected(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_a))
    fees = _email_item(
        session,
        consultation,
        "About section 6: a fee for bespoke extracts over ten hours of staff time is unfair.",
    )
    vague = _email_item(session, consultation, "Thank you.")
    analyst = actor_of(session, org.users["analyst"])
    assert suggest_anchors(session, consultation.id, actor=analyst) == 1
    assert (fees.section_key, fees.anchor_state) == ("sec-6", "suggested")
    assert fees.anchor_score is not None
    assert fees.anchor_score > 0.5
    assert vague.anchor_state is None
    assert vague.consultation_id == consultation.id
    with pytest.raises(PermissionDenied):
        confirm_anchor(
            session, actor_of(session, org.users["viewer"]), consultation.id, item_id=fees.id
        )
    confirm_anchor(session, analyst, consultation.id, item_id=fees.id)
    assert fees.anchor_state == "confirmed"
    assert section_heatmap(session, consultation)[-1].key == "sec-7"
    assert {r.key: r.total for r in section_heatmap(session, consultation)}["sec-6"] == 1
    reject_anchor(session, analyst, consultation.id, item_id=fees.id)
    assert (fees.section_key, fees.anchor_state) == (None, "rejected")
    assert suggest_anchors(session, consultation.id, actor=analyst) == 0  # never re-suggested
    with pytest.raises(Invalid):
        confirm_anchor(session, analyst, consultation.id, item_id=vague.id, section_key="nope")
    confirm_anchor(session, analyst, consultation.id, item_id=vague.id, section_key="sec-2")
    assert vague.section_key == "sec-2"
    citizen = comment(session, consultation, "On scope.", section="sec-2")
    with pytest.raises(Conflict):
        reject_anchor(session, analyst, consultation.id, item_id=citizen.id)
    with pytest.raises(NotFound):
        confirm_anchor(session, analyst, consultation.id, item_id=10**8)
    assert "consultation.reject_anchor" in _actions(session, fees.id)


def test_other_units_do_not_see_the_consultation(session: Session, org: Org) -> None:
    consultation = make_consultation(session, project=make_project(session, owner=org.dept_b))
    with pytest.raises(NotFound):
        suggest_anchors(session, consultation.id, actor=actor_of(session, org.users["analyst"]))


def test_a_ukrainian_and_a_chinese_draft_import(session: Session, org: Org) -> None:
    project = make_project(session, owner=org.dept_a)
    uk = make_consultation(session, project=project, draft="uk.md", language="uk")
    zh = create_consultation(
        session,
        _lead(session, org),
        project_id=project.id,
        values={"slug": "zh-draft", "titles": {"zh": "公众参与办法"}, "language": "zh"},
    )
    data = draft_bytes("zh.txt").decode("utf-8").encode("gb18030")
    version = import_version(
        session, _lead(session, org), zh.id, data=data, media_type="text/plain"
    )
    assert uk.versions[0].sections[1].heading.startswith("Стаття 1")
    assert [s.number for s in version.sections][:2] == ["ch.1", "1"]
    assert version.sections[1].body.startswith("为了规范")
