"""People: list, read, create, change, reset a password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate
from resonance.api.schemas import PasswordReset, UserCreate, UserOut, UserUpdate
from resonance.organization import queries, services
from resonance.organization.models import Role
from resonance.web.deps import SessionDep, UserManager

router = APIRouter(prefix="/users", tags=["users"])


@router.get("")
def list_users(
    session: SessionDep,
    actor: UserManager,
    request: Request,
    response: Response,
    page: PageDep,
    search: Annotated[
        str | None, Query(max_length=200, description="Part of the e-mail or name.")
    ] = None,
    role: Annotated[Role | None, Query(description="People holding this role.")] = None,
    unit_id: Annotated[int | None, Query(description="People holding a role on this unit.")] = None,
) -> Page[UserOut]:
    """People holding roles inside the units you manage."""
    stmt = queries.users_query(actor, search=search, role=role, unit_id=unit_id)
    return paginate(session, stmt, UserOut, page=page, request=request, response=response)


@router.get("/{user_id}", responses=problem_responses(404))
def get_user(session: SessionDep, actor: UserManager, user_id: int) -> UserOut:
    return UserOut.model_validate(queries.access_user_for(session, actor, user_id))


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(409))
def create_user(
    session: SessionDep, actor: UserManager, body: UserCreate, request: Request, response: Response
) -> UserOut:
    """Add a person; give them roles with POST /memberships."""
    user = services.create_user(session, actor, **body.model_dump())
    response.headers["Location"] = f"{request.url.path}/{user.id}"
    return UserOut.model_validate(user)


@router.patch("/{user_id}", responses=problem_responses(404))
def update_user(session: SessionDep, actor: UserManager, user_id: int, body: UserUpdate) -> UserOut:
    """Change a person's name or language, or (de)activate their account."""
    return UserOut.model_validate(services.update_user(session, actor, user_id, **body.changes()))


@router.post(
    "/{user_id}/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404),
)
def reset_password(
    session: SessionDep, actor: UserManager, user_id: int, body: PasswordReset
) -> None:
    """Set someone's password; for your own, send `current_password` too."""
    services.change_password(session, actor, user_id, **body.model_dump())
