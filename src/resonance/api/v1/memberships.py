"""Roles held on units: grant and revoke."""

from __future__ import annotations

from fastapi import APIRouter, status

from resonance.api.openapi import problem_responses
from resonance.api.schemas import MembershipCreate, MembershipOut
from resonance.organization import services
from resonance.web.deps import SessionDep, UserManager

router = APIRouter(prefix="/memberships", tags=["users"])


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(404, 409))
def grant_role(session: SessionDep, actor: UserManager, body: MembershipCreate) -> MembershipOut:
    """Give a person a role on a unit (and so on its whole subtree)."""
    return MembershipOut.model_validate(services.grant_role(session, actor, **body.model_dump()))


@router.delete(
    "/{membership_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def revoke_role(session: SessionDep, actor: UserManager, membership_id: int) -> None:
    """Take a role away; your own administrator role must be removed by someone else."""
    services.revoke_role(session, actor, membership_id)
