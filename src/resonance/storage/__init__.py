"""Storage: engine and sessions, declarative base, shared column types, schema checks."""

from resonance.storage.base import Base, TimestampMixin, UTCDateTime, utcnow
from resonance.storage.engine import create_db_engine, make_session_factory, session_scope
from resonance.storage.schema import assert_schema_current, current_revision, head_revision

__all__ = [
    "Base",
    "TimestampMixin",
    "UTCDateTime",
    "assert_schema_current",
    "create_db_engine",
    "current_revision",
    "head_revision",
    "make_session_factory",
    "session_scope",
    "utcnow",
]
