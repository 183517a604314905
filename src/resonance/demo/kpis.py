"""Demo KPIs on the demo projects, with targets set against the loaded data: each status shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.demo.organization import DEMO_ACTOR
from resonance.kpi import Kpi, create_kpi, evaluate_kpi, redefine_kpi
from resonance.monitoring.queries import find_project_by_slug
from resonance.storage.base import utcnow

Target = Callable[[float], float]


@dataclass(frozen=True)
class DemoKpi:
    slug: str
    name: str
    definition: dict[str, Any]
    target: Target  # from the measured value of the last complete window
    visibility: str = "unit"


def _share(value: float) -> float:
    return round(min(max(value, 0.0), 1.0), 2)


SPECS: tuple[DemoKpi, ...] = (
    DemoKpi(
        "digital-literacy",
        "Mentions per day",
        {"metric": "mention_count", "window": "day", "comparator": ">="},
        lambda v: max(1.0, round(v * 0.5)),  # comfortably met: on track
        "organisation",
    ),
    DemoKpi(
        "digital-literacy",
        "Positive share at least 70 %",
        {"metric": "positive_share", "window": "rolling", "window_days": 14, "comparator": ">="},
        lambda v: _share(max(0.70, v + 0.25)),  # far above what is measured: off track
    ),
    DemoKpi(
        "e-services",
        "Negative share at most 30 %",
        {"metric": "negative_share", "window": "rolling", "window_days": 14, "comparator": "<="},
        lambda v: _share(v),  # right at the measured value: the interval straddles it, at risk
        "organisation",
    ),
    DemoKpi(
        "open-data",
        "Unique sources per week",
        {"metric": "unique_sources", "window": "week", "comparator": ">="},
        lambda v: max(1.0, v - 1),
    ),
)


def _exists(session: Session, project_id: int, name: str) -> bool:
    found = session.scalar(select(Kpi.id).where(Kpi.project_id == project_id, Kpi.name == name))
    return found is not None


def load_demo_kpis(session: Session, *, as_of: datetime | None = None) -> int:
    """Create the demo KPIs that are missing; returns how many were created (idempotent)."""
    as_of = as_of or utcnow()
    created = 0
    for spec in SPECS:
        project = find_project_by_slug(session, spec.slug)
        if project is None or _exists(session, project.id, spec.name):
            continue
        provisional = 0.5 if spec.definition["metric"].endswith("_share") else 1.0
        kpi = create_kpi(
            session,
            DEMO_ACTOR,
            name=spec.name,
            project_id=project.id,
            owner_unit_id=project.owner_unit_id,
            target=provisional,
            baseline_on=(as_of - timedelta(days=60)).date(),
            visibility=spec.visibility,
            **spec.definition,
        )
        measured = evaluate_kpi(session, kpi, as_of=as_of).current
        if measured is not None and measured.value is not None:
            redefine_kpi(
                session,
                DEMO_ACTOR,
                kpi.id,
                target=spec.target(measured.value),
                note="target set against the demo data's measured value",
            )
        created += 1
    return created
