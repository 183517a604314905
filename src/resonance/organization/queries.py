"""Read-only queries on units, users and memberships, always filtered by the actor's scope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from resonance.errors import NotFound
from resonance.organization.access import Actor, Grant, Permission
from resonance.organization.models import Membership, Unit, User


def scope_filter(
    actor: Actor, permission: Permission, path_column: InstrumentedAttribute[str]
) -> ColumnElement[bool]:
    """A WHERE clause limiting `path_column` (a Unit.path-like column) to the actor's subtrees."""
    paths = actor.scope_paths(permission)
    if paths is None:
        return true()
    if not paths:
        return false()
    return or_(*(path_column.startswith(p) for p in paths))


def load_actor(session: Session, user: User) -> Actor:
    """Build the Actor of a user from their memberships."""
    rows = session.execute(
        select(Membership.unit_id, Unit.path, Membership.role)
        .join(Unit, Unit.id == Membership.unit_id)
        .where(Membership.user_id == user.id)
    ).all()
    grants = tuple(Grant(unit_id=r[0], unit_path=r[1], role=r[2]) for r in rows)
    return Actor(user_id=user.id, label=user.email, grants=grants, locale=user.locale)


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user with id {user_id}.")
    return user


def get_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"There is no unit with id {unit_id}.")
    return unit


def access_unit_for(
    session: Session, actor: Actor, unit_id: int, permission: Permission = Permission.VIEW
) -> Unit:
    """The unit, if the actor holds `permission` on it; NotFound otherwise (no existence leak)."""
    unit = session.get(Unit, unit_id)
    if unit is None or not actor.can(Permission.VIEW, unit.path):
        raise NotFound(f"There is no unit with id {unit_id}.")
    actor.require(permission, unit.path, f"change unit {unit.name!r}")
    return unit


def units_query(
    actor: Actor,
    *,
    search: str | None = None,
    parent_id: int | None = None,
    kind: str | None = None,
) -> Select[Unit]:
    stmt = select(Unit).where(scope_filter(actor, Permission.VIEW, Unit.path))
    if search:
        stmt = stmt.where(func.lower(Unit.name).contains(search.lower()))
    if parent_id is not None:
        stmt = stmt.where(Unit.parent_id == parent_id)
    if kind:
        stmt = stmt.where(Unit.kind == kind)
    return stmt.order_by(Unit.path)


def list_units(session: Session, actor: Actor, **filters: Any) -> Sequence[Unit]:
    """Units the actor may see, in tree order (parents before children)."""
    return session.scalars(units_query(actor, **filters)).all()


def users_query(
    actor: Actor, *, search: str | None = None, role: str | None = None, unit_id: int | None = None
) -> Select[User]:
    """Users holding a role inside the actor's user-management scope."""
    in_scope = (
        select(Membership.user_id)
        .join(Unit, Unit.id == Membership.unit_id)
        .where(scope_filter(actor, Permission.MANAGE_USERS, Unit.path))
    )
    if role:
        in_scope = in_scope.where(Membership.role == role)
    if unit_id is not None:
        in_scope = in_scope.where(Membership.unit_id == unit_id)
    condition: ColumnElement[bool] = User.id.in_(in_scope)
    if actor.is_root_admin() and not role and unit_id is None:
        # Root administrators also see people who hold no role yet.
        condition = or_(condition, ~User.id.in_(select(Membership.user_id)))
    stmt = select(User).where(condition).options(selectinload(User.memberships))
    if search:
        like = search.lower()
        stmt = stmt.where(
            or_(func.lower(User.email).contains(like), func.lower(User.display_name).contains(like))
        )
    return stmt.order_by(User.email)


def access_user_for(session: Session, actor: Actor, user_id: int) -> User:
    """A user the actor may manage (or the actor themself); NotFound otherwise."""
    if actor.user_id == user_id:
        return get_user(session, user_id)
    user = session.scalar(users_query(actor).where(User.id == user_id))
    if user is None:
        raise NotFound(f"There is no user with id {user_id}.")
    return user


def count(session: Session, stmt: Select[object]) -> int:
    return int(
        session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    )
