"""The signed-in person: profile, roles, own password."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from resonance.api.deps import own_user_id
from resonance.api.schemas import GrantOut, MeOut, PasswordChange, ProfileUpdate, UserOut
from resonance.organization import queries, services
from resonance.web.deps import SessionDep, SignedIn

router = APIRouter(prefix="/me", tags=["me"])


@router.get("")
def get_me(session: SessionDep, actor: SignedIn, request: Request) -> MeOut:
    """Who you are, the roles you hold and what they allow."""
    user = queries.get_user(session, own_user_id(actor))
    return MeOut(
        user=UserOut.model_validate(user),
        grants=[GrantOut.of(grant) for grant in actor.grants],
        auth_method=getattr(request.state, "auth_method", None),
    )


@router.patch("")
def update_me(session: SessionDep, actor: SignedIn, body: ProfileUpdate) -> UserOut:
    """Change your display name or language."""
    user = services.update_user(session, actor, own_user_id(actor), **body.changes())
    return UserOut.model_validate(user)


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
def change_my_password(session: SessionDep, actor: SignedIn, body: PasswordChange) -> None:
    """Change your password; `current_password` is required."""
    services.change_password(session, actor, own_user_id(actor), **body.model_dump())
