"""The audit log: who changed what, when, with the state before and after."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from resonance.api.pagination import Page, PageDep, paginate
from resonance.api.schemas import AuditEntryOut
from resonance.audit import queries
from resonance.web.deps import Auditor, SessionDep

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("")
def list_audit_entries(
    session: SessionDep,
    actor: Auditor,
    request: Request,
    response: Response,
    page: PageDep,
    entity_type: Annotated[
        str | None, Query(max_length=64, description="unit, user, membership, project, ...")
    ] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    actor_user_id: Annotated[int | None, Query(description="Changes made by this person.")] = None,
    action: Annotated[
        str | None, Query(max_length=64, description="create, update, delete, move, ...")
    ] = None,
) -> Page[AuditEntryOut]:
    """Entries about your units (everything for administrators of the whole organisation)."""
    stmt = queries.audit_query(
        actor,
        entity_type=entity_type,
        entity_id=entity_id,
        actor_user_id=actor_user_id,
        action=action,
    )
    return paginate(session, stmt, AuditEntryOut, page=page, request=request, response=response)
