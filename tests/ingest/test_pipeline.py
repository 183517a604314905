"""The batch pipeline end to end on a real database: items, mentions, rollups, idempotency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from resonance.ingest import IngestContext, ingest_batch
from resonance.ingest.models import Item, RawRecord
from resonance.monitoring.models import Mention, MentionRollup
from resonance.organization.models import Unit
from resonance.sources.models import Source
from tests.factories import make_project
from tests.ingest.helpers import NOW, add_query, raw

UK_REFORM = "Міністерство оголосило про реформу шкільного харчування."
UK_OTHER = "Пропозиції до постанови приймаються до 31 березня."


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _pairs(session: Session, stmt: Select[str, Any]) -> dict[str, Any]:
    return dict(session.execute(stmt).all())


def _rollups(session: Session, project_id: int) -> list[tuple[datetime, str, str, int]]:
    rows = session.execute(
        select(MentionRollup.hour, MentionRollup.lang, MentionRollup.tone, MentionRollup.mentions)
        .where(MentionRollup.project_id == project_id)
        .order_by(MentionRollup.hour, MentionRollup.tone)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_items_become_mentions_and_hourly_rollups(
    session: Session, unit: Unit, source: Source, context: IngestContext
) -> None:
    project = make_project(session, owner=unit)
    query_id = add_query(session, project, "реформа")
    at = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    items = [
        raw("a", UK_REFORM, published_at=at),
        raw(
            "b", "Погано пояснили реформу харчування дітей.", published_at=at + timedelta(minutes=5)
        ),
        raw("c", UK_OTHER, published_at=at),
    ]
    report = ingest_batch(session, source=source, items=items, context=context)

    assert (report.new, report.mentions, report.dead_letters) == (3, 2, 0)
    mentions = session.scalars(select(Mention).order_by(Mention.id)).all()
    assert [m.query_ids for m in mentions] == [[query_id], [query_id]]
    assert {m.lang for m in mentions} == {"uk"}
    hour = datetime(2024, 3, 5, 9, tzinfo=UTC)
    assert _rollups(session, project.id) == [
        (hour, "uk", "negative", 1),
        (hour, "uk", "neutral", 1),
    ]


def test_ingesting_the_same_items_again_changes_nothing(
    session: Session, unit: Unit, source: Source, context: IngestContext
) -> None:
    project = make_project(session, owner=unit)
    add_query(session, project, "реформа")
    items = [raw("a", UK_REFORM), raw("b", UK_OTHER)]
    ingest_batch(session, source=source, items=items, context=context)
    before = [_count(session, m) for m in (RawRecord, Item, Mention, MentionRollup)]
    rollups = _rollups(session, project.id)

    again = ingest_batch(session, source=source, items=items, context=context)

    assert (again.new, again.updated, again.unchanged, again.mentions) == (0, 0, 2, 0)
    assert [_count(session, m) for m in (RawRecord, Item, Mention, MentionRollup)] == before
    assert _rollups(session, project.id) == rollups


def test_a_changed_item_is_updated_and_its_mentions_follow(
    session: Session, unit: Unit, source: Source, context: IngestContext
) -> None:
    project = make_project(session, owner=unit)
    add_query(session, project, "реформа")
    ingest_batch(session, source=source, items=[raw("a", UK_REFORM)], context=context)
    item_id = session.scalar(select(Item.id))

    report = ingest_batch(session, source=source, items=[raw("a", UK_OTHER)], context=context)

    assert (report.new, report.updated) == (0, 1)
    item = session.get(Item, item_id)
    assert item is not None
    session.refresh(item)
    assert item.text == UK_OTHER
    assert _count(session, Item) == 1
    assert _count(session, Mention) == 0
    assert _rollups(session, project.id) == []


def test_rollups_use_the_analysts_tone_correction_and_never_double_count(
    session: Session, unit: Unit, source: Source, context: IngestContext
) -> None:
    project = make_project(session, owner=unit)
    add_query(session, project, "реформа")
    ingest_batch(session, source=source, items=[raw("a", UK_REFORM)], context=context)
    mention = session.scalars(select(Mention)).one()
    mention.tone_corrected = "positive"
    session.flush()

    ingest_batch(
        session, source=source, items=[raw("a", UK_REFORM + " Оновлено.")], context=context
    )
    ingest_batch(session, source=source, items=[raw("b", UK_REFORM + " Ще раз.")], context=context)

    hour = NOW.replace(minute=0)
    assert session.get(Mention, mention.id) is not None
    assert _rollups(session, project.id) == [
        (hour, "uk", "neutral", 1),
        (hour, "uk", "positive", 1),
    ]


def test_the_same_text_twice_is_an_exact_duplicate_of_the_first(
    session: Session, source: Source, context: IngestContext
) -> None:
    ingest_batch(session, source=source, items=[raw("a", UK_REFORM)], context=context)
    report = ingest_batch(
        session,
        source=source,
        items=[raw("b", "  " + UK_REFORM.upper()), raw("c", UK_REFORM), raw("d", UK_OTHER)],
        context=context,
    )

    rows = _pairs(session, select(Item.external_id, Item.duplicate_of_id))
    first = session.scalar(select(Item.id).where(Item.external_id == "a"))
    assert report.exact_duplicates == 2
    assert rows == {"a": None, "b": first, "c": first, "d": None}


def test_duplicates_within_one_batch_point_at_the_first_of_them(
    session: Session, source: Source, context: IngestContext
) -> None:
    ingest_batch(
        session, source=source, items=[raw("a", UK_OTHER), raw("b", UK_OTHER)], context=context
    )
    rows = _pairs(session, select(Item.external_id, Item.id))
    dup = session.scalar(select(Item.duplicate_of_id).where(Item.external_id == "b"))
    assert dup == rows["a"]


def test_reprints_share_a_cluster_key(
    session: Session, source: Source, context: IngestContext
) -> None:
    article = (
        "Уряд затвердив нову програму підтримки сільських шкіл: кожна школа отримає автобус, "
        "комп'ютерний клас та кошти на ремонт спортивної зали до кінця наступного року."
    )
    items = [raw("a", article), raw("b", article + " Джерело: агенція."), raw("c", UK_OTHER)]
    ingest_batch(session, source=source, items=items, context=context)

    keys = _pairs(session, select(Item.external_id, Item.cluster_key))
    first = session.scalar(select(Item.id).where(Item.external_id == "a"))
    assert keys == {"a": str(first), "b": str(first), "c": None}


def test_a_query_added_later_is_used_for_the_next_batch(
    session: Session, unit: Unit, source: Source, context: IngestContext
) -> None:
    project = make_project(session, owner=unit)
    ingest_batch(session, source=source, items=[raw("a", UK_REFORM)], context=context)
    assert _count(session, Mention) == 0

    add_query(session, project, "харчування AND country:ua AND region:kyiv")
    ingest_batch(session, source=source, items=[raw("b", UK_REFORM + "!")], context=context)

    assert _count(session, Mention) == 1
