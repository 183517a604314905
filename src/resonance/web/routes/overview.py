"""The overview: the actor's roles, units and projects at a glance."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from resonance.monitoring.queries import list_projects
from resonance.organization.queries import list_units
from resonance.storage.base import utcnow
from resonance.web.deps import SessionDep, SignedIn
from resonance.web.labels import ROLE_LABELS
from resonance.web.templating import page_router, render

router = page_router()


@router.get("/")
def overview(request: Request, session: SessionDep, actor: SignedIn) -> Response:
    units = list_units(session, actor)
    projects = list_projects(session, actor)
    today = utcnow().date()
    active = [
        p
        for p in projects
        if (p.starts_on is None or p.starts_on <= today)
        and (p.ends_on is None or p.ends_on >= today)
    ]
    names = {unit.id: unit.name for unit in units}
    roles = [
        {"label": ROLE_LABELS[g.role.value], "unit": names.get(g.unit_id, "")} for g in actor.grants
    ]
    context = {"units": units, "projects": projects, "active_count": len(active), "roles": roles}
    return render(request, "overview/index.html", context)
