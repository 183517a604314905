"""Version 1 of the REST API under /api/v1: one router per area, bearer tokens, problem+json."""

from __future__ import annotations

from fastapi import APIRouter, Security

from resonance.api.openapi import bearer_scheme, operation_id, problem_responses
from resonance.api.v1 import (
    alerts,
    audit,
    consultations,
    feedback,
    feedback_analysis,
    feedback_imports,
    feedback_replies,
    feedback_routing,
    kpis,
    me,
    memberships,
    mentions,
    projects,
    queries,
    sources,
    tokens,
    units,
    users,
)

router = APIRouter(
    prefix="/api/v1",
    dependencies=[Security(bearer_scheme)],
    responses=problem_responses(400, 401, 403, 413, 422),
    generate_unique_id_function=operation_id,
)
for _area in (
    units,
    users,
    memberships,
    projects,
    mentions,
    queries,
    sources,
    tokens,
    me,
    audit,
    alerts,
    kpis,
    feedback_analysis,  # before feedback: its /{item_id} would take /themes
    feedback,
    feedback_replies,
    feedback_routing,
    consultations,
    feedback_imports,
):
    router.include_router(_area.router)

__all__ = ["router"]
