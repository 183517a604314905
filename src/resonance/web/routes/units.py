"""The unit tree: view it; unit managers create, edit (inline with HTMX), move and delete."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.errors import ResonanceError
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit, UnitKind
from resonance.organization.queries import access_unit_for, list_units
from resonance.organization.services import create_unit, delete_unit, move_unit, update_unit
from resonance.web.deps import SessionDep, UnitManager, Viewer
from resonance.web.templating import form_errors, is_htmx, page_router, render_page, see_other

router = page_router()
NameField = Annotated[str, Form(max_length=400)]
ShortField = Annotated[str, Form(max_length=64)]
# Office-hours errors name the service's fields; the form calls them work_*.
OFFICE_FIELDS = {"start": "work_start", "end": "work_end"}


def _tree(units: Sequence[Unit], actor: Actor) -> list[dict[str, Any]]:
    top = min((u.depth for u in units), default=0)
    return [
        {
            "unit": u,
            "depth": min(u.depth - top, 5),
            "manageable": actor.can(Permission.MANAGE_UNITS, u.path),
        }
        for u in units
    ]


def _units_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    *,
    status: int = 200,
    search: str = "",
    **extra: Any,
) -> Response:
    units = list_units(session, actor, search=search or None)
    context = {
        "rows": _tree(units, actor),
        "all_units": list_units(session, actor) if search else units,
        "kinds": [k.value for k in UnitKind],
        "search": search,
        "can_manage": actor.can_anywhere(Permission.MANAGE_UNITS),
        "create_errors": {},
        "create_values": {},
        "row_errors": {},
        **extra,
    }
    return render_page(
        request, "units/index.html", context, fragment="units/_tree.html", status=status
    )


@router.get("/units")
def units_page(request: Request, session: SessionDep, actor: Viewer, q: str = "") -> Response:
    return _units_page(request, session, actor, search=q[:200])


@router.post("/units")
def add_unit(
    request: Request,
    session: SessionDep,
    actor: UnitManager,
    name: NameField = "",
    kind: ShortField = "department",
    parent_id: ShortField = "",
    country: ShortField = "",
    timezone: ShortField = "UTC",
) -> Response:
    values = {
        "name": name,
        "kind": kind,
        "parent_id": parent_id,
        "country": country,
        "timezone": timezone,
    }
    try:
        parent = int(parent_id) if parent_id.strip() else None
        create_unit(
            session,
            actor,
            name=name,
            kind=kind,
            parent_id=parent,
            country=country or None,
            timezone=timezone or "UTC",
        )
    except (ResonanceError, ValueError) as exc:
        session.rollback()
        errors = form_errors(exc) if isinstance(exc, ResonanceError) else {"parent_id": str(exc)}
        status = exc.status if isinstance(exc, ResonanceError) else 422
        return _units_page(
            request, session, actor, status=status, create_errors=errors, create_values=values
        )
    return see_other("/units?notice=created")


@router.get("/units/{unit_id}/edit")
def edit_unit_form(
    request: Request, session: SessionDep, actor: UnitManager, unit_id: int
) -> Response:
    unit = access_unit_for(session, actor, unit_id, Permission.MANAGE_UNITS)
    context = {
        "unit": unit,
        "errors": {},
        "values": {},
        "kinds": [k.value for k in UnitKind],
        "all_units": list_units(session, actor),
    }
    return render_page(request, "units/edit.html", context, fragment="units/_edit_row.html")


@router.post("/units/{unit_id}")
def save_unit(
    request: Request,
    session: SessionDep,
    actor: UnitManager,
    unit_id: int,
    name: NameField = "",
    kind: ShortField = "",
    country: ShortField = "",
    timezone: ShortField = "",
    population: ShortField = "",
    work_days: Annotated[list[str] | None, Form(max_length=7)] = None,
    work_start: ShortField = "",
    work_end: ShortField = "",
    office: ShortField = "",
) -> Response:
    hours = None
    if work_days or work_start or work_end:
        hours = {"days": work_days or [], "start": work_start, "end": work_end}
    try:
        unit = update_unit(
            session,
            actor,
            unit_id,
            name=name,
            kind=kind or None,
            country=country,
            timezone=timezone or None,
            population=population,
            business_hours=hours,
            office=office == "1",
        )
    except ResonanceError as exc:
        session.rollback()
        unit = access_unit_for(session, actor, unit_id, Permission.MANAGE_UNITS)
        context = {
            "unit": unit,
            "errors": {OFFICE_FIELDS.get(k, k): v for k, v in form_errors(exc).items()},
            "kinds": [k.value for k in UnitKind],
            "values": {
                "name": name,
                "kind": kind,
                "country": country,
                "timezone": timezone,
                "population": population,
                "work_days": [int(d) for d in work_days or [] if d.isdigit()],
                "work_start": work_start,
                "work_end": work_end,
            },
            "all_units": list_units(session, actor),
        }
        return render_page(
            request, "units/edit.html", context, fragment="units/_edit_row.html", status=exc.status
        )
    if is_htmx(request):
        row = {"unit": unit, "depth": 0, "manageable": True}
        return render_page(request, "units/_row.html", {"row": row}, fragment="units/_row.html")
    return see_other("/units?notice=saved")


@router.post("/units/{unit_id}/move")
def relocate_unit(
    request: Request,
    session: SessionDep,
    actor: UnitManager,
    unit_id: int,
    new_parent_id: Annotated[int, Form()],
) -> Response:
    try:
        move_unit(session, actor, unit_id, new_parent_id=new_parent_id)
    except ResonanceError as exc:
        session.rollback()
        return _units_page(
            request, session, actor, status=exc.status, row_errors={unit_id: exc.detail}
        )
    return see_other("/units?notice=moved")


@router.post("/units/{unit_id}/delete")
def remove_unit(
    request: Request, session: SessionDep, actor: UnitManager, unit_id: int
) -> Response:
    try:
        delete_unit(session, actor, unit_id)
    except ResonanceError as exc:
        session.rollback()
        return _units_page(
            request, session, actor, status=exc.status, row_errors={unit_id: exc.detail}
        )
    return see_other("/units?notice=deleted")
