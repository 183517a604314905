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


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
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
