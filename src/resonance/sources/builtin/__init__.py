"""The connectors shipped with Resonance, registered like plugins."""

from __future__ import annotations

from resonance.hookspecs import hookimpl
from resonance.sources.builtin.bluesky import BlueskyConnector
from resonance.sources.builtin.fileimport import FileImportConnector
from resonance.sources.builtin.mastodon import MastodonConnector
from resonance.sources.builtin.rss import RssConnector
from resonance.sources.builtin.sitemap import SitemapConnector
from resonance.sources.builtin.telegram import TelegramConnector
from resonance.sources.builtin.web import WebConnector
from resonance.sources.builtin.webhook import WebhookConnector

BUILTIN_CONNECTORS: tuple[type, ...] = (
    RssConnector,
    WebConnector,
    SitemapConnector,
    TelegramConnector,
    MastodonConnector,
    BlueskyConnector,
    FileImportConnector,
    WebhookConnector,
)

__all__ = [
    "BUILTIN_CONNECTORS",
    "BlueskyConnector",
    "FileImportConnector",
    "MastodonConnector",
    "RssConnector",
    "SitemapConnector",
    "TelegramConnector",
    "WebConnector",
    "WebhookConnector",
]


@hookimpl
def register_connectors() -> list[type]:
    """The built-in connectors, offered through the same hook as third-party ones."""
    return list(BUILTIN_CONNECTORS)
