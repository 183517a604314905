"""The `ingest` CLI on a real SQLite file: sources with health, fetch, dead letters, replay."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from resonance.cli.ingest import ingest_app
from resonance.config import Settings
from resonance.ingest import ingest_batch
from resonance.ingest.models import DeadLetter
from resonance.storage.engine import session_scope
from resonance.storage.runtime import Database
from resonance.storage.schema import upgrade_to_head
from tests.factories import make_unit
from tests.ingest.helpers import make_context, make_source, raw


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RESONANCE_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("RESONANCE_SECRET_KEY", "cli-secret")
    db = Database.from_settings(Settings(var_dir=tmp_path))
    upgrade_to_head(db.engine)
    return db


def test_sources_dead_letters_and_replay(cli_db: Database) -> None:
    with session_scope(cli_db.sessions) as session:
        source = make_source(session, make_unit(session), name="Новини")
        ingest_batch(session, source=source, items=[raw("a", "text")], context=make_context())
        session.add(DeadLetter(stage="fetch", source_id=source.id, reason="row 3: bad CSV",
                               payload={"position": "row 3"}))  # fmt: skip
    runner = CliRunner()

    listed = runner.invoke(ingest_app, ["sources"])
    assert listed.exit_code == 0
    assert "Новини (scripted)" in listed.output
    assert "new" in listed.output
    letters = runner.invoke(ingest_app, ["dead-letters"])
    assert "row 3: bad CSV" in letters.output
    replayed = runner.invoke(ingest_app, ["replay", "--all"])
    assert replayed.exit_code == 0
    assert "1 not replayable" in replayed.output
    assert runner.invoke(ingest_app, ["replay"]).exit_code == 2
    assert runner.invoke(ingest_app, ["fetch", "999"]).exit_code == 1
