"""The demo listening corpus, loaded through the real connectors into a fresh database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.demo import corpus_builder
from resonance.demo._wire import read_corpus
from resonance.demo.listening import QUERIES, load_demo_listening
from resonance.demo.organization import load_demo_organization
from resonance.ingest import IngestContext
from resonance.ingest.models import DeadLetter, Item
from resonance.monitoring.models import Mention, MentionRollup, MonitoringQuery, Project
from resonance.monitoring.query import compile_query
from resonance.sources.models import Source, SourceRun
from resonance.storage.engine import create_db_engine, session_scope
from resonance.storage.runtime import Database
from resonance.storage.schema import upgrade_to_head
from tests.ingest.helpers import lexicon_tone

SAMPLE = 8
LANGUAGES = {"uk", "ru", "zh", "vi", "fr", "en"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A fresh SQLite database with the demo organisation and a corpus sample, loaded twice."""
    var_dir = tmp_path_factory.mktemp("demo")
    engine = create_db_engine(f"sqlite:///{var_dir}/demo.db")
    upgrade_to_head(engine)
    db = Database.from_engine(engine)
    with session_scope(db.sessions) as session:
        load_demo_organization(session, var_dir=var_dir)
    context = IngestContext(secret="demo-test", tone=lexicon_tone)
    first = load_demo_listening(db, var_dir=var_dir, context=context, sample=SAMPLE)
    with session_scope(db.sessions) as session:
        before = _snapshot(session)
    second = load_demo_listening(db, var_dir=var_dir, context=context, sample=SAMPLE)
    with session_scope(db.sessions) as session:
        after = _snapshot(session)
    yield {"db": db, "first": first, "second": second, "before": before, "after": after}
    engine.dispose()


def _snapshot(session: Session) -> dict[str, object]:
    def count(model: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    return {
        "items": count(Item),
        "mentions": count(Mention),
        "rollups": count(MentionRollup),
        "dead_letters": count(DeadLetter),
        "queries": count(MonitoringQuery),
        "sources": count(Source),
        "runs": count(SourceRun),
        "mention_sum": session.scalar(select(func.sum(MentionRollup.mentions))),
        "cursors": sorted(str(c) for c in session.scalars(select(Source.cursor))),
    }


def test_it_loads_items_in_all_six_languages(loaded: dict[str, Any]) -> None:
    with session_scope(loaded["db"].sessions) as session:
        langs = set(session.scalars(select(Item.lang).distinct()))
    assert langs >= LANGUAGES
    assert loaded["first"].items == loaded["first"].new_items > 300


def test_every_demo_project_has_mentions_and_rollups(loaded: dict[str, Any]) -> None:
    with session_scope(loaded["db"].sessions) as session:
        rows = session.execute(
            select(Project.slug, func.count(Mention.id))
            .join(Mention, Mention.project_id == Project.id)
            .group_by(Project.slug)
        ).all()
        rolled = session.scalar(select(func.sum(MentionRollup.mentions)))
        mentions = session.scalar(select(func.count(Mention.id)))
    per_project = dict(rows)
    assert set(per_project) == set(QUERIES)
    assert all(count > 20 for count in per_project.values())
    assert rolled == mentions


def test_the_only_dead_letters_are_the_deliberately_broken_parts(loaded: dict[str, Any]) -> None:
    with session_scope(loaded["db"].sessions) as session:
        letters = session.execute(
            select(Source.name, DeadLetter.stage, DeadLetter.reason).join(
                Source, Source.id == DeadLetter.source_id
            )
        ).all()
    csv_rows = [r for r in letters if "(CSV)" in r.name]
    feeds = [r for r in letters if "malformed" in r.name]
    assert len(csv_rows) == len(corpus_builder.BROKEN_ROWS)
    assert len(feeds) == 1
    assert "entries recovered" in feeds[0].reason
    assert len(letters) == len(csv_rows) + len(feeds)
    assert {r.stage for r in letters} == {"fetch"}


def test_a_feed_with_a_wrong_charset_is_read_as_cyrillic(loaded: dict[str, Any]) -> None:
    with session_scope(loaded["db"].sessions) as session:
        texts = session.scalars(
            select(Item.text)
            .join(Source, Source.id == Item.source_id)
            .where(Source.name.like("%mis-declared%"))
        ).all()
    assert texts
    assert all(re.search("[а-яё]{4}", text) for text in texts)


def test_a_second_load_adds_and_changes_nothing(loaded: dict[str, Any]) -> None:
    assert loaded["second"].new_items == 0
    assert loaded["after"] == loaded["before"]


def test_sources_are_labelled_as_demo_and_left_disabled(loaded: dict[str, Any]) -> None:
    with session_scope(loaded["db"].sessions) as session:
        sources = session.scalars(select(Source)).all()
    assert len(sources) == len(read_corpus().sources)
    assert all(s.name.startswith("Demo: ") and not s.enabled for s in sources)
    assert {s.connector for s in sources} == {
        "rss", "telegram", "mastodon", "bluesky", "fileimport"
    }  # fmt: skip


def test_every_demo_query_compiles() -> None:
    for queries in QUERIES.values():
        for _name, text in queries:
            compile_query(text)


def test_the_builder_regenerates_the_bundled_corpus(tmp_path: Path) -> None:
    corpus_builder.write(tmp_path)
    bundled = corpus_builder.CORPUS_DIR
    for name in ("sources.json", "items.jsonl.gz"):
        assert (tmp_path / name).read_bytes() == (bundled / name).read_bytes(), name
