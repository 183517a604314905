"""Units of the organisation tree: list, read, create, change, move, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate
from resonance.api.schemas import UnitCreate, UnitMove, UnitOut, UnitUpdate
from resonance.organization import queries, services
from resonance.organization.models import UnitKind
from resonance.web.deps import SessionDep, UnitManager, Viewer

router = APIRouter(prefix="/units", tags=["units"])


@router.get("")
def list_units(
    session: SessionDep,
    actor: Viewer,
    request: Request,
    response: Response,
    page: PageDep,
    search: Annotated[str | None, Query(max_length=200, description="Part of the name.")] = None,
    parent_id: Annotated[int | None, Query(description="Direct children of this unit.")] = None,
    kind: UnitKind | None = None,
) -> Page[UnitOut]:
    """Units you may see, in tree order."""
    stmt = queries.units_query(actor, search=search, parent_id=parent_id, kind=kind)
    return paginate(session, stmt, UnitOut, page=page, request=request, response=response)


@router.get("/{unit_id}", responses=problem_responses(404))
def get_unit(session: SessionDep, actor: Viewer, unit_id: int) -> UnitOut:
    return UnitOut.model_validate(queries.access_unit_for(session, actor, unit_id))


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(404, 409))
def create_unit(
    session: SessionDep, actor: UnitManager, body: UnitCreate, request: Request, response: Response
) -> UnitOut:
    """Add a unit under `parent_id`; only administrators of the whole organisation add roots."""
    unit = services.create_unit(session, actor, **body.model_dump())
    response.headers["Location"] = f"{request.url.path}/{unit.id}"
    return UnitOut.model_validate(unit)


@router.patch("/{unit_id}", responses=problem_responses(404, 409))
def update_unit(session: SessionDep, actor: UnitManager, unit_id: int, body: UnitUpdate) -> UnitOut:
    """Rename a unit or change its kind, country or time zone."""
    return UnitOut.model_validate(services.update_unit(session, actor, unit_id, **body.changes()))


@router.post("/{unit_id}/move", responses=problem_responses(404, 409))
def move_unit(session: SessionDep, actor: UnitManager, unit_id: int, body: UnitMove) -> UnitOut:
    """Move a unit with its whole subtree under another unit (never under itself)."""
    unit = services.move_unit(session, actor, unit_id, new_parent_id=body.parent_id)
    return UnitOut.model_validate(unit)


@router.delete(
    "/{unit_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404, 409)
)
def delete_unit(session: SessionDep, actor: UnitManager, unit_id: int) -> None:
    """Delete a unit without sub-units, projects or people; 409 says what blocks it."""
    services.delete_unit(session, actor, unit_id)
