"""OpenAPI declarations shared by the API routers: the bearer scheme and problem responses."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer

from resonance.api.schemas import Problem
from resonance.web.problems import PROBLEM_JSON

# Declares the scheme in the document; the token itself is checked by web.deps.optional_actor.
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    description="An API token (rsn_...) created under /api/v1/tokens or in the web settings.",
)

_DESCRIPTIONS: dict[int, str] = {
    400: "Malformed request (for example a body that is not JSON).",
    401: "No token, or a token that is unknown, revoked or expired.",
    403: "Your role does not allow this.",
    404: "No such object, or not inside your units.",
    409: "Conflicts with the current state (duplicate, still in use).",
    413: "The request body is larger than the configured limit.",
    422: "Invalid input; `errors` names each field.",
    503: "The service cannot work right now (database unreachable or schema behind).",
}
_PROBLEM_SCHEMA = Problem.model_json_schema()


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting problem+json bodies for these statuses."""
    return {
        status: {
            "description": _DESCRIPTIONS[status],
            "content": {PROBLEM_JSON: {"schema": _PROBLEM_SCHEMA}},
        }
        for status in statuses
    }


def operation_id(route: APIRoute) -> str:
    """Operation ids are the endpoint function names (`list_units`), unique across the API."""
    return route.name
