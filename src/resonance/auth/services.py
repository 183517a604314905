"""Login, server-side sessions, API tokens and login rate limiting."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.auth.models import ApiToken, LoginAttempt, WebSession
from resonance.auth.passwords import hash_password, needs_rehash, verify_password
from resonance.errors import Invalid, NotFound, PermissionDenied, RateLimited, Unauthenticated
from resonance.organization.access import Actor, Permission
from resonance.organization.models import User
from resonance.organization.queries import access_user_for, find_user_by_email
from resonance.storage.base import utcnow

TOKEN_PREFIX = "rsn_"  # noqa: S105 - a public marker, not a secret


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    session_lifetime: timedelta = timedelta(hours=12)


def _recent_failures(session: Session, email: str, ip: str | None, since: datetime) -> int:
    by_email = select(func.count()).where(
        LoginAttempt.email == email, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False)
    )
    failures = int(session.scalar(by_email) or 0)
    if ip:
        by_ip = select(func.count()).where(
            LoginAttempt.ip == ip, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False)
        )
        # An address may try several accounts, but not unboundedly.
        failures = max(failures, int(session.scalar(by_ip) or 0) // 4)
    return failures


def authenticate(
    session: Session, *, email: str, password: str, ip: str | None, policy: LoginPolicy
) -> User:
    """Check credentials; count failures; lock an account or address that keeps failing."""
    email = email.strip().lower()[:254]
    now = utcnow()
    if _recent_failures(session, email, ip, now - policy.window) >= policy.max_failures:
        raise RateLimited(
            "Too many failed logins. Wait "
            f"{int(policy.window.total_seconds() // 60)} minutes and try again."
        )
    user = find_user_by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    session.add(LoginAttempt(email=email, ip=ip, at=now, succeeded=ok and bool(user)))
    if not ok or user is None or not user.is_active:
        session.flush()
        raise Unauthenticated("The e-mail or the password is wrong, or the account is disabled.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    session.flush()
    record(
        session,
        actor=Actor(user_id=user.id, label=user.email),
        action="login",
        entity_type="user",
        entity_id=user.id,
    )
    return user


def start_session(
    session: Session, user: User, *, ip: str | None, policy: LoginPolicy
) -> tuple[str, WebSession]:
    """Create a web session; returns the cookie value (only its hash is stored)."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    web_session = WebSession(
        id_hash=_sha256(raw),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + policy.session_lifetime,
        ip=ip,
    )
    session.add(web_session)
    session.flush()
    return raw, web_session


def load_session(session: Session, raw: str) -> tuple[WebSession, User] | None:
    """The live session and its active user for a cookie value; None if unknown or expired."""
    if not raw or len(raw) > 128:
        return None
    web_session = session.scalar(select(WebSession).where(WebSession.id_hash == _sha256(raw)))
    if web_session is None:
        return None
    now = utcnow()
    if web_session.expires_at <= now:
        session.delete(web_session)
        session.flush()
        return None
    user = session.get(User, web_session.user_id)
    if user is None or not user.is_active:
        return None
    if now - web_session.last_seen_at > timedelta(minutes=5):
        web_session.last_seen_at = now
    return web_session, user


def end_session(session: Session, raw: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id_hash == _sha256(raw)))


def purge_expired_sessions(session: Session) -> int:
    result = session.execute(delete(WebSession).where(WebSession.expires_at <= utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def create_token(
    session: Session, actor: Actor, *, user_id: int, name: str, expires_at: datetime | None = None
) -> tuple[str, ApiToken]:
    """Create an API token for a user; returns the secret, shown once and never stored."""
    user = access_user_for(session, actor, user_id)
    if actor.user_id != user.id and not actor.can_anywhere(Permission.MANAGE_USERS):
        raise PermissionDenied("You may only create tokens for yourself.")
    name = name.strip()
    if not name or len(name) > 100:
        raise Invalid("A token needs a name of 1–100 characters.", field="name")
    if expires_at is not None and expires_at <= utcnow():
        raise Invalid("The expiry date must be in the future.", field="expires_at")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[:12],
        token_hash=_sha256(secret),
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity_type="api_token",
        entity_id=token.id,
        after={"user_id": user.id, "name": name, "prefix": token.prefix},
    )
    return secret, token


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"There is no API token with id {token_id}.")
    if token.user_id != actor.user_id:
        access_user_for(session, actor, token.user_id)
        if not actor.can_anywhere(Permission.MANAGE_USERS):
            raise NotFound(f"There is no API token with id {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
        record(
            session,
            actor=actor,
            action="revoke",
            entity_type="api_token",
            entity_id=token.id,
            after={"revoked_at": token.revoked_at.isoformat()},
        )
    return token


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    stmt = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.created_at)
    return list(session.scalars(stmt))


def authenticate_token(session: Session, secret: str) -> User:
    """The active user behind a bearer token, or Unauthenticated with the reason."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 128:
        raise Unauthenticated("The API token is malformed.")
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _sha256(secret)))
    now = utcnow()
    if token is None:
        raise Unauthenticated("The API token is not known.")
    if token.revoked_at is not None:
        raise Unauthenticated("The API token was revoked.")
    if token.expires_at is not None and token.expires_at <= now:
        raise Unauthenticated("The API token has expired.")
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("The account of this API token is disabled.")
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
    return user
