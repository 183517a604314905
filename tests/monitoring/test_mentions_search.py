"""Full-text search of mentions in six languages, on SQLite FTS5 and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from resonance.ingest.models import Item
from resonance.monitoring.mentions import MentionFilters, list_mentions
from resonance.monitoring.search import Clause, parse_search, word_forms
from resonance.storage.engine import create_db_engine
from resonance.storage.schema import alembic_config, upgrade_to_head
from tests.factories import make_unit
from tests.monitoring.mention_data import Corpus, make_corpus


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return make_corpus(session, make_unit(session))


def _found(session: Session, corpus: Corpus, query: str, **filters: object) -> list[str]:
    page = list_mentions(session, corpus.project, MentionFilters(search=query, **filters))  # type: ignore[arg-type]
    return sorted(view.lang for view in page.items)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("реформа", ["ru", "uk"]),  # uk "реформу", ru "реформы": lemma forms
        ("шкільне харчування", ["uk"]),  # "шкільного харчування"
        ("образование", ["ru"]),  # "образования"
        ("改革", ["zh"]),  # two characters, inside a longer run of Han text
        ("数字素养", ["zh"]),  # four characters: the trigram index on SQLite
        ("數字素養", ["zh"]),  # Traditional query, Simplified text
        ("đào tạo", ["vi"]),
        ("giáo viên", ["vi"]),
        ("école", ["fr"]),
        ("RÉFORME", ["fr"]),
        ("meals", ["en"]),
        ('"school meals reform"', ["en"]),
    ],
)
def test_search_finds_words_in_each_language(
    session: Session, corpus: Corpus, query: str, expected: list[str]
) -> None:
    assert _found(session, corpus, query) == expected


def test_sqlite_ignores_accents_and_postgresql_does_not(
    session: Session, corpus: Corpus, backend: str
) -> None:
    assert _found(session, corpus, "ecole") == (["fr"] if backend == "sqlite" else [])


def test_or_and_minus_combine_clauses(session: Session, corpus: Corpus) -> None:
    assert _found(session, corpus, "meals OR école") == ["en", "fr"]
    assert _found(session, corpus, "реформа -образование") == ["uk"]
    assert _found(session, corpus, "реформа", lang="ru") == ["ru"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced',
        "NEAR(school meals, 2)",
        "school*",
        "*",
        "(meals",
        "meals)",
        "title:meals",
        "AND OR NOT",
        "'; DROP TABLE items; --",
        "^meals",
        "-",
        "a" * 2000,
        "\x00meals",
        "\ud800meals",
        "改",
    ],
)
def test_query_syntax_in_user_input_never_raises(
    session: Session, corpus: Corpus, query: str
) -> None:
    _found(session, corpus, query)  # no database error, whatever it finds


def test_syntax_characters_are_read_as_text(session: Session, corpus: Corpus) -> None:
    assert _found(session, corpus, "NEAR(meals") == []
    assert _found(session, corpus, "(meals)") == ["en"]
    assert _found(session, corpus, "meals*") == ["en"]


def test_the_index_follows_changed_and_deleted_items(session: Session, corpus: Corpus) -> None:
    item = session.get_one(Item, corpus.mentions["en"].item_id)
    item.text = "Completely different words about bicycles."
    session.flush()
    assert _found(session, corpus, "meals") == ["en"]  # the title still says "School meals"
    assert _found(session, corpus, "lunches") == []
    assert _found(session, corpus, "bicycles") == ["en"]
    zh = session.get_one(Item, corpus.mentions["zh"].item_id)
    session.delete(zh)
    session.flush()
    assert _found(session, corpus, "数字素养") == []


def test_parse_search_keeps_words_phrases_or_and_negation() -> None:
    assert parse_search('a "b c" OR d -e -"f g" OR') == [
        Clause(("a",)),
        Clause(("b c", "d")),
        Clause(("e",), negated=True),
        Clause(("f g",), negated=True),
    ]
    assert parse_search('* " ( ) -') == []


def test_cyrillic_words_expand_to_the_forms_of_their_lemma() -> None:
    forms = word_forms("реформа", "uk")
    assert {"реформа", "реформу", "реформи", "реформою"} <= set(forms)
    assert word_forms("school") == ["school"]


def test_the_migration_downgrades_and_upgrades_cleanly(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/down.db")
    upgrade_to_head(engine)
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
    names = set(inspect(engine).get_table_names())
    assert not {n for n in names if n.startswith("items_fts")}
    with engine.connect() as conn:
        triggers = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        assert not list(triggers)
    upgrade_to_head(engine)
    assert "items_fts" in set(inspect(engine).get_table_names())
    engine.dispose()
