"""Request dependencies shared by pages and the API: database session, actor, access policy."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from resonance.auth.services import authenticate_token, load_session
from resonance.config import Settings
from resonance.errors import PermissionDenied, Unauthenticated
from resonance.organization.access import Actor, Permission
from resonance.organization.queries import load_actor
from resonance.storage.runtime import Database

SESSION_COOKIE = "resonance_session"


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: committed when the handler succeeds, rolled back otherwise."""
    session = get_database(request).sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": commit before the response is sent, so a failed commit is reported as an
# error instead of following a success the client already received.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _check_api_csrf(request: Request, expected: str) -> None:
    """A browser session writing to /api must echo its CSRF token (pages check their forms)."""
    if request.method in SAFE_METHODS or not request.url.path.startswith("/api/"):
        return
    sent = request.headers.get("x-csrf-token", "")
    if not sent or not hmac.compare_digest(sent, expected):
        raise PermissionDenied(
            "A browser session writing to the API must send its CSRF token in the "
            "X-CSRF-Token header; nothing was changed."
        )


def optional_actor(request: Request, session: SessionDep) -> Actor | None:
    """The actor from a bearer token or a session cookie, or None for an anonymous request."""
    if hasattr(request.state, "actor"):
        cached: Actor | None = request.state.actor
        return cached
    actor: Actor | None = None
    request.state.auth_method = None
    token = _bearer(request)
    if token is not None:
        user = authenticate_token(session, token)
        actor, request.state.auth_method = load_actor(session, user), "token"
        request.state.user = user
    elif raw := request.cookies.get(SESSION_COOKIE):
        loaded = load_session(session, raw)
        if loaded is not None:
            web_session, user = loaded
            _check_api_csrf(request, web_session.csrf_token)
            request.state.web_session, request.state.user = web_session, user
            actor, request.state.auth_method = load_actor(session, user), "session"
    request.state.actor = actor
    return actor


OptionalActor = Annotated[Actor | None, Depends(optional_actor)]


@dataclass(frozen=True)
class AccessPolicy:
    """What a route needs: nothing (public), any signed-in user, or a permission somewhere."""

    kind: str  # "public" | "authenticated" | "permission"
    permission: Permission | None = None

    def allows(self, actor: Actor | None) -> bool:
        if self.kind == "public":
            return True
        if actor is None:
            return False
        return self.kind == "authenticated" or (
            self.permission is not None and actor.can_anywhere(self.permission)
        )


def access(policy: str | Permission) -> Callable[..., Actor | None]:
    """A dependency that enforces a route's access policy and returns the actor.

    Every route must depend on exactly one of these: the route-matrix test reads the policy
    from the dependency (attribute `access_policy`) and fails for a route without one.
    Unit scope is enforced further down, by the services' access_*_for functions.
    """
    if isinstance(policy, Permission):
        resolved = AccessPolicy("permission", policy)
    elif policy in ("public", "authenticated"):
        resolved = AccessPolicy(policy)
    else:
        raise ValueError(f"unknown access policy {policy!r}")

    def dependency(actor: OptionalActor) -> Actor | None:
        if resolved.kind == "public":
            return actor
        if actor is None:
            raise Unauthenticated("Sign in first: this page needs an account.")
        if not resolved.allows(actor):
            raise PermissionDenied(f"Your role does not grant '{resolved.permission}'.")
        return actor

    dependency.access_policy = resolved  # type: ignore[attr-defined]
    return dependency


def _required(policy: str | Permission) -> Any:
    return Annotated[Actor, Depends(access(policy))]


SignedIn = _required("authenticated")
Viewer = _required(Permission.VIEW)
Analyst = _required(Permission.ANALYSE)
ProjectManager = _required(Permission.MANAGE_PROJECTS)
UnitManager = _required(Permission.MANAGE_UNITS)
UserManager = _required(Permission.MANAGE_USERS)
Auditor = _required(Permission.VIEW_AUDIT)
PublicActor = Annotated[Actor | None, Depends(access("public"))]


def access_policy_of(dependant: Any) -> AccessPolicy | None:
    """The access policy declared in a route's dependency tree (for the route-matrix test)."""
    for sub in dependant.dependencies:
        policy = getattr(sub.call, "access_policy", None)
        if policy is not None:
            return policy  # type: ignore[no-any-return]
        found = access_policy_of(sub)
        if found is not None:
            return found
    return None
