"""The page and API fixtures (app over the test database, personas, tokens) for these tests."""

from __future__ import annotations

from tests.api.conftest import api, tokens
from tests.web.conftest import app, client, org, settings, signed_in

__all__ = ["api", "app", "client", "org", "settings", "signed_in", "tokens"]
