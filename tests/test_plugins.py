"""Third-party plugins extend Resonance through the same pluggy hooks as the built-ins."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pydantic
import pytest

from resonance.hookspecs import hookimpl
from resonance.kpi.metrics import Metric, MetricKind, default_registry
from resonance.plugins import plugin_manager
from resonance.sources.registry import default_registry as connector_registry


class _EmptyConfig(pydantic.BaseModel):
    pass


class _PluginConnector:
    name: ClassVar[str] = "test-plugin-connector"
    config_model: ClassVar[type[pydantic.BaseModel]] = _EmptyConfig

    def __init__(self, config: Any, http: Any) -> None:
        self.config = config

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[Any]:
        return iter(())


class _Plugin:
    @hookimpl
    def register_metrics(self) -> list[Metric]:
        return [
            Metric(
                name="plugin_metric",
                title="Plugin metric",
                definition="From a plugin.",
                unit="items",
                kind=MetricKind.COUNT,
            )
        ]

    @hookimpl
    def register_connectors(self) -> list[type[Any]]:
        return [_PluginConnector]


@pytest.fixture
def plugin() -> Iterator[None]:
    manager = plugin_manager()
    instance = _Plugin()
    manager.register(instance, name="test-plugin")
    try:
        yield
    finally:
        manager.unregister(instance)
        connector_registry(reload=True)


def test_builtins_arrive_through_the_hooks() -> None:
    assert "mention_count" in default_registry().names()
    assert "rss" in connector_registry(reload=True).names()


def test_a_plugin_adds_a_metric_and_a_connector(plugin: None) -> None:
    assert "plugin_metric" in default_registry().names()
    registry = connector_registry(reload=True)
    assert "test-plugin-connector" in registry.names()
    assert registry.origins["test-plugin-connector"].startswith("plugin ")
