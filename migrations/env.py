"""Alembic environment: runs on a given connection (app, tests) or on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from resonance.config import Settings
from resonance.storage.base import Base
from resonance.storage.engine import create_db_engine
from resonance.storage.registry import load_all_models

load_all_models()
target_metadata = Base.metadata

# Full-text objects made by raw SQL in migration 0004 (FTS5 tables and their shadow tables on
# SQLite, an expression GIN index on PostgreSQL): not models, so `alembic check` leaves them be.
UNMANAGED_PREFIXES = ("items_fts", "ix_items_fts")


def _include_name(name: str | None, type_: str, _parents: object) -> bool:
    return not (type_ in ("table", "index") and (name or "").startswith(UNMANAGED_PREFIXES))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = (
        context.config.get_main_option("sqlalchemy.url")
        or Settings.from_env().resolved_database_url
    )
    engine = create_db_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline SQL generation is not supported; run against a database.")
run_migrations_online()
