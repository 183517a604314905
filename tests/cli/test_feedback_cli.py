"""`resonance feedback import | purge | rekey` on a real SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from resonance.cli.main import app
from resonance.config import Settings
from resonance.feedback.models import FeedbackContact, FeedbackItem
from resonance.storage.engine import session_scope
from resonance.storage.runtime import Database
from tests.factories import make_form, make_org, make_project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feedback_import"
runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RESONANCE_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("RESONANCE_SECRET_KEY", "cli-feedback-tests")
    monkeypatch.delenv("RESONANCE_DATABASE_URL", raising=False)
    monkeypatch.delenv("RESONANCE_FEEDBACK_CONTACT_KEYS", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    db = Database.from_settings(Settings.from_env())
    with session_scope(db.sessions) as session:
        org = make_org(session)
        make_form(session, project=make_project(session, owner=org.dept_a), slug="letters")
    return db


def test_import_with_a_map_then_again_imports_nothing(database: Database) -> None:
    csv = str(FIXTURES / "feedback_cp1251.csv")
    args = ["feedback", "import", "--form", "letters", csv, "--map", "text=Текст,external_id=Номер"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "6 read, 4 imported, 1 already there, 1 with errors" in first.output
    assert "row 5: the message text is empty" in first.output
    again = runner.invoke(app, args)
    assert "0 imported, 5 already there" in again.output
    unknown = runner.invoke(app, ["feedback", "import", "--form", "nope", csv])
    assert unknown.exit_code == 1
    assert "no feedback form with the slug 'nope'" in unknown.output


def test_rekey_after_adding_a_new_contact_key(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    mbox = str(FIXTURES / "mailbox.mbox")
    assert runner.invoke(app, ["feedback", "import", "--form", "letters", mbox]).exit_code == 0
    monkeypatch.setenv("RESONANCE_FEEDBACK_CONTACT_KEYS", "a-new-contact-secret-for-tests,derived")
    done = runner.invoke(app, ["feedback", "rekey"])
    assert done.exit_code == 0, done.output
    assert "Re-encrypted 5 contact records" in done.output
    with session_scope(database.sessions) as session:
        sealed = session.scalars(select(FeedbackContact.email_encrypted)).all()
    assert len({token.split(":")[1] for token in sealed if token}) == 1
    assert "Re-encrypted 0" in runner.invoke(app, ["feedback", "rekey"]).output
    purge = runner.invoke(app, ["feedback", "purge"])
    assert purge.exit_code == 0
    with session_scope(database.sessions) as session:
        # The letters are from March 2024 and the form keeps them for 365 days.
        left = session.scalars(select(FeedbackItem.id)).all()
    assert f"Deleted {5 - len(left)} messages" in purge.output
