"""The database handles of one running process (web app, worker, CLI command)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from resonance.config import Settings
from resonance.storage.engine import create_db_engine, make_session_factory


@dataclass
class Database:
    """Engine plus session factory, built once per process from settings."""

    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        engine = create_db_engine(settings.resolved_database_url)
        return cls(engine=engine, sessions=make_session_factory(engine))

    @classmethod
    def from_engine(cls, engine: Engine) -> Database:
        return cls(engine=engine, sessions=make_session_factory(engine))
