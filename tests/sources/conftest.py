"""Fixtures for connector tests: the local fixture server and an HttpClient without delays."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from resonance.sources.http import HttpClient
from tests.sources.fixture_server import FixtureServer


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer() as srv:
        yield srv


@pytest.fixture
def http() -> Iterator[HttpClient]:
    with HttpClient(min_interval=0.0, timeout=2.0, max_wait=5.0) as client:
        yield client
