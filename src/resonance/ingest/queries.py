"""Read-only queries on ingested data: dead letters, item counts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.errors import NotFound
from resonance.ingest.models import DeadLetter


def list_dead_letters(
    session: Session,
    *,
    source_id: int | None = None,
    include_replayed: bool = False,
    limit: int = 100,
) -> Sequence[DeadLetter]:
    """Dead letters, newest first; replayed ones only when asked."""
    stmt = select(DeadLetter).order_by(DeadLetter.id.desc()).limit(limit)
    if source_id is not None:
        stmt = stmt.where(DeadLetter.source_id == source_id)
    if not include_replayed:
        stmt = stmt.where(DeadLetter.replayed_at.is_(None))
    return session.scalars(stmt).all()


def get_dead_letter(session: Session, dead_letter_id: int) -> DeadLetter:
    found = session.get(DeadLetter, dead_letter_id)
    if found is None:
        raise NotFound(f"There is no dead letter with id {dead_letter_id}.")
    return found
