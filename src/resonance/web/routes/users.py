"""People: list with filters, add, grant and revoke roles, deactivate (for user managers)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.errors import ResonanceError
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Role
from resonance.organization.queries import access_user_for, list_units, users_query
from resonance.organization.services import create_user, grant_role, revoke_role, update_user
from resonance.web.deps import SessionDep, UserManager
from resonance.web.pagination import paginate
from resonance.web.templating import form_errors, page_router, render, render_page, see_other

router = page_router()
TextField = Annotated[str, Form(max_length=1024)]


def _manageable_units(session: SessionDep, actor: Actor) -> list[Any]:
    return [u for u in list_units(session, actor) if actor.can(Permission.MANAGE_USERS, u.path)]


def _users_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    *,
    filters: dict[str, Any],
    page: int = 1,
    status: int = 200,
    **extra: Any,
) -> Response:
    stmt = users_query(
        actor,
        search=filters.get("q") or None,
        role=filters.get("role") or None,
        unit_id=int(filters["unit"]) if str(filters.get("unit") or "").isdigit() else None,
    )
    context = {
        "page": paginate(session, stmt, page=page, filters=filters),
        "filters": filters,
        "roles": [r.value for r in Role],
        "units": _manageable_units(session, actor),
        "errors": {},
        "values": {},
        **extra,
    }
    return render_page(
        request, "users/index.html", context, fragment="users/_list.html", status=status
    )


@router.get("/users")
def users_page(
    request: Request,
    session: SessionDep,
    actor: UserManager,
    q: str = "",
    role: str = "",
    unit: str = "",
    page: int = 1,
) -> Response:
    filters = {"q": q[:200], "role": role[:32], "unit": unit[:16]}
    return _users_page(request, session, actor, filters=filters, page=page)


@router.post("/users")
def add_user(
    request: Request,
    session: SessionDep,
    actor: UserManager,
    email: TextField = "",
    display_name: TextField = "",
    password: TextField = "",
    locale: TextField = "",
) -> Response:
    try:
        user = create_user(
            session,
            actor,
            email=email,
            display_name=display_name,
            password=password,
            locale=locale or None,
        )
    except ResonanceError as exc:
        session.rollback()
        values = {"email": email, "display_name": display_name, "locale": locale}
        errors = form_errors(exc, default="password" if "password" in exc.detail else "form")
        return _users_page(
            request, session, actor, filters={}, status=exc.status, errors=errors, values=values
        )
    return see_other(f"/users/{user.id}?notice=created")


def _user_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    user_id: int,
    status: int = 200,
    **extra: Any,
) -> Response:
    person = access_user_for(session, actor, user_id)
    context = {
        "person": person,
        "memberships": sorted(person.memberships, key=lambda m: (m.unit.path, m.role.value)),
        "roles": [r.value for r in Role],
        "units": _manageable_units(session, actor),
        "errors": {},
        **extra,
    }
    return render(request, "users/detail.html", context, status=status)


@router.get("/users/{user_id}")
def user_page(request: Request, session: SessionDep, actor: UserManager, user_id: int) -> Response:
    return _user_page(request, session, actor, user_id)


@router.post("/users/{user_id}/roles")
def add_role(
    request: Request,
    session: SessionDep,
    actor: UserManager,
    user_id: int,
    unit_id: Annotated[int, Form()],
    role: Annotated[str, Form(max_length=32)],
) -> Response:
    access_user_for(session, actor, user_id)
    try:
        grant_role(session, actor, user_id=user_id, unit_id=unit_id, role=role)
    except ResonanceError as exc:
        session.rollback()
        return _user_page(request, session, actor, user_id, exc.status, errors=form_errors(exc))
    return see_other(f"/users/{user_id}?notice=granted")


@router.post("/users/{user_id}/roles/{membership_id}/revoke")
def remove_role(
    request: Request, session: SessionDep, actor: UserManager, user_id: int, membership_id: int
) -> Response:
    try:
        revoke_role(session, actor, membership_id)
    except ResonanceError as exc:
        session.rollback()
        return _user_page(request, session, actor, user_id, exc.status, errors=form_errors(exc))
    return see_other(f"/users/{user_id}?notice=revoked")


@router.post("/users/{user_id}/active")
def set_active(
    request: Request,
    session: SessionDep,
    actor: UserManager,
    user_id: int,
    active: Annotated[bool, Form()],
) -> Response:
    try:
        update_user(session, actor, user_id, is_active=active)
    except ResonanceError as exc:
        session.rollback()
        return _user_page(request, session, actor, user_id, exc.status, errors=form_errors(exc))
    return see_other(f"/users/{user_id}?notice=saved")
