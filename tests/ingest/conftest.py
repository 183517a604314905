"""Fixtures of the ingestion tests: an organisation unit, a source, a fresh context."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from resonance.ingest import IngestContext
from resonance.organization.models import Unit
from resonance.sources.models import Source
from tests.factories import make_unit
from tests.ingest.helpers import make_context, make_source


@pytest.fixture
def unit(session: Session) -> Unit:
    return make_unit(session)


@pytest.fixture
def source(session: Session, unit: Unit) -> Source:
    return make_source(session, unit, country="UA", region="Kyiv")


@pytest.fixture
def context() -> IngestContext:
    return make_context()
