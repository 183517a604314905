"""Plugin hooks: built-in features are plugins of Resonance, registered like third-party ones."""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("resonance")
hookimpl = pluggy.HookimplMarker("resonance")


@hookspec
def register_connectors() -> list[type[Any]]:  # type: ignore[empty-body]
    """Connector classes (name, config_model, fetch) to add to the source registry."""


@hookspec
def register_metrics() -> list[Any]:  # type: ignore[empty-body]
    """KPI metrics (resonance.kpi.metrics.Metric) to add to the metric catalogue."""


@hookspec
def register_text_steps() -> list[Any]:  # type: ignore[empty-body]
    """Extra enrichment steps run by the ingest pipeline after the built-in text features."""


@hookspec
def register_report_formats() -> list[Any]:  # type: ignore[empty-body]
    """Report renderers (HTML, PDF, XLSX...) for dashboards and briefings."""
