"""Bad input is stored safely or dead-lettered, never damaging what is already stored."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.ingest import IngestContext, author_key, ingest_batch, replay_dead_letters
from resonance.ingest._match import QueryMatcher
from resonance.ingest.models import DeadLetter, Item, RawRecord
from resonance.sources.base import TEXT_HTML
from resonance.sources.models import Source
from tests.ingest.helpers import NOW, make_context, raw


def _item(session: Session, external_id: str) -> Item:
    return session.scalars(select(Item).where(Item.external_id == external_id)).one()


def test_html_and_scripts_are_reduced_to_their_visible_text(
    session: Session, source: Source, context: IngestContext
) -> None:
    markup = '<p>Реформа <b>харчування</b></p><script>alert("x")</script><style>p{}</style>'
    ingest_batch(
        session, source=source, items=[raw("a", markup, content_type=TEXT_HTML)], context=context
    )
    assert _item(session, "a").text == "Реформа харчування"


def test_odd_items_are_stored_without_harm(
    session: Session, source: Source, context: IngestContext
) -> None:
    huge = ("слово " * 200_000)[:1_000_000]
    items = [
        raw("huge", huge),
        raw("empty", ""),
        raw("nul\x00id", "текст з \x00 нулем", author="bad\x00handle", url="http://x/\x00"),
        raw("x" * 2_000, "дуже довгий ідентифікатор", url="http://example.org/" + "p" * 3_000),
        raw("lone", "surrogate \ud800 here", title="\udfff"),
    ]
    report = ingest_batch(session, source=source, items=items, context=context)

    assert (report.new, report.dead_letters) == (5, 0)
    assert len(_item(session, "huge").text) <= 100_000
    assert _item(session, "empty").text == ""
    assert "\x00" not in _item(session, "nulid").text
    long_id = session.scalars(select(Item).where(Item.external_id.like("sha256:%"))).one()
    assert long_id.url is None
    assert long_id.notes == ["url-too-long"]


def test_dates_are_utc_with_their_offset_and_repaired_when_wrong(
    session: Session, source: Source, context: IngestContext
) -> None:
    kyiv = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    items = [
        raw("zone", "a", published_at=kyiv, published_raw="Tue, 05 Mar 2024 11:30:00 +0200"),
        raw("none", "b", published_at=None),
        raw("junk", "c", published_at=None, published_raw="the 32nd of Smarch"),
        raw("future", "d", published_at=NOW + timedelta(days=3650), published_raw="2034-03-05"),
        raw("skew", "e", published_at=NOW + timedelta(minutes=5)),
    ]
    report = ingest_batch(session, source=source, items=items, context=context)

    zone = _item(session, "zone")
    assert (zone.published_at, zone.published_offset) == (kyiv, "+02:00")
    assert (_item(session, "none").published_at, _item(session, "none").notes) == (
        NOW,
        ["date-missing"],
    )
    assert _item(session, "junk").notes == ["date-invalid"]
    assert (_item(session, "future").published_at, _item(session, "future").notes) == (
        NOW,
        ["clock-skew"],
    )
    assert _item(session, "skew").published_at == NOW + timedelta(minutes=5)
    assert report.notes == {"date-missing": 1, "date-invalid": 1, "clock-skew": 1}


def test_duplicate_ids_within_a_batch_keep_the_first_item(
    session: Session, source: Source, context: IngestContext
) -> None:
    items = [raw("g", "перший"), raw("g", "другий"), raw("h", "третій")]
    report = ingest_batch(session, source=source, items=items, context=context)
    assert (report.new, report.repeated_in_batch) == (2, 1)
    assert _item(session, "g").text == "перший"


class _Exploding(QueryMatcher):
    """A matcher with a bug on one kind of text."""

    def match(
        self, *, text: str, title: str | None, lang: str, fields: Mapping[str, str]
    ) -> dict[int, list[int]]:
        if "boom" in text:
            raise RuntimeError("matcher bug")
        return super().match(text=text, title=title, lang=lang, fields=fields)


def test_a_failing_item_becomes_a_dead_letter_and_replays_once_fixed(
    session: Session, source: Source
) -> None:
    broken = make_context(matcher=_Exploding())
    report = ingest_batch(
        session, source=source, items=[raw("ok", "fine"), raw("bad", "boom")], context=broken
    )
    assert (report.new, report.dead_letters, report.failed_external_ids) == (2, 1, ["bad"])
    letter = session.scalars(select(DeadLetter)).one()
    assert (letter.stage, letter.reason) == ("match", "RuntimeError: matcher bug")
    assert session.scalar(select(func.count()).select_from(Item)) == 1

    again = replay_dead_letters(session, context=broken)
    assert again.failed_again == [letter.id]

    fixed = replay_dead_letters(session, context=make_context())
    assert fixed.replayed
    assert not fixed.failed_again
    assert _item(session, "bad").text == "boom"
    assert session.scalar(select(func.count()).select_from(RawRecord)) == 2
    left = session.scalars(select(DeadLetter).where(DeadLetter.replayed_at.is_(None))).all()
    assert left == []


def test_author_handles_are_pseudonymised_by_default(
    session: Session, source: Source, context: IngestContext
) -> None:
    items = [raw("a", "one", author="@Minister"), raw("b", "two", author="@minister ")]
    ingest_batch(session, source=source, items=items, context=context)

    a, b = _item(session, "a"), _item(session, "b")
    assert a.author_display is None
    assert b.author_display is None
    assert a.author_key == b.author_key == author_key("test-secret", "scripted", "@minister")
    assert author_key("other-secret", "scripted", "@minister") != a.author_key
    assert author_key("test-secret", "telegram", "@minister") != a.author_key


def test_clear_handles_are_kept_only_when_the_setting_is_on(
    session: Session, source: Source
) -> None:
    context = make_context(store_author_handles=True)
    ingest_batch(
        session, source=source, items=[raw("a", "one", author="@Minister")], context=context
    )
    assert _item(session, "a").author_display == "@Minister"
