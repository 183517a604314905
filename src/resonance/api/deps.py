"""Small helpers shared by API routes (access policies live in resonance.web.deps)."""

from __future__ import annotations

from resonance.errors import Unauthenticated
from resonance.organization.access import Actor


def own_user_id(actor: Actor) -> int:
    """The id of the signed-in person; system actors have none and cannot use these routes."""
    if actor.user_id is None:
        raise Unauthenticated("This needs a person's account, not a system process.")
    return actor.user_id
