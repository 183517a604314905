"""A project with recent mentions, rollups and KPIs in each status, for KPI page tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from resonance.ingest import ingest_batch
from resonance.kpi import Kpi, create_kpi
from resonance.kpi.dashboard import clear_cache
from resonance.monitoring.models import Project
from resonance.organization.models import Unit
from resonance.sources.models import Source
from tests.factories import SYSTEM, make_project
from tests.ingest.helpers import add_query, make_context, make_source, raw
from tests.kpi.conftest import add_rollups, add_runs

EVERYTHING = "lang:uk OR lang:ru OR lang:zh OR lang:vi OR lang:fr OR lang:en OR lang:other"


@dataclass
class Board:
    project: Project
    source: Source
    on_track: Kpi
    off_track: Kpi
    share: Kpi


def _kpi(session: Session, project: Project, unit: Unit, **values: Any) -> Kpi:
    defaults: dict[str, Any] = {
        "project_id": project.id,
        "owner_unit_id": unit.id,
        "window": "day",
        "comparator": ">=",
    }
    return create_kpi(session, SYSTEM, **{**defaults, **values})


def make_board(session: Session, unit: Unit, *, slug: str | None = None) -> Board:
    """Ten full days of rollups (uk positive, en negative) plus real mentions yesterday."""
    clear_cache()
    now = datetime.now(UTC)
    project = make_project(session, owner=unit, slug=slug)
    add_query(session, project, EVERYTHING, name="everything")
    source = make_source(session, unit, name="Kyiv Daily", interval_seconds=3600)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    rows = []
    for d in range(1, 11):
        hour = midnight - timedelta(days=d) + timedelta(hours=6)
        rows += [(hour, "uk", source, "positive", 15), (hour, "en", source, "negative", 5)]
    add_rollups(session, project, rows)
    add_runs(session, source, midnight - timedelta(days=12), now)
    yesterday = midnight - timedelta(days=1) + timedelta(hours=12)
    items = [
        raw(
            f"bad-{i}",
            f"The reform was badly explained, story {i}.",
            title=f"Bad news {i}",
            published_at=yesterday + timedelta(minutes=i),
            language_hint="en",
        )
        for i in range(3)
    ]
    ingest_batch(session, source=source, items=items, context=make_context(clock=lambda: now))
    board = Board(
        project=project,
        source=source,
        on_track=_kpi(
            session, project, unit, name="Mentions every day", metric="mention_count", target=5
        ),
        off_track=_kpi(
            session,
            project,
            unit,
            name="Negative share stays low",
            metric="negative_share",
            comparator="<=",
            target=0.05,
            filter={"languages": ["en"]},
        ),
        share=_kpi(
            session,
            project,
            unit,
            name="Positive share",
            metric="positive_share",
            target=0.5,
            visibility="organisation",
        ),
    )
    session.commit()
    return board
