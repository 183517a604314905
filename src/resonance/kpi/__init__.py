"""KPIs: goal objects with honest evaluation (n, interval, completeness), forecast and status."""

from __future__ import annotations

from resonance.kpi.evaluation import Evaluation, WindowValue, evaluate_kpi, evaluate_kpis
from resonance.kpi.forecast import Forecast, Status
from resonance.kpi.metrics import Metric, MetricKind, MetricRegistry, default_registry
from resonance.kpi.models import Comparator, Kpi, KpiVersion, Visibility, WindowKind
from resonance.kpi.queries import access_kpi_for, list_kpi_versions, list_kpis
from resonance.kpi.services import archive_kpi, create_kpi, redefine_kpi, update_kpi

__all__ = [
    "Comparator",
    "Evaluation",
    "Forecast",
    "Kpi",
    "KpiVersion",
    "Metric",
    "MetricKind",
    "MetricRegistry",
    "Status",
    "Visibility",
    "WindowKind",
    "WindowValue",
    "access_kpi_for",
    "archive_kpi",
    "create_kpi",
    "default_registry",
    "evaluate_kpi",
    "evaluate_kpis",
    "list_kpi_versions",
    "list_kpis",
    "redefine_kpi",
    "update_kpi",
]
