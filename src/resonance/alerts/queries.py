"""Read-only queries on alerts, notifications and subscriptions, filtered by the actor's scope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from resonance.alerts.models import (
    Alert,
    AlertNotification,
    AlertStatus,
    AlertSubscription,
    Channel,
)
from resonance.errors import NotFound
from resonance.monitoring.models import Project
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit, User
from resonance.organization.queries import scope_filter


def alerts_query(
    actor: Actor,
    *,
    project_id: int | None = None,
    kind: str | None = None,
    status: str | None = None,
    unread: bool = False,
) -> Select[Alert]:
    """Alerts of units the actor may view, newest activity first."""
    stmt = (
        select(Alert)
        .join(Unit, Unit.id == Alert.unit_id)
        .where(scope_filter(actor, Permission.VIEW, Unit.path))
    )
    if project_id is not None:
        stmt = stmt.where(Alert.project_id == project_id)
    if kind:
        stmt = stmt.where(Alert.kind == kind)
    if status:
        stmt = stmt.where(Alert.status == status)
    if unread:
        stmt = stmt.where(Alert.id.in_(_unread_alert_ids(actor.user_id or -1)))
    return stmt.order_by(Alert.last_seen_at.desc(), Alert.id.desc())


def _unread_alert_ids(user_id: int) -> Select[int]:
    return select(AlertNotification.alert_id).where(
        AlertNotification.user_id == user_id,
        AlertNotification.channel == Channel.INAPP,
        AlertNotification.read_at.is_(None),
    )


def access_alert_for(
    session: Session, actor: Actor, alert_id: int, permission: Permission = Permission.VIEW
) -> Alert:
    """The alert, if the actor may see its unit; PermissionDenied if `permission` is missing."""
    alert = session.get(Alert, alert_id)
    unit = session.get(Unit, alert.unit_id) if alert is not None else None
    if alert is None or unit is None or not actor.can(Permission.VIEW, unit.path):
        raise NotFound(f"There is no alert with id {alert_id}.")
    actor.require(permission, unit.path, "acknowledge this alert")
    return alert


def unread_count(session: Session, user_id: int) -> int:
    """In-app notifications the person has not opened yet: one COUNT on an index."""
    stmt = select(func.count()).select_from(_unread_alert_ids(user_id).subquery())
    return int(session.scalar(stmt) or 0)


def unread_alert_ids(session: Session, user_id: int, alert_ids: Sequence[int]) -> set[int]:
    """Which of these alerts are unread for the person (to mark rows in a list)."""
    if not alert_ids:
        return set()
    stmt = _unread_alert_ids(user_id).where(AlertNotification.alert_id.in_(list(alert_ids)))
    return set(session.scalars(stmt))


def open_alert(session: Session, open_key: str) -> Alert | None:
    return session.scalar(select(Alert).where(Alert.open_key == open_key))


def stale_alerts(session: Session, before: object) -> Sequence[Alert]:
    return session.scalars(
        select(Alert).where(Alert.open_key.is_not(None), Alert.last_seen_at < before)
    ).all()


def subscriptions_query(actor: Actor) -> Select[AlertSubscription]:
    """The actor's own subscriptions."""
    return (
        select(AlertSubscription)
        .where(AlertSubscription.user_id == (actor.user_id or -1))
        .order_by(AlertSubscription.id)
    )


def list_subscriptions(session: Session, actor: Actor) -> Sequence[AlertSubscription]:
    return session.scalars(subscriptions_query(actor)).all()


def access_subscription_for(
    session: Session, actor: Actor, subscription_id: int
) -> AlertSubscription:
    """One's own subscription; anybody else's does not exist for them."""
    found = session.get(AlertSubscription, subscription_id)
    if found is None or actor.user_id is None or found.user_id != actor.user_id:
        raise NotFound(f"There is no alert subscription with id {subscription_id}.")
    return found


def matching_subscriptions(session: Session, alert: Alert) -> Sequence[AlertSubscription]:
    """Enabled subscriptions for the alert's project (or for every project), any kind filter."""
    stmt = select(AlertSubscription).where(AlertSubscription.enabled.is_(True))
    if alert.project_id is None:
        stmt = stmt.where(AlertSubscription.project_id.is_(None))
    else:
        stmt = stmt.where(
            (AlertSubscription.project_id.is_(None))
            | (AlertSubscription.project_id == alert.project_id)
        )
    rows = session.scalars(stmt.order_by(AlertSubscription.id)).all()
    return [s for s in rows if not s.kinds or alert.kind.value in s.kinds]


def pending_notification_ids(session: Session, limit: int = 500) -> list[int]:
    stmt = (
        select(AlertNotification.id)
        .where(AlertNotification.status == "pending")
        .order_by(AlertNotification.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def open_statuses() -> tuple[AlertStatus, ...]:
    return (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


@dataclass(frozen=True)
class AlertDetail:
    """An alert with what its page shows: project, unit, who acknowledged it, what one may do."""

    alert: Alert
    project: Project | None
    unit: Unit
    acknowledged_by: str | None
    can_acknowledge: bool


def alert_detail(session: Session, actor: Actor, alert_id: int) -> AlertDetail:
    alert = access_alert_for(session, actor, alert_id)
    unit = session.get(Unit, alert.unit_id)
    if unit is None:  # pragma: no cover - access_alert_for checked it
        raise NotFound(f"There is no alert with id {alert_id}.")
    project = session.get(Project, alert.project_id) if alert.project_id else None
    by = session.get(User, alert.acknowledged_by_id) if alert.acknowledged_by_id else None
    return AlertDetail(
        alert=alert,
        project=project,
        unit=unit,
        acknowledged_by=by.display_name if by else None,
        can_acknowledge=actor.can(Permission.ANALYSE, unit.path) and alert.acknowledged_at is None,
    )


def projects_by_id(session: Session, ids: Sequence[int | None]) -> dict[int, Project]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {p.id: p for p in session.scalars(select(Project).where(Project.id.in_(wanted)))}
