"""Engine and session factory: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 15_000


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # pysqlite's own transaction handling defers BEGIN; emit it ourselves so SAVEPOINTs work.
    immediate = conn.get_execution_options().get(_IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_IMMEDIATE = "resonance_sqlite_immediate"


def begin_write(session: Session) -> None:
    """Before a read-then-write on SQLite: end the read snapshot and take the write lock now.

    A deferred transaction that read and then writes fails at once with "database is locked"
    when another writer committed in between (WAL cannot upgrade a stale snapshot); a
    transaction begun IMMEDIATE waits its turn (busy timeout) instead. No-op elsewhere.
    """
    if session.get_bind().dialect.name != "sqlite" or session.in_nested_transaction():
        return
    session.commit()
    session.connection(execution_options={_IMMEDIATE: True})


_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


@contextmanager
def serialized_write(session: Session) -> Iterator[None]:
    """Hold this process's write lock of a SQLite database while the block writes and commits.

    SQLite has one writer. Threads of one process that wait on SQLite's busy handler sleep in
    growing steps (up to 100 ms) and wake late, which makes the latency tail long under load;
    waiting on a Python lock wakes the next writer as soon as the lock is free. Other processes
    still queue through BEGIN IMMEDIATE and the busy timeout. No-op on PostgreSQL.
    The block must commit (or roll back) before it ends.
    """
    bind = session.get_bind()
    if bind.dialect.name != "sqlite" or session.in_nested_transaction():
        yield
        return
    key = str(bind.url if isinstance(bind, Engine) else bind.engine.url)
    with _WRITE_LOCKS_GUARD:
        lock = _WRITE_LOCKS.setdefault(key, threading.Lock())
    with lock:
        begin_write(session)
        yield


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; for SQLite, create the folder and set the pragmas on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)

        @event.listens_for(engine, "connect")
        def _disable_pysqlite_tx(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit (pages render after writes)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
