"""Online backup and restore of the SQLite database (PostgreSQL: pg_dump, see docs)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from resonance.errors import Invalid


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise Invalid(
            "Backup and restore here are for SQLite. For PostgreSQL use pg_dump and "
            "pg_restore as described in docs/operations.md."
        )
    return Path(parsed.database)


def backup_sqlite(url: str, target: Path) -> Path:
    """Copy a consistent snapshot while the app keeps running (SQLite online backup API)."""
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise Invalid(f"There is no database at {source_path} to back up.")
    if target.exists():
        raise Invalid(f"{target} exists already; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with sqlite3.connect(source_path) as source, sqlite3.connect(partial) as dest:
        source.backup(dest)
    partial.rename(target)
    return target


def _check_backup(path: Path) -> None:
    if not path.exists():
        raise Invalid(f"There is no backup file at {path}.")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()
            has_version = conn.execute(
                "SELECT name FROM sqlite_master WHERE name = 'alembic_version'"
            ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise Invalid(f"{path} is not a SQLite database: {exc}.") from None
    if not ok or ok[0] != "ok":
        raise Invalid(f"{path} failed the integrity check; it was not restored.")
    if not has_version:
        raise Invalid(f"{path} is not a Resonance database (no alembic_version table).")


def restore_sqlite(url: str, source: Path) -> Path:
    """Replace the database with a checked backup; the old file is kept beside it."""
    _check_backup(source)
    target = sqlite_path(url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    if target.exists():
        backup_sqlite(url, kept)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dest:
        src.backup(dest)
    return kept
