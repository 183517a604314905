"""Connector registry: built-ins, plugins through the `resonance.connectors` entry point group."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from resonance.errors import Invalid
from resonance.sources import ENTRY_POINT_GROUP, Connector, build_connector, default_registry
from resonance.sources.http import HttpClient
from resonance.sources.registry import ConnectorRegistry, builtin_registry

BUILTINS = ["bluesky", "fileimport", "mastodon", "rss", "sitemap", "telegram", "web", "webhook"]

PLUGIN = '''
"""A third-party connector used by the registry test."""
from typing import Any, ClassVar
from pydantic import BaseModel
from resonance.sources.base import FetchBatch

class EchoConfig(BaseModel):
    word: str

class EchoConnector:
    name: ClassVar[str] = "echo"
    config_model: ClassVar[type[BaseModel]] = EchoConfig
    def __init__(self, config: EchoConfig, http: Any) -> None:
        self.config = config
    def fetch(self, cursor: dict | None):
        yield FetchBatch([], {"word": self.config.word}, has_more=False)

class NotAConnector:
    name = "broken"
'''


@pytest.fixture
def plugin_dist(tmp_path: Path) -> Iterator[Path]:
    """An installed distribution (dist-info on sys.path) declaring two connector entry points."""
    (tmp_path / "echo_plugin.py").write_text(PLUGIN)
    info = tmp_path / "echo_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: echo-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        textwrap.dedent(f"""\
        [{ENTRY_POINT_GROUP}]
        echo = echo_plugin:EchoConnector
        broken = echo_plugin:NotAConnector
        missing = echo_plugin:Nowhere
        """)
    )
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("echo_plugin", None)


def test_builtins_are_registered() -> None:
    registry = builtin_registry()
    assert registry.names() == BUILTINS
    assert all(registry.origins[n].startswith("builtin") for n in BUILTINS)


def test_entry_point_plugins_are_loaded_and_broken_ones_reported(
    plugin_dist: Path, http: HttpClient
) -> None:
    registry = default_registry(reload=True)
    try:
        assert "echo" in registry
        assert "(entry point 'echo')" in registry.origins["echo"]
        assert set(registry.load_errors) == {"broken", "missing"}
        connector = build_connector("echo", {"word": "привіт"}, http, registry=registry)
        assert isinstance(connector, Connector)
        assert next(connector.fetch(None)).cursor == {"word": "привіт"}
    finally:
        default_registry(reload=True)


def test_a_plugin_cannot_take_a_builtin_name(plugin_dist: Path) -> None:
    registry = builtin_registry()
    points = [p for p in entry_points(group=ENTRY_POINT_GROUP) if p.name == "echo"]
    import echo_plugin

    echo_plugin.EchoConnector.name = "rss"
    try:
        registry.load_entry_points(points)
        assert "differs" in registry.load_errors["echo"]
        with pytest.raises(ValueError, match="already registered"):
            registry.register(echo_plugin.EchoConnector, origin="test")
    finally:
        echo_plugin.EchoConnector.name = "echo"


def test_config_errors_are_precise(http: HttpClient) -> None:
    with pytest.raises(Invalid) as caught:
        build_connector("rss", {"url": "not a url", "colour": "red"}, http)
    assert caught.value.detail.startswith("invalid rss connector config: url: ")
    assert "colour: Extra inputs are not permitted" in caught.value.detail
    assert {e["loc"] for e in caught.value.extra["errors"]} == {"url", "colour"}


def test_an_unknown_connector_is_invalid(http: HttpClient) -> None:
    with pytest.raises(Invalid, match="unknown connector 'myspace'; known: bluesky"):
        build_connector("myspace", {}, http, registry=builtin_registry())


def test_register_refuses_what_is_not_a_connector() -> None:
    with pytest.raises(TypeError, match="config_model"):
        ConnectorRegistry().register(type("X", (), {"name": "x", "fetch": lambda _self: None}))
