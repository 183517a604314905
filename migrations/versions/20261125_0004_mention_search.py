"""full-text search of items

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 15:10:00

SQLite: an external-content FTS5 table over items(title, text) (unicode61, diacritics removed)
and a trigram FTS5 table over Chinese items, both kept in sync by triggers. PostgreSQL: a GIN
index on to_tsvector('simple', title || ' ' || text). Neither is in the SQLAlchemy metadata;
migrations/env.py leaves them out of `alembic check`.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE items_fts USING fts5(title, text, content='items', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE items_fts_zh USING fts5(title, text, content='items', "
    "content_rowid='id', tokenize='trigram')",
    """CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN
  INSERT INTO items_fts(rowid, title, text) VALUES
    (new.id, coalesce(new.title, ''), new.text);
  INSERT INTO items_fts_zh(rowid, title, text)
    SELECT new.id, coalesce(new.title, ''), new.text WHERE new.lang = 'zh';
END""",
    """CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text) VALUES
    ('delete', old.id, coalesce(old.title, ''), old.text);
  INSERT INTO items_fts_zh(items_fts_zh, rowid, title, text)
    SELECT 'delete', old.id, coalesce(old.title, ''), old.text WHERE old.lang = 'zh';
END""",
    """CREATE TRIGGER items_fts_au AFTER UPDATE OF title, text, lang ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text) VALUES
    ('delete', old.id, coalesce(old.title, ''), old.text);
  INSERT INTO items_fts_zh(items_fts_zh, rowid, title, text)
    SELECT 'delete', old.id, coalesce(old.title, ''), old.text WHERE old.lang = 'zh';
  INSERT INTO items_fts(rowid, title, text) VALUES
    (new.id, coalesce(new.title, ''), new.text);
  INSERT INTO items_fts_zh(rowid, title, text)
    SELECT new.id, coalesce(new.title, ''), new.text WHERE new.lang = 'zh';
END""",
    "INSERT INTO items_fts(rowid, title, text) SELECT id, coalesce(title, ''), text FROM items",
    "INSERT INTO items_fts_zh(rowid, title, text) "
    "SELECT id, coalesce(title, ''), text FROM items WHERE lang = 'zh'",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS items_fts_au",
    "DROP TRIGGER IF EXISTS items_fts_ad",
    "DROP TRIGGER IF EXISTS items_fts_ai",
    "DROP TABLE IF EXISTS items_fts_zh",
    "DROP TABLE IF EXISTS items_fts",
)
POSTGRES_UP = (
    "CREATE INDEX IF NOT EXISTS ix_items_fts ON items "
    "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || text))",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_items_fts",)


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
