"""Analysis on the database: fields per message, campaigns counted once, themes kept across runs."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.errors import Invalid, PermissionDenied
from resonance.feedback.analysis import Scope, analyse, overview_of, theme_stability
from resonance.feedback.models import FeedbackCampaign, FeedbackForm, FeedbackItem, FeedbackTheme
from resonance.feedback.theme_editing import (
    create_theme,
    merge_themes,
    move_item,
    rename_theme,
    split_theme,
)
from resonance.feedback.themes import OTHER_ID
from resonance.monitoring.models import Project
from tests.factories import Org, actor_of, make_form, make_item, make_org, make_project
from tests.feedback.analysis_data import add_item, fill, letters
from tests.feedback.varied_messages import generate

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SUBJECTS = ("privacy", "elderly_training", "eservice_login", "school_devices")


@pytest.fixture
def org(session: Session) -> Org:
    return make_org(session)


@pytest.fixture
def project(session: Session, org: Org) -> Project:
    return make_project(session, owner=org.dept_a)


@pytest.fixture
def form(session: Session, project: Project) -> FeedbackForm:
    return make_form(session, project=project)


def _items(session: Session, project: Project) -> list[FeedbackItem]:
    stmt = select(FeedbackItem).where(FeedbackItem.project_id == project.id)
    return list(session.scalars(stmt.order_by(FeedbackItem.id)))


def _themes(session: Session, project: Project) -> dict[int, FeedbackTheme]:
    stmt = select(FeedbackTheme).where(
        FeedbackTheme.project_id == project.id, FeedbackTheme.retired.is_(False)
    )
    return {t.id: t for t in session.scalars(stmt)}


def test_a_run_sets_language_tone_detail_campaign_theme_and_quotes(
    session: Session, project: Project, form: FeedbackForm
) -> None:
    subjects, signed = fill(session, form)
    result = analyse(session, project_id=project.id, now=NOW)
    items = _items(session, project)
    assert result.items_total == result.items_new == len(items)
    by_id = {item.id: item for item in items}
    # Six languages, detected.
    assert {item.language for item in items} == {"en", "fr", "uk", "ru", "vi", "zh"}
    for item in items:
        assert item.tone in {"negative", "neutral", "positive"}
        assert item.tone_score is not None
        assert -1.0 <= item.tone_score <= 1.0
        assert item.detailed is not None
        assert item.analysed_at == NOW
        assert item.theme_id is not None
    # One campaign holding every letter, none of the independent comments.
    assert {item.campaign_id for item in signed} == {signed[0].campaign_id}
    campaign = session.get(FeedbackCampaign, signed[0].campaign_id)
    assert campaign is not None
    assert campaign.size == len(signed)
    assert "library" in campaign.template
    assert all(by_id[i].campaign_id is None for i in subjects)
    # Themes follow the subjects; every letter of the campaign has one theme.
    themes = _themes(session, project)
    found = [t for t in themes.values() if t.key != OTHER_ID]
    assert len(found) >= 4
    assert len({item.theme_id for item in signed}) == 1
    for theme in found:
        members = [i for i in subjects if by_id[i].theme_id == theme.id]
        top, count = Counter(subjects[i] for i in members).most_common(1)[0]
        assert count / len(members) >= 0.8, (theme.labels, top)
        assert set(theme.labels) >= {"en", "uk", "zh"}
        assert 1 <= len(theme.quote_ids) <= 3
        assert all(by_id[q].theme_id == theme.id and by_id[q].campaign_id is None
                   for q in theme.quote_ids)  # fmt: skip
    overview = overview_of(session, Scope(project.id))
    assert overview.voices == len(items) - len(signed) + 1
    assert overview.campaign_messages == len(signed)
    assert overview.waiting == 0


def test_held_messages_are_left_out(session: Session, project: Project, form: FeedbackForm) -> None:
    kept = make_item(session, form=form, text="The fee for the permit is far too high for me.")
    held = make_item(session, form=form, text="The office hours are too short for workers.")
    held.held_for_moderation = True
    session.flush()
    result = analyse(session, project_id=project.id, now=NOW, min_theme_size=2)
    assert result.items_total == 1
    assert kept.analysed_at == NOW
    assert kept.language == "en"
    assert held.analysed_at is None
    assert held.language is None
    assert held.theme_id is None


def test_a_second_run_keeps_analyst_edits_and_places_new_messages(
    session: Session, org: Org, project: Project, form: FeedbackForm
) -> None:
    subjects, signed = fill(session, form)
    analyse(session, project_id=project.id, now=NOW)
    analyst = actor_of(session, org.users["analyst"])
    by_id = {item.id: item for item in _items(session, project)}
    found = sorted(
        (t for t in _themes(session, project).values() if t.key != OTHER_ID), key=lambda t: t.id
    )
    renamed, merged_a, merged_b, target = found[0], found[1], found[2], found[3]
    rename_theme(session, analyst, renamed.id, labels={"en": "Fees and costs", "uk": "Плата"})
    merge_themes(session, analyst, theme_ids=[merged_a.id, merged_b.id])
    moved = next(i for i in subjects if by_id[i].theme_id == renamed.id)
    move_item(session, analyst, moved, theme_id=target.id)
    old_theme_of = {i: by_id[i].theme_id for i in by_id}

    later = NOW + timedelta(hours=1)
    fresh = [
        add_item(session, form, text, n=2000 + k)
        for k, text in enumerate(
            (
                "The new fee for applications is too expensive for pensioners and students.",
                "Ціна подання заяви занадто висока для пенсіонерів, скасуйте плату.",
                "申请费太贵了，退休人员根本负担不起。",
            )
        )
    ]
    late_signer = add_item(session, form, letters(7)[-1], n=3000)
    result = analyse(session, project_id=project.id, now=later)

    assert result.items_new == len(fresh) + 1
    assert result.themes_created == 0
    session.refresh(renamed)
    assert renamed.labels["en"] == "Fees and costs"
    assert renamed.label_edited
    assert session.get(FeedbackTheme, merged_b.id).retired  # type: ignore[union-attr]
    assert by_id[moved].theme_id == target.id
    assert by_id[moved].theme_pinned
    for item_id, theme_id in old_theme_of.items():
        expected = merged_a.id if theme_id == merged_b.id else theme_id
        if item_id != moved:
            assert by_id[item_id].theme_id == expected
        assert by_id[item_id].analysed_at == NOW
    # The fee comments join the renamed fee theme; the late signer its campaign and theme.
    assert [f.theme_id for f in fresh] == [renamed.id] * len(fresh)
    assert all(f.analysed_at == later for f in fresh)
    assert late_signer.campaign_id == signed[0].campaign_id
    assert late_signer.theme_id == signed[0].theme_id
    campaign = session.get(FeedbackCampaign, signed[0].campaign_id)
    assert campaign is not None
    assert campaign.size == len(signed) + 1

    stability = theme_stability(session, Scope(project.id))
    assert stability.found == len(found)
    # Renamed, merged (both), and the one that received a message by hand.
    assert stability.edited == 4
    assert stability.unchanged == len(found) - 4


def test_split_and_create_pin_messages_and_are_audited(
    session: Session, org: Org, project: Project, form: FeedbackForm
) -> None:
    fill(session, form, signers=3)
    analyse(session, project_id=project.id, now=NOW)
    analyst = actor_of(session, org.users["analyst"])
    theme = max(
        (t for t in _themes(session, project).values() if t.key != OTHER_ID),
        key=lambda t: len([i for i in _items(session, project) if i.theme_id == t.id]),
    )
    members = [i for i in _items(session, project) if i.theme_id == theme.id]
    child = split_theme(session, analyst, theme.id, item_ids=[members[0].id, members[1].id])
    assert child.origin == "analyst"
    assert child.labels
    assert child.centroid
    assert members[0].theme_id == child.id
    assert members[0].theme_pinned
    with pytest.raises(Invalid):
        split_theme(session, analyst, theme.id, item_ids=[m.id for m in members[2:]])
    made = create_theme(
        session, analyst, project_id=project.id, labels={"en": "Ideas"}, item_ids=[members[2].id]
    )
    assert members[2].theme_id == made.id
    assert made.label_edited
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_type == "feedback_theme")
    ).all()
    assert set(actions) >= {"feedback_theme.split", "feedback_theme.create"}
    # Later runs leave pinned messages where they were put.
    analyse(session, project_id=project.id, now=NOW + timedelta(hours=1))
    assert members[0].theme_id == child.id
    assert members[2].theme_id == made.id


def test_only_analysts_edit_themes(
    session: Session, org: Org, project: Project, form: FeedbackForm
) -> None:
    make_item(session, form=form)
    theme = create_theme(
        session, actor_of(session, org.users["analyst"]), project_id=project.id,
        labels={"en": "Roads"},
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        rename_theme(session, actor_of(session, org.users["viewer"]), theme.id, labels={"en": "X"})
    with pytest.raises(Invalid):
        rename_theme(session, actor_of(session, org.users["analyst"]), theme.id, labels={"xx": "X"})
    with pytest.raises(Invalid):
        merge_themes(session, actor_of(session, org.users["analyst"]), theme_ids=[theme.id])


def test_past_the_embedding_budget_a_distilled_model_places_what_it_is_sure_of(
    session: Session, org: Org, project: Project, form: FeedbackForm
) -> None:
    made = generate(160, seed=5, langs=("en", "uk"), themes=SUBJECTS, letters=0.0, remarks=0.0)
    subjects = {add_item(session, form, m.text, n=k).id: m.theme for k, m in enumerate(made)}
    first = analyse(session, project_id=project.id, now=NOW, embed_budget=64)
    by_id = {item.id: item for item in _items(session, project)}
    # Everything is analysed; the budget only limits embeddings.
    assert all(by_id[i].analysed_at == NOW and by_id[i].tone and by_id[i].language for i in by_id)
    assert first.embedded == 64
    assert first.by_model > 0
    assert first.held_out_agreement is not None
    assert first.held_out_agreement >= 0.9
    waiting = [i for i in subjects if by_id[i].theme_id is None]
    assert len(waiting) == first.waiting
    assert first.assigned + first.waiting == len(subjects)
    assert overview_of(session, Scope(project.id)).without_theme == first.waiting
    # Nearly every message placed, by embeddings or by the model, shares its theme's subject.
    placed = [i for i in subjects if by_id[i].theme_id is not None]
    majority = {
        theme_id: Counter(subjects[i] for i in placed if by_id[i].theme_id == theme_id).most_common(
            1
        )[0][0]
        for theme_id in {by_id[i].theme_id for i in placed}
    }
    right = sum(majority[by_id[i].theme_id] == subjects[i] for i in placed)
    assert right / len(placed) >= 0.9
    settled = {i: by_id[i].theme_id for i in subjects if by_id[i].theme_id is not None}
    # An analyst places a message by hand; the next run embeds what waits and leaves it.
    target = next(t for t in _themes(session, project).values() if t.key != OTHER_ID)
    hand = (waiting or [i for i in subjects if by_id[i].theme_id != target.id])[0]
    move_item(session, actor_of(session, org.users["analyst"]), hand, theme_id=target.id)
    second = analyse(session, project_id=project.id, now=NOW + timedelta(hours=1))
    assert second.items_new == 0
    assert second.waiting == 0
    assert all(by_id[i].theme_id is not None for i in subjects)
    assert by_id[hand].theme_id == target.id
    assert all(by_id[i].theme_id == t for i, t in settled.items() if i != hand)
