"""Source connectors: the protocol, the HTTP client they share and the registry by name."""

from __future__ import annotations

from resonance.sources.base import (
    TEXT_HTML,
    TEXT_PLAIN,
    Connector,
    FetchBatch,
    ItemError,
    RawItem,
    parse_datetime,
)
from resonance.sources.http import HttpClient, HttpResponse, parse_retry_after
from resonance.sources.registry import (
    ENTRY_POINT_GROUP,
    ConnectorRegistry,
    build_connector,
    builtin_registry,
    default_registry,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "TEXT_HTML",
    "TEXT_PLAIN",
    "Connector",
    "ConnectorRegistry",
    "FetchBatch",
    "HttpClient",
    "HttpResponse",
    "ItemError",
    "RawItem",
    "build_connector",
    "builtin_registry",
    "default_registry",
    "parse_datetime",
    "parse_retry_after",
]
