"""Import every models module so Base.metadata knows all tables (Alembic, tests)."""

from __future__ import annotations

import importlib

MODEL_MODULES: tuple[str, ...] = (
    "resonance.organization.models",
    "resonance.monitoring.models",
    "resonance.auth.models",
    "resonance.audit.models",
    "resonance.tasks.models",
    "resonance.sources.models",
    "resonance.ingest.models",
    "resonance.kpi.models",
    "resonance.alerts.models",
    "resonance.feedback.models",
    "resonance.consultation.models",
)


def load_all_models() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)
