"""Fixtures of the KPI tests: an organisation, a project with sources and rollups."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from resonance.monitoring.models import MentionRollup, Project
from resonance.organization.models import Unit
from resonance.sources.models import Source, SourceRun
from tests.factories import Org, make_org, make_project
from tests.ingest.helpers import make_source


@pytest.fixture
def org(session: Session) -> Org:
    return make_org(session)


@pytest.fixture
def project(session: Session, org: Org) -> Project:
    return make_project(session, owner=org.dept_a)


@pytest.fixture
def sources(session: Session, org: Org) -> list[Source]:
    return [
        make_source(session, org.dept_a, region="Kyiv", interval_seconds=3600),
        make_source(session, org.dept_a, region="Lviv", interval_seconds=3600),
    ]


def add_rollups(
    session: Session,
    project: Project,
    rows: Iterable[tuple[datetime, str, Source, str, int]],
    *,
    reach: int = 10,
) -> None:
    """Insert hourly rollup rows (hour, lang, source, tone, mentions) as the pipeline would."""
    values = [
        {
            "project_id": project.id,
            "hour": hour,
            "lang": lang,
            "source_id": source.id,
            "tone": tone,
            "mentions": n,
            "reach": n * reach,
        }
        for hour, lang, source, tone, n in rows
    ]
    session.execute(insert(MentionRollup), values)
    session.flush()


def add_runs(session: Session, source: Source, start: datetime, end: datetime) -> None:
    """A healthy hourly run history for `source` over [start, end)."""
    at, values = start, []
    while at < end:
        values.append({"source_id": source.id, "started_at": at, "ok": True, "items_new": 1})
        at += timedelta(hours=1)
    session.execute(insert(SourceRun), values)
    source.created_at = start - timedelta(days=30)
    session.flush()


def owner(org: Org) -> Unit:
    return org.dept_a
