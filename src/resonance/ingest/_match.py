"""Percolation at ingest: one Percolator over all enabled queries, rebuilt when they change."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.errors import Invalid
from resonance.monitoring.models import MonitoringQuery
from resonance.monitoring.query import (
    AnalyzedDocument,
    Percolator,
    collector_paused,
    compile_query,
)

log = logging.getLogger(__name__)
MATCH_CHARS = 20_000


@dataclass(frozen=True)
class QueryRef:
    """A query id with the project it belongs to."""

    query_id: int
    project_id: int


class QueryMatcher:
    """Keeps a Percolator in step with the enabled MonitoringQuery rows of the database.

    The version is (count, max id, max updated_at) of the enabled queries: any create, edit,
    enable, disable or delete changes it, and checking it costs one small aggregate per batch.
    """

    def __init__(self) -> None:
        self._percolator: Percolator[QueryRef] = Percolator()
        self._version: tuple[Any, ...] | None = None
        self.invalid: dict[int, str] = {}

    def refresh(self, session: Session) -> bool:
        """Rebuild if the queries changed since the last call; True when rebuilt."""
        version = tuple(
            session.execute(
                select(
                    func.count(MonitoringQuery.id),
                    func.max(MonitoringQuery.id),
                    func.max(MonitoringQuery.updated_at),
                ).where(MonitoringQuery.enabled.is_(True))
            ).one()
        )
        if version == self._version:
            return False
        rows = session.execute(
            select(MonitoringQuery.id, MonitoringQuery.project_id, MonitoringQuery.text).where(
                MonitoringQuery.enabled.is_(True)
            )
        ).all()
        percolator: Percolator[QueryRef] = Percolator()
        invalid: dict[int, str] = {}
        with collector_paused():
            for query_id, project_id, text in rows:
                try:
                    percolator.add(QueryRef(query_id, project_id), compile_query(text))
                except Invalid as exc:  # saved before validation existed, or edited in SQL
                    invalid[query_id] = exc.detail
        if invalid:
            log.warning("%d monitoring queries do not compile and are skipped.", len(invalid))
        self._percolator, self._version, self.invalid = percolator, version, invalid
        return True

    def __len__(self) -> int:
        return len(self._percolator)

    def match(
        self, *, text: str, title: str | None, lang: str, fields: Mapping[str, str]
    ) -> dict[int, list[int]]:
        """Project id → sorted ids of its queries that the item matches."""
        if not len(self._percolator):
            return {}
        doc = AnalyzedDocument.from_text(text[:MATCH_CHARS], lang, title=title, fields=fields)
        found: dict[int, list[int]] = {}
        for ref in self._percolator.match(doc):
            found.setdefault(ref.project_id, []).append(ref.query_id)
        return {project: sorted(ids) for project, ids in found.items()}
