"""Shared fixtures: real SQLite and PostgreSQL databases with per-test rollback."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from resonance.storage.engine import create_db_engine
from resonance.storage.runtime import Database
from resonance.storage.schema import upgrade_to_head
from tests.services import PG_HOST, PG_PORT, require_server

ALL_BACKENDS = ("sqlite", "postgresql")
BACKENDS = tuple(
    b for b in os.environ.get("RESONANCE_TEST_BACKENDS", ",".join(ALL_BACKENDS)).split(",") if b
)


def _admin_pg() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=PG_HOST, port=PG_PORT, dbname="test", user="postgres", autocommit=True
    )


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A PostgreSQL database of this test process, created at start and dropped at the end."""
    require_server("PostgreSQL", PG_HOST, PG_PORT)
    name = f"resonance_test_{uuid.uuid4().hex[:12]}"
    with _admin_pg() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with _admin_pg() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _make_engine(backend: str, request: pytest.FixtureRequest, tmp_dir: str) -> Engine:
    if backend == "postgresql":
        url = request.getfixturevalue("pg_database_url")
    else:
        url = f"sqlite:///{tmp_dir}/resonance-test.db"
    engine = create_db_engine(url)
    upgrade_to_head(engine)
    return engine


@pytest.fixture(scope="session", params=BACKENDS)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A migrated database engine, once per backend (SQLite file, PostgreSQL database)."""
    eng = _make_engine(request.param, request, str(tmp_path_factory.mktemp(request.param)))
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction rolled back after the test."""
    conn = engine.connect()
    outer = conn.begin()
    try:
        yield conn
    finally:
        outer.rollback()
        conn.close()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions bound to the test connection; their commits become SAVEPOINT releases."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def db(connection: Connection, session_factory: sessionmaker[Session]) -> Database:
    """A Database handle for app factories and workers, rolled back after the test."""
    return Database(engine=connection.engine, sessions=session_factory)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    s = session_factory()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def backend(engine: Engine) -> str:
    return engine.dialect.name


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Argon2 with minimal cost in tests only: the same algorithm, a fraction of the time."""
    from argon2 import PasswordHasher

    from resonance.auth import passwords

    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = original
