"""Deadline warnings and escalations of open feedback, told in-app to the responsible people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.alerts.models import (
    Alert,
    AlertKind,
    AlertNotification,
    AlertStatus,
    Channel,
    Severity,
)
from resonance.audit.services import record
from resonance.feedback.clock import ClockReading, ClockState, escalation_target
from resonance.feedback.deadlines import read_clock, responsible_unit
from resonance.feedback.models import FeedbackItem
from resonance.feedback.statuses import OPEN_STATUSES
from resonance.organization.access import Actor
from resonance.organization.models import Membership, Role, Unit, User

WATCHER = Actor.system("feedback deadlines")
TOLD = (Role.FOCAL_POINT, Role.COMMUNICATION_LEAD)
BATCH = 2000


@dataclass
class DeadlineReport:
    checked: int = 0
    warned: list[int] = field(default_factory=list)
    escalated: list[tuple[int, int]] = field(default_factory=list)  # (item id, level)
    notifications: int = 0


def recipients(session: Session, unit: Unit) -> list[int]:
    """Active focal points and communication leads of exactly this unit."""
    stmt = (
        select(Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.unit_id == unit.id, Membership.role.in_(TOLD), User.is_active.is_(True))
        .distinct()
    )
    return sorted(session.scalars(stmt))


def _tell(
    session: Session,
    item: FeedbackItem,
    unit: Unit,
    *,
    stage: str,
    level: int,
    reading: ClockReading,
    now: datetime,
) -> int:
    """One alert on the unit and an in-app notification per person told; returns how many."""
    overdue = reading.state is ClockState.BREACHED
    alert = Alert(
        kind=AlertKind.FEEDBACK_DEADLINE,
        status=AlertStatus.OPEN,
        severity=Severity.CRITICAL if stage == "escalation" else Severity.WARNING,
        unit_id=unit.id,
        project_id=item.project_id,
        subject=f"feedback:{item.id}",
        first_seen_at=now,
        last_seen_at=now,
        notified_at=now,
        explanation={
            "rule": "feedback_deadline",
            "stage": stage,
            "level": level,
            "item_id": item.id,
            "reference": item.reference,
            "due_at": reading.deadline.isoformat() if reading.deadline else None,
            "overdue": overdue,
        },
    )
    session.add(alert)
    session.flush()
    people = recipients(session, unit)
    session.add_all(
        AlertNotification(
            alert_id=alert.id,
            user_id=user_id,
            channel=Channel.INAPP,
            status="sent",
            sent_at=now,
            created_at=now,
        )
        for user_id in people
    )
    record(
        session,
        actor=WATCHER,
        action=f"feedback.deadline_{stage}",
        entity_type="feedback_item",
        entity_id=item.id,
        unit_id=unit.id,
        after={"level": level, "alert_id": alert.id, "told": people, "overdue": overdue},
    )
    return len(people)


def _ancestors(session: Session, unit: Unit) -> list[Unit]:
    """Ancestors nearest first (parent, grandparent, ...)."""
    ids = unit.ancestor_ids[:-1][::-1]
    found = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def _check(session: Session, item: FeedbackItem, now: datetime, report: DeadlineReport) -> None:
    reading = read_clock(session, item, now)
    if reading.deadline is not None:
        item.due_at = reading.deadline
    unit = responsible_unit(session, item)
    if reading.warning_due and item.warned_at is None:
        item.warned_at = now
        report.warned.append(item.id)
        report.notifications += _tell(
            session, item, unit, stage="warning", level=0, reading=reading, now=now
        )
    due = [e.level for e in reading.escalations if e.due and e.level > item.escalation_level]
    if not due:
        return
    level = max(due)
    ancestors = _ancestors(session, unit)
    target = escalation_target(ancestors, level) if ancestors else unit
    item.escalation_level = level
    report.escalated.append((item.id, level))
    report.notifications += _tell(
        session, item, target, stage="escalation", level=level, reading=reading, now=now
    )


def open_items(session: Session, *, after_id: int = 0) -> Sequence[FeedbackItem]:
    stmt = (
        select(FeedbackItem)
        .where(
            FeedbackItem.status.in_(OPEN_STATUSES),
            FeedbackItem.held_for_moderation.is_(False),
            FeedbackItem.id > after_id,
        )
        .order_by(FeedbackItem.id)
        .limit(BATCH)
    )
    return session.scalars(stmt).all()


def check_deadlines(session: Session, *, now: datetime) -> DeadlineReport:
    """Warn before a breach and escalate after it, once each; idempotent for a given `now`.

    Also refreshes `due_at` of every open item, so a deadline changed elsewhere (a reopening
    by the citizen) is seen by the queues within one run.
    """
    report = DeadlineReport()
    after = 0
    while batch := open_items(session, after_id=after):
        for item in batch:
            report.checked += 1
            _check(session, item, now, report)
        after = batch[-1].id
        session.flush()
    return report
