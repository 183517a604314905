"""The `resonance` command: init, demo, accounts, tokens, backup and restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resonance.cli.main import app

runner = CliRunner()


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RESONANCE_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("RESONANCE_DATABASE_URL", raising=False)
    return tmp_path / "var"


def test_demo_loads_once_and_keeps_data_and_passwords(var_dir: Path) -> None:
    first = runner.invoke(app, ["demo", "--no-serve", "--no-listening", "--no-feedback"])
    assert first.exit_code == 0, first.output
    assert "admin@demo.resonance.local" in first.output
    assert "DEMO" in first.output
    second = runner.invoke(app, ["demo", "--no-serve", "--no-listening", "--no-feedback"])
    assert second.exit_code == 0, second.output
    passwords = json.loads((var_dir / "demo-credentials.json").read_text())
    assert passwords["admin@demo.resonance.local"] in second.output
    assert (var_dir / "resonance.db").exists()


def test_user_add_then_token_create_and_revoke(var_dir: Path) -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    added = runner.invoke(
        app,
        ["user", "add", "ops@example.org", "--name", "Ops", "--password", "a long enough password"],
    )
    assert added.exit_code == 0, added.output
    created = runner.invoke(app, ["token", "create", "ops@example.org", "--name", "ci"])
    assert created.exit_code == 0, created.output
    assert created.output.strip().splitlines()[-1].startswith("rsn_")
    revoked = runner.invoke(app, ["token", "revoke", "1"])
    assert revoked.exit_code == 0, revoked.output


def test_errors_are_one_line_with_exit_code_1(var_dir: Path) -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(
        app, ["user", "add", "not-an-email", "--name", "X", "--password", "a long enough password"]
    )
    assert result.exit_code == 1
    assert "not a valid e-mail" in result.output
    assert "Traceback" not in result.output
    short = runner.invoke(
        app, ["user", "add", "a@example.org", "--name", "X", "--password", "short"]
    )
    assert short.exit_code == 1
    assert "at least 10 characters" in short.output


def test_commands_refuse_a_database_that_is_not_migrated(var_dir: Path) -> None:
    result = runner.invoke(
        app, ["user", "add", "a@example.org", "--name", "X", "--password", "a long enough password"]
    )
    assert result.exit_code == 1
    assert "resonance migrate" in result.output


def test_backup_and_restore_round_trip(var_dir: Path, tmp_path: Path) -> None:
    assert (
        runner.invoke(app, ["demo", "--no-serve", "--no-listening", "--no-feedback"]).exit_code == 0
    )
    target = tmp_path / "snap.db"
    assert runner.invoke(app, ["backup", str(target)]).exit_code == 0
    assert runner.invoke(app, ["backup", str(target)]).exit_code == 1  # never overwrites
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"not a database at all")
    refused = runner.invoke(app, ["restore", str(bogus), "--yes"])
    assert refused.exit_code == 1
    assert "not a SQLite database" in refused.output
    restored = runner.invoke(app, ["restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert (
        runner.invoke(
            app,
            ["user", "passwd", "admin@demo.resonance.local", "--password", "another long password"],
        ).exit_code
        == 0
    )
