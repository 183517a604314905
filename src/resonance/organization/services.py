"""Writes on units, users and memberships; each one checks access and is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, exists, func, literal, select, update
from sqlalchemy.orm import Session

from resonance.audit.services import record, snapshot
from resonance.auth.passwords import hash_password, verify_password
from resonance.errors import Conflict, Invalid, NotFound, PermissionDenied
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Membership, Role, Unit, UnitKind, User
from resonance.organization.queries import (
    access_unit_for,
    access_user_for,
    find_user_by_email,
    get_unit,
)
from resonance.organization.validation import (
    clean_business_hours,
    clean_country,
    clean_email,
    clean_locale,
    clean_name,
    clean_population,
    clean_timezone,
)

MAX_TREE_DEPTH = 12


def _check_sibling_name(
    session: Session, parent_id: int | None, name: str, skip: int | None
) -> None:
    stmt = select(Unit.id).where(
        Unit.parent_id.is_(parent_id) if parent_id is None else Unit.parent_id == parent_id,
        Unit.name == name,
    )
    if skip is not None:
        stmt = stmt.where(Unit.id != skip)
    if session.scalar(stmt) is not None:
        raise Conflict(f"A unit named {name!r} already exists at this place in the tree.")


def create_unit(
    session: Session,
    actor: Actor,
    *,
    name: str,
    kind: UnitKind | str,
    parent_id: int | None = None,
    country: str | None = None,
    timezone: str = "UTC",
) -> Unit:
    """Create a unit under `parent_id` (or a new root, for root administrators)."""
    name = clean_name(name)
    try:
        unit_kind = UnitKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in UnitKind)
        raise Invalid(f"{kind!r} is not a unit kind; choose one of {choices}.") from None
    parent: Unit | None = None
    if parent_id is None:
        if not actor.is_root_admin():
            raise PermissionDenied("Only an administrator of the whole organisation adds a root.")
    else:
        parent = access_unit_for(session, actor, parent_id, Permission.MANAGE_UNITS)
        if parent.depth + 1 >= MAX_TREE_DEPTH:
            raise Invalid(f"The unit tree may be at most {MAX_TREE_DEPTH} levels deep.")
    _check_sibling_name(session, parent_id, name, None)
    unit = Unit(
        name=name,
        kind=unit_kind,
        parent_id=parent_id,
        country=clean_country(country) if country else (parent.country if parent else None),
        timezone=clean_timezone(timezone),
        path="/",
    )
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity_type="unit",
        entity_id=unit.id,
        unit_id=unit.id,
        after=snapshot(unit),
    )
    return unit


def update_unit(
    session: Session,
    actor: Actor,
    unit_id: int,
    *,
    name: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    timezone: str | None = None,
    population: int | str | None = None,
    business_hours: dict[str, Any] | None = None,
    office: bool = False,
) -> Unit:
    """Change a unit; with `office`, also its population and office hours (None clears them)."""
    unit = access_unit_for(session, actor, unit_id, Permission.MANAGE_UNITS)
    before = snapshot(unit)
    if name is not None:
        cleaned = clean_name(name)
        _check_sibling_name(session, unit.parent_id, cleaned, unit.id)
        unit.name = cleaned
    if kind is not None:
        try:
            unit.kind = UnitKind(kind)
        except ValueError:
            raise Invalid(f"{kind!r} is not a unit kind.") from None
    if country is not None:
        unit.country = clean_country(country)
    if timezone is not None:
        unit.timezone = clean_timezone(timezone)
    if office:
        unit.population = clean_population(population)
        unit.business_hours = clean_business_hours(business_hours)
    session.flush()
    record(
        session,
        actor=actor,
        action="update",
        entity_type="unit",
        entity_id=unit.id,
        unit_id=unit.id,
        before=before,
        after=snapshot(unit),
    )
    return unit


def move_unit(session: Session, actor: Actor, unit_id: int, *, new_parent_id: int) -> Unit:
    """Move a unit and its subtree under another unit; never under itself or its descendants."""
    unit = access_unit_for(session, actor, unit_id, Permission.MANAGE_UNITS)
    if unit.parent_id is None:
        raise Invalid("A root unit cannot be moved under another unit.")
    new_parent = access_unit_for(session, actor, new_parent_id, Permission.MANAGE_UNITS)
    if new_parent.path.startswith(unit.path):
        raise Invalid(
            f"Unit {unit.name!r} cannot move under {new_parent.name!r}: "
            "that unit is inside its own subtree."
        )
    subtree_height = (
        (
            session.scalar(
                select(
                    func.max(func.length(Unit.path) - func.length(func.replace(Unit.path, "/", "")))
                ).where(Unit.path.startswith(unit.path))
            )
            or 0
        )
        - unit.path.count("/")
        + 1
    )
    if new_parent.depth + 1 + subtree_height >= MAX_TREE_DEPTH:
        raise Invalid(f"The unit tree may be at most {MAX_TREE_DEPTH} levels deep.")
    _check_sibling_name(session, new_parent.id, unit.name, unit.id)
    before = snapshot(unit)
    old_prefix, new_prefix = unit.path, f"{new_parent.path}{unit.id}/"
    session.execute(
        update(Unit)
        .where(Unit.path.startswith(old_prefix))
        .values(path=literal(new_prefix, String()) + func.substr(Unit.path, len(old_prefix) + 1))
        .execution_options(synchronize_session=False)
    )
    unit.parent_id = new_parent.id
    session.flush()
    session.expire_all()
    unit = get_unit(session, unit_id)
    record(
        session,
        actor=actor,
        action="move",
        entity_type="unit",
        entity_id=unit.id,
        unit_id=unit.id,
        before=before,
        after=snapshot(unit),
    )
    return unit


def delete_unit(session: Session, actor: Actor, unit_id: int) -> None:
    """Delete a leaf unit that nothing refers to; say what blocks it otherwise."""
    from resonance.monitoring.models import Project

    unit = access_unit_for(session, actor, unit_id, Permission.MANAGE_UNITS)
    if session.scalar(select(exists().where(Unit.parent_id == unit.id))):
        raise Conflict(f"Unit {unit.name!r} has sub-units; move or delete them first.")
    if session.scalar(select(exists().where(Project.owner_unit_id == unit.id))):
        raise Conflict(f"Unit {unit.name!r} owns projects; give them to another unit first.")
    if session.scalar(select(exists().where(Membership.unit_id == unit.id))):
        raise Conflict(f"People hold roles on unit {unit.name!r}; remove those roles first.")
    before = snapshot(unit)
    session.delete(unit)
    session.flush()
    record(
        session, actor=actor, action="delete", entity_type="unit", entity_id=unit_id, before=before
    )


def create_user(
    session: Session,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    password: str,
    locale: str | None = None,
) -> User:
    if not actor.can_anywhere(Permission.MANAGE_USERS):
        raise PermissionDenied("You may not add people: it needs the 'manage_users' permission.")
    email = clean_email(email)
    if find_user_by_email(session, email) is not None:
        raise Conflict(f"A user with the e-mail {email} already exists.")
    user = User(
        email=email,
        display_name=clean_name(display_name, field="display name"),
        password_hash=hash_password(password),
        locale=clean_locale(locale),
        is_active=True,
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity_type="user",
        entity_id=user.id,
        after=snapshot(user),
    )
    return user


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    display_name: str | None = None,
    locale: str | None = None,
    is_active: bool | None = None,
) -> User:
    """Change a profile; people edit their own name and language, administrators the rest."""
    user = access_user_for(session, actor, user_id)
    is_self = actor.user_id == user.id
    if not is_self and not actor.can_anywhere(Permission.MANAGE_USERS):
        raise PermissionDenied("You may not change other people's profiles.")
    if is_active is not None and is_self:
        raise Invalid("You cannot deactivate or reactivate your own account.")
    before = snapshot(user)
    if display_name is not None:
        user.display_name = clean_name(display_name, field="display name")
    if locale is not None:
        user.locale = clean_locale(locale)
    if is_active is not None:
        user.is_active = is_active
    session.flush()
    record(
        session,
        actor=actor,
        action="update",
        entity_type="user",
        entity_id=user.id,
        before=before,
        after=snapshot(user),
    )
    return user


def change_password(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    new_password: str,
    current_password: str | None = None,
) -> None:
    """Set a password: your own needs the current one; an administrator may reset others'."""
    user = access_user_for(session, actor, user_id)
    if actor.user_id == user.id:
        if current_password is None or not verify_password(user.password_hash, current_password):
            raise Invalid("The current password is wrong.", field="current_password")
    elif not actor.can_anywhere(Permission.MANAGE_USERS):
        raise PermissionDenied("You may not change other people's passwords.")
    user.password_hash = hash_password(new_password)
    session.flush()
    record(session, actor=actor, action="change_password", entity_type="user", entity_id=user.id)


def grant_role(
    session: Session, actor: Actor, *, user_id: int, unit_id: int, role: Role | str
) -> Membership:
    try:
        role = Role(role)
    except ValueError:
        raise Invalid(
            f"{role!r} is not a role; choose one of {', '.join(r.value for r in Role)}."
        ) from None
    unit = access_unit_for(session, actor, unit_id, Permission.MANAGE_USERS)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user with id {user_id}.")
    existing = session.scalar(
        select(Membership).where(
            Membership.user_id == user_id, Membership.unit_id == unit_id, Membership.role == role
        )
    )
    if existing is not None:
        raise Conflict(f"{user.email} already holds the role {role.value} on {unit.name!r}.")
    membership = Membership(user_id=user_id, unit_id=unit_id, role=role)
    session.add(membership)
    session.flush()
    record(
        session,
        actor=actor,
        action="grant_role",
        entity_type="membership",
        entity_id=membership.id,
        unit_id=unit_id,
        after=snapshot(membership),
    )
    return membership


def revoke_role(session: Session, actor: Actor, membership_id: int) -> None:
    membership = session.get(Membership, membership_id)
    if membership is None:
        raise NotFound(f"There is no role assignment with id {membership_id}.")
    access_unit_for(session, actor, membership.unit_id, Permission.MANAGE_USERS)
    if membership.user_id == actor.user_id and membership.role is Role.ADMINISTRATOR:
        raise Invalid("You cannot remove your own administrator role; ask another administrator.")
    before = snapshot(membership)
    session.delete(membership)
    session.flush()
    record(
        session,
        actor=actor,
        action="revoke_role",
        entity_type="membership",
        entity_id=membership_id,
        unit_id=membership.unit_id,
        before=before,
    )
