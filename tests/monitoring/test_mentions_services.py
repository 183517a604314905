"""Analyst changes to mentions: tone corrections feed the rollups, tags, audit, conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from resonance.audit.models import AuditEntry
from resonance.errors import Conflict, Invalid, NotFound, PermissionDenied
from resonance.monitoring.mention_services import MentionChange, clean_tag, update_mention
from resonance.monitoring.mentions import mention_etag
from resonance.monitoring.models import Mention, MentionRollup
from resonance.organization.models import Role
from resonance.storage.engine import create_db_engine
from resonance.storage.schema import upgrade_to_head
from tests.factories import SYSTEM, actor_of, make_org, make_unit, make_user
from tests.monitoring.mention_data import Corpus, make_corpus


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return make_corpus(session, make_unit(session))


def _rollup_tones(session: Session, project_id: int) -> dict[str, int]:
    rows = session.execute(
        select(MentionRollup.tone, MentionRollup.mentions).where(
            MentionRollup.project_id == project_id
        )
    )
    totals: dict[str, int] = {}
    for tone, count in rows:
        totals[tone] = totals.get(tone, 0) + count
    return totals


def test_a_tone_correction_is_audited_and_recomputes_the_rollup(
    session: Session, corpus: Corpus
) -> None:
    en = corpus.mentions["en"]
    assert _rollup_tones(session, corpus.project.id) == {"neutral": 5, "negative": 1}

    update_mention(session, SYSTEM, corpus.project.id, en.id, MentionChange(tone="positive"))
    assert en.tone_corrected == "positive"
    assert en.tone == "negative"  # the model's tone is kept
    assert _rollup_tones(session, corpus.project.id) == {"neutral": 5, "positive": 1}

    update_mention(session, SYSTEM, corpus.project.id, en.id, MentionChange(tone=None))
    assert _rollup_tones(session, corpus.project.id) == {"neutral": 5, "negative": 1}
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "mention").order_by(AuditEntry.id)
    ).all()
    assert [(e.before, e.after) for e in entries] == [
        ({"tone_corrected": None, "tags": []}, {"tone_corrected": "positive", "tags": []}),
        ({"tone_corrected": "positive", "tags": []}, {"tone_corrected": None, "tags": []}),
    ]


def test_tags_are_added_and_removed_by_delta(session: Session, corpus: Corpus) -> None:
    uk = corpus.mentions["uk"]
    pid = corpus.project.id
    update_mention(session, SYSTEM, pid, uk.id, MentionChange(add_tags=["  школа  ", "Cafe\u0301"]))
    assert uk.tags == ["школа", "Café"]  # trimmed, NFC
    # A second analyst working from a stale page adds another tag: both are kept.
    update_mention(session, SYSTEM, pid, uk.id, MentionChange(add_tags=["меню", "школа"]))
    assert uk.tags == ["школа", "Café", "меню"]
    update_mention(session, SYSTEM, pid, uk.id, MentionChange(remove_tags=["Café", "absent"]))
    assert uk.tags == ["школа", "меню"]


@pytest.mark.parametrize(
    "tag", ["", "   ", "x" * 51, "a\x00b", "line\nbreak", "bidi\u202eevil", "zero\u200bwidth"]
)
def test_bad_tags_are_refused(tag: str) -> None:
    with pytest.raises(Invalid):
        clean_tag(tag)


def test_a_mention_has_at_most_twenty_tags(session: Session, corpus: Corpus) -> None:
    uk, pid = corpus.mentions["uk"], corpus.project.id
    update_mention(
        session, SYSTEM, pid, uk.id, MentionChange(add_tags=[f"t{i}" for i in range(20)])
    )
    with pytest.raises(Invalid, match="20"):
        update_mention(session, SYSTEM, pid, uk.id, MentionChange(add_tags=["one more"]))


def test_unknown_tones_are_refused(session: Session, corpus: Corpus) -> None:
    with pytest.raises(Invalid, match="tone"):
        update_mention(
            session, SYSTEM, corpus.project.id, corpus.mentions["uk"].id, MentionChange(tone="meh")
        )


def test_stale_versions_are_a_conflict_not_an_overwrite(session: Session, corpus: Corpus) -> None:
    ru, pid = corpus.mentions["ru"], corpus.project.id
    etag = mention_etag(ru.tone_corrected, ru.tags)
    update_mention(session, SYSTEM, pid, ru.id, MentionChange(tone="negative", if_match=etag))
    with pytest.raises(Conflict):
        update_mention(session, SYSTEM, pid, ru.id, MentionChange(tone="positive", if_match=etag))
    change = MentionChange(tone="positive", expected_tone=None)  # the page showed no correction
    with pytest.raises(Conflict):
        update_mention(session, SYSTEM, pid, ru.id, change)
    assert ru.tone_corrected == "negative"


def test_only_analysts_in_scope_change_mentions(session: Session) -> None:
    org = make_org(session)
    corpus = make_corpus(session, org.dept_a)
    mid, pid = corpus.mentions["vi"].id, corpus.project.id
    viewer = actor_of(session, org.users["viewer"])
    with pytest.raises(PermissionDenied):
        update_mention(session, viewer, pid, mid, MentionChange(add_tags=["x"]))
    outsider = actor_of(session, make_user(session, roles=[(org.dept_b, Role.ANALYST)]))
    with pytest.raises(NotFound):
        update_mention(session, outsider, pid, mid, MentionChange(add_tags=["x"]))
    analyst = actor_of(session, org.users["analyst"])
    update_mention(session, analyst, pid, mid, MentionChange(add_tags=["x"]))
    with pytest.raises(NotFound):
        update_mention(session, analyst, pid, 10**9, MentionChange(add_tags=["x"]))


def test_two_sqlite_writers_at_once_give_a_conflict_not_a_lost_tag(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/race.db")
    upgrade_to_head(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as setup:
        corpus = make_corpus(setup, make_unit(setup))
        setup.commit()
        mid, pid = corpus.mentions["uk"].id, corpus.project.id
    first, second = factory(), factory()
    second.get(Mention, mid)  # the second analyst's transaction reads first (stale snapshot)
    update_mention(first, SYSTEM, pid, mid, MentionChange(add_tags=["first"]))
    first.commit()
    with pytest.raises(Conflict):
        update_mention(second, SYSTEM, pid, mid, MentionChange(add_tags=["second"]))
    second.rollback()
    update_mention(second, SYSTEM, pid, mid, MentionChange(add_tags=["second"]))
    second.commit()
    with factory() as check:
        assert check.get_one(Mention, mid).tags == ["first", "second"]
    first.close()
    second.close()
    engine.dispose()
