"""API tokens of the signed-in person: list, create (secret shown once), revoke."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from resonance.api.deps import own_user_id
from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate_sequence
from resonance.api.schemas import TokenCreate, TokenCreated, TokenOut
from resonance.auth import services
from resonance.web.deps import SessionDep, SignedIn

router = APIRouter(prefix="/tokens", tags=["tokens"])


@router.get("")
def list_tokens(
    session: SessionDep, actor: SignedIn, request: Request, response: Response, page: PageDep
) -> Page[TokenOut]:
    """Your tokens, oldest first, revoked ones included; secrets are never shown again."""
    tokens = services.list_tokens(session, own_user_id(actor))
    return paginate_sequence(tokens, TokenOut, page=page, request=request, response=response)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(404))
def create_token(session: SessionDep, actor: SignedIn, body: TokenCreate) -> TokenCreated:
    """Create a token; copy `secret` now, it is stored only as a hash."""
    secret, token = services.create_token(
        session,
        actor,
        user_id=body.user_id if body.user_id is not None else own_user_id(actor),
        name=body.name,
        expires_at=body.expires_at,
    )
    return TokenCreated.model_validate(
        {**TokenOut.model_validate(token).model_dump(), "secret": secret}
    )


@router.delete(
    "/{token_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def revoke_token(session: SessionDep, actor: SignedIn, token_id: int) -> None:
    """Revoke a token at once; requests carrying it get 401 from now on."""
    services.revoke_token(session, actor, token_id)
