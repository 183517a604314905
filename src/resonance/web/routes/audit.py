"""The audit log for administrators: paginated, filtered, with a before/after diff per entry."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from resonance.audit.queries import audit_query
from resonance.organization.queries import find_user_by_email
from resonance.web.deps import Auditor, SessionDep
from resonance.web.pagination import paginate
from resonance.web.templating import page_router, render_page

router = page_router()
PER_PAGE = 50


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Rows of (field, before, after, changed) for the fields present on either side."""
    before, after = before or {}, after or {}
    keys = [k for k in before if k not in ("created_at", "updated_at")]
    keys += [k for k in after if k not in before and k not in ("created_at", "updated_at")]
    return [
        {
            "field": key,
            "before": before.get(key),
            "after": after.get(key),
            "changed": before.get(key) != after.get(key),
        }
        for key in keys
    ]


@router.get("/audit")
def audit_page(
    request: Request,
    session: SessionDep,
    actor: Auditor,
    entity: str = "",
    entity_id: str = "",
    action: str = "",
    who: str = "",
    page: int = 1,
) -> Response:
    filters = {
        "entity": entity[:64],
        "entity_id": entity_id[:64],
        "action": action[:64],
        "who": who[:254],
    }
    actor_user_id: int | None = None
    if who.strip():
        person = find_user_by_email(session, who)
        actor_user_id = person.id if person else -1
    stmt = audit_query(
        actor,
        entity_type=filters["entity"] or None,
        entity_id=filters["entity_id"] or None,
        action=filters["action"] or None,
        actor_user_id=actor_user_id,
    )
    context = {
        "page": paginate(session, stmt, page=page, per_page=PER_PAGE, filters=filters),
        "filters": filters,
        "diff": diff,
        "entities": ("unit", "user", "membership", "project", "api_token"),
        "actions": (
            "create",
            "update",
            "delete",
            "move",
            "grant_role",
            "revoke_role",
            "change_password",
            "login",
            "revoke",
        ),
    }
    return render_page(request, "audit/index.html", context, fragment="audit/_list.html")
