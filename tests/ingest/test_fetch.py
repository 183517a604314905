"""Fetching sources: cursor and batch commit together, backoff, Retry-After, permanent errors."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.ingest._features import Reprints
from resonance.ingest.fetch import fetch_source
from resonance.ingest.models import Item
from resonance.monitoring.models import Mention, MentionRollup
from resonance.organization.models import Unit
from resonance.sources.http import HttpClient
from resonance.sources.models import Source, SourceRun
from resonance.sources.services import backoff_seconds, claim_due_sources, plan_next_run
from resonance.storage.runtime import Database
from tests.factories import make_project
from tests.ingest.helpers import (
    NOW,
    SCRIPTS,
    add_query,
    http_error,
    make_context,
    make_source,
    page,
    play,
    raw,
    scripted_registry,
)
from tests.sources.fixture_server import FixtureServer, Reply

REGISTRY = scripted_registry()


@pytest.fixture
def http() -> Iterator[HttpClient]:
    with HttpClient(min_interval=0.0, timeout=2.0, max_wait=5.0) as client:
        yield client


def _source(db: Database, unit_id: int, script: str, **kwargs: object) -> int:
    with db.sessions() as session:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        kwargs.setdefault("config", {"script": script})
        source = make_source(session, unit, **kwargs)  # type: ignore[arg-type]
        session.commit()
        return source.id


def _fetch(db: Database, source_id: int, http: HttpClient, **kwargs: object):  # type: ignore[no-untyped-def]
    return fetch_source(
        db,
        source_id=source_id,
        context=make_context(),
        http=http,
        registry=REGISTRY,
        **kwargs,  # type: ignore[arg-type]
    )


def _items(db: Database) -> int:
    with db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Item)) or 0)


def _load(db: Database, source_id: int) -> Source:
    with db.sessions() as session:
        source = session.get(Source, source_id)
        assert source is not None
        return source


def test_a_crash_mid_run_keeps_earlier_batches_and_resumes_after_them(
    db: Database, unit: Unit, session: Session, http: HttpClient
) -> None:
    session.commit()
    first, second = [raw("a", "перший")], [raw("b", "другий")]
    script = play("crash", page(0, first, more=True), RuntimeError("worker killed"))
    source_id = _source(db, unit.id, script)

    with pytest.raises(RuntimeError):
        _fetch(db, source_id, http)
    assert _items(db) == 1
    assert _load(db, source_id).cursor == {"page": 1}

    SCRIPTS["crash"].steps[1] = page(1, second, more=False)
    report = _fetch(db, source_id, http)

    assert report.ok
    assert _items(db) == 2
    assert SCRIPTS["crash"].cursors_seen == [None, {"page": 1}]
    assert _load(db, source_id).cursor == {"page": 2}


class _FailingReprints(Reprints):
    """Fails after the items of a batch are written: the whole batch must roll back."""

    def cluster_keys(self, session: Session, rows, *, now):  # type: ignore[no-untyped-def]
        if any(text.startswith("fatal") for _id, text, _lang in rows):
            raise OSError("disk full")
        return super().cluster_keys(session, rows, now=now)


def test_a_failure_inside_a_batch_rolls_back_the_batch_and_its_cursor(
    db: Database, unit: Unit, session: Session, http: HttpClient
) -> None:
    session.commit()
    pages = [page(0, [raw("a", "one")], more=True), page(1, [raw("b", "fatal")], more=False)]
    source_id = _source(db, unit.id, play("midbatch", *pages))
    context = make_context(reprints=_FailingReprints())

    with pytest.raises(OSError, match="disk full"):
        fetch_source(db, source_id=source_id, context=context, http=http, registry=REGISTRY)

    assert _items(db) == 1
    source = _load(db, source_id)
    assert source.cursor == {"page": 1}
    assert source.consecutive_failures == 1
    assert source.last_error == "OSError: disk full"


def test_an_item_with_broken_fields_is_repaired_not_fatal(
    db: Database, unit: Unit, session: Session, http: HttpClient
) -> None:
    session.commit()
    broken = raw("x", "text", engagement={"likes": 1})
    object.__setattr__(broken, "engagement", None)  # a connector bug: not a mapping
    object.__setattr__(broken, "published_at", "yesterday")
    source_id = _source(db, unit.id, play("repair", page(0, [broken], more=False)))

    report = _fetch(db, source_id, http)

    assert report.ok
    assert _items(db) == 1


def test_pages_follow_has_more_up_to_the_budget(
    db: Database, unit: Unit, session: Session, http: HttpClient
) -> None:
    session.commit()
    pages = [page(n, [raw(f"i{n}", f"текст номер {n}")], more=n < 4) for n in range(5)]
    source_id = _source(db, unit.id, play("paged", *pages))

    report = _fetch(db, source_id, http, page_budget=3)

    assert (report.pages, report.more_pending, _items(db)) == (3, True, 3)
    assert report.next_run_at is not None
    assert report.next_run_at - NOW <= timedelta(seconds=60)
    assert _fetch(db, source_id, http).pages == 2


def test_failures_back_off_exponentially_and_honour_retry_after(
    db: Database, unit: Unit, session: Session, http: HttpClient
) -> None:
    session.commit()
    source_id = _source(db, unit.id, play("flaky", http_error(503)), jitter_seconds=0)
    waits = []
    for _ in range(3):
        report = _fetch(db, source_id, http)
        assert not report.ok
        assert report.next_run_at is not None
        waits.append((report.next_run_at - NOW).total_seconds())
    assert waits == [300, 600, 1200]

    SCRIPTS["flaky"].steps = [http_error(429, retry_after=7200)]
    report = _fetch(db, source_id, http)
    assert report.next_run_at == NOW + timedelta(seconds=7200)
    source = _load(db, source_id)
    assert source.enabled
    assert source.consecutive_failures == 4
    assert "429" in (source.last_error or "")


def test_a_permanent_error_disables_the_source_with_the_reason(
    db: Database, unit: Unit, session: Session, http: HttpClient
) -> None:
    session.commit()
    source_id = _source(db, unit.id, play("gone", http_error(410)))
    report = _fetch(db, source_id, http)

    source = _load(db, source_id)
    assert report.permanent
    assert not source.enabled
    assert source.next_run_at is None
    assert (
        source.last_error == "Disabled after a permanent error: http://feed.example/ answered 410"
    )
    assert _fetch(db, source_id, http).skipped == "source disabled"
    with db.sessions() as s:
        runs = s.scalars(select(SourceRun).where(SourceRun.source_id == source_id)).all()
    assert [(r.ok, r.error) for r in runs] == [(False, "http://feed.example/ answered 410")]


def test_backoff_is_capped() -> None:
    source = Source(interval_seconds=900, jitter_seconds=60, consecutive_failures=30)
    assert backoff_seconds(source) == 6 * 3600
    planned = plan_next_run(source, now=NOW, rng=random.Random(1))
    assert timedelta(seconds=840) <= planned - NOW <= timedelta(seconds=960)


def test_two_schedulers_enqueue_a_due_source_under_one_key(session: Session, unit: Unit) -> None:
    source = make_source(session, unit)
    first = claim_due_sources(session, now=NOW)
    assert [d.source_id for d in first] == [source.id]
    assert claim_due_sources(session, now=NOW) == []  # held while its fetch runs
    source.next_run_at = NOW - timedelta(minutes=1)
    key_a = claim_due_sources(session, now=NOW)[0].unique_key
    source.next_run_at = NOW - timedelta(minutes=1)
    key_b = claim_due_sources(session, now=NOW + timedelta(seconds=2))[0].unique_key
    assert key_a == key_b != first[0].unique_key


def test_an_rss_feed_over_http_becomes_items_mentions_and_rollups(
    db: Database, unit: Unit, session: Session, http: HttpClient
) -> None:
    project = make_project(session, owner=unit)
    add_query(session, project, "реформа")
    session.commit()
    with FixtureServer() as server:
        server.route("/robots.txt", Reply(404))
        url = server.url("/rss/rss2_uk.xml")
        source_id = _source(db, unit.id, "", connector="rss", config={"url": url})
        report = _fetch(db, source_id, http)
        again = _fetch(db, source_id, http)

    assert report.ok, report.error
    assert report.totals.new == 3  # the connector already dropped the repeated GUID
    assert report.totals.notes["clock-skew"] == 1
    assert again.ok
    assert again.totals.new == 0
    with db.sessions() as s:
        texts = s.scalars(select(Item.text).order_by(Item.id)).all()
        assert "alert" not in texts[0]
        assert "реформу" in texts[0]
        assert s.scalar(select(func.count()).select_from(Mention)) == 1
        assert s.scalar(select(func.sum(MentionRollup.mentions))) == 1
