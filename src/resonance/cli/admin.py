"""`resonance user ...` and `resonance token ...`: account administration from the shell."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.auth.services import create_token, revoke_token
from resonance.cli.common import database, fail, reports_errors
from resonance.organization.access import Actor
from resonance.organization.models import Role, Unit
from resonance.organization.queries import find_user_by_email
from resonance.organization.services import change_password, create_user, grant_role
from resonance.storage.engine import session_scope
from resonance.storage.schema import assert_schema_current

user_app = typer.Typer(help="Manage people's accounts.", no_args_is_help=True)
token_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
OPERATOR = Actor.system("cli")


def _read_password(password: str | None) -> str:
    if password:
        return password
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@user_app.command("add")
@reports_errors
def user_add(
    email: str,
    name: str = typer.Option(..., "--name", help="Display name."),
    role: Role | None = typer.Option(None, help="Role to grant on --unit."),
    unit: str | None = typer.Option(None, help="Unit id or exact name for the role."),
    locale: str | None = typer.Option(None, help="UI language: en, uk, ru, vi, zh, fr."),
    password: str | None = typer.Option(
        None, envvar="RESONANCE_NEW_PASSWORD", help="Password (prompted when omitted)."
    ),
) -> None:
    """Add a person, optionally granting a role on a unit."""
    db = database()
    assert_schema_current(db.engine)
    if (role is None) != (unit is None):
        fail("Give --role and --unit together.", 2)
    with session_scope(db.sessions) as session:
        user = create_user(
            session,
            OPERATOR,
            email=email,
            display_name=name,
            password=_read_password(password),
            locale=locale,
        )
        if role is not None and unit is not None:
            target = _find_unit(session, unit)
            grant_role(session, OPERATOR, user_id=user.id, unit_id=target.id, role=role)
    typer.echo(f"Added {user.email} (id {user.id}).")


def _find_unit(session: Session, ref: str) -> Unit:
    unit = (
        session.get(Unit, int(ref))
        if ref.isdigit()
        else session.scalar(select(Unit).where(Unit.name == ref))
    )
    if unit is None:
        fail(f"There is no unit {ref!r}.")
    return unit


@user_app.command("passwd")
@reports_errors
def user_passwd(
    email: str,
    password: str | None = typer.Option(
        None, envvar="RESONANCE_NEW_PASSWORD", help="New password (prompted when omitted)."
    ),
) -> None:
    """Set a new password for a person (operator reset; no current password needed)."""
    db = database()
    assert_schema_current(db.engine)
    with session_scope(db.sessions) as session:
        user = find_user_by_email(session, email)
        if user is None:
            fail(f"There is no user with the e-mail {email}.")
        change_password(session, OPERATOR, user.id, new_password=_read_password(password))
    typer.echo(f"Password changed for {email}.")


@token_app.command("create")
@reports_errors
def token_create(
    email: str,
    name: str = typer.Option(..., "--name", help="What the token is for."),
    expires: datetime | None = typer.Option(None, help="Expiry (ISO date/time, UTC)."),
) -> None:
    """Create an API token for a person; the secret is printed once."""
    db = database()
    assert_schema_current(db.engine)
    with session_scope(db.sessions) as session:
        user = find_user_by_email(session, email)
        if user is None:
            fail(f"There is no user with the e-mail {email}.")
        expires_at = expires.replace(tzinfo=UTC) if expires and expires.tzinfo is None else expires
        secret, token = create_token(
            session, OPERATOR, user_id=user.id, name=name, expires_at=expires_at
        )
    typer.echo(
        f"Token {token.id} ({token.prefix}…) for {email}. Keep this secret; it is not shown again:"
    )
    typer.echo(secret)


@token_app.command("revoke")
@reports_errors
def token_revoke(token_id: int) -> None:
    """Revoke an API token by id."""
    db = database()
    assert_schema_current(db.engine)
    with session_scope(db.sessions) as session:
        revoke_token(session, OPERATOR, token_id)
    typer.echo(f"Token {token_id} revoked.")
