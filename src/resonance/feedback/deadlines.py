"""Response deadlines of feedback items: unit calendars, clocks replayed from the item history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from resonance.errors import Invalid
from resonance.feedback.clock import (
    OFFICE_HOURS,
    WEEKDAYS,
    BusinessCalendar,
    ClockAction,
    ClockEvent,
    ClockReading,
    EscalationStep,
    Hours,
    ResponseClock,
)
from resonance.feedback.models import FeedbackItem, FeedbackStatus, RoutingSettings
from resonance.feedback.statuses import Action
from resonance.organization.models import Unit
from resonance.organization.validation import clean_business_hours, parse_hhmm
from resonance.storage.base import utcnow

DEFAULT_DEADLINE_HOURS = 40.0
# Used while a project has no routing settings: the parent at once, the grandparent 16 h later.
DEFAULT_ESCALATION: tuple[dict[str, Any], ...] = (
    {"after_hours": 0, "level": 1},
    {"after_hours": 16, "level": 2},
)
_W = FeedbackStatus.WAITING_FOR_CITIZEN


@lru_cache(maxsize=256)
def _calendar(
    timezone: str, country: str | None, days: tuple[int, ...], hours: Hours
) -> BusinessCalendar:
    try:
        return BusinessCalendar(timezone, country, workdays=days, hours=hours)
    except Invalid:  # no holiday calendar for the country: count working days without holidays
        return BusinessCalendar(timezone, None, workdays=days, hours=hours)


def calendar_for(unit: Unit) -> BusinessCalendar:
    """The unit's working time: its office hours and zone, less its country's public holidays.

    Calendars are shared between units with the same settings, so their cached spans are too.
    """
    hours: Hours = OFFICE_HOURS
    days: tuple[int, ...] = WEEKDAYS
    if unit.business_hours:
        cleaned = clean_business_hours(unit.business_hours) or {}
        days = tuple(cleaned["days"])
        hours = (parse_hhmm(cleaned["start"]), parse_hhmm(cleaned["end"]))
    return _calendar(unit.timezone or "UTC", unit.country, days, hours)


def routing_settings(session: Session, project_id: int) -> RoutingSettings:
    """The project's settings row, or unsaved defaults."""
    found = session.get(RoutingSettings, project_id)
    if found is not None:
        return found
    return RoutingSettings(
        project_id=project_id,
        auto_apply_threshold=None,
        default_deadline_hours=DEFAULT_DEADLINE_HOURS,
        escalation=[dict(step) for step in DEFAULT_ESCALATION],
    )


def escalation_steps(steps: Sequence[dict[str, Any]]) -> tuple[EscalationStep, ...]:
    return tuple(
        EscalationStep(after=timedelta(hours=float(s["after_hours"])), level=int(s["level"]))
        for s in steps
    )


def responsible_unit(session: Session, item: FeedbackItem) -> Unit:
    """The assigned unit, else the project's owner unit (its calendar runs the clock)."""
    if item.unit_id is not None:
        unit = session.get(Unit, item.unit_id)
        if unit is not None:
            return unit
    return item.project.owner_unit


def clock_events(item: FeedbackItem) -> list[ClockEvent]:
    """The clock's events derived from the item's status history (started at receipt)."""
    out = [ClockEvent(ClockAction.START, item.received_at)]
    phase = "running"
    for event in sorted(item.events, key=lambda e: (e.at, e.id or 0))[1:]:
        at = max(event.at, item.received_at)
        status = event.status
        action: ClockAction | None = None
        if phase == "running" and status is _W:
            action, phase = ClockAction.PAUSE, "paused"
        elif phase == "paused" and status in (FeedbackStatus.IN_PROGRESS, FeedbackStatus.ASSIGNED):
            action, phase = ClockAction.RESUME, "running"
        elif phase != "answered" and status in (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED):
            action, phase = ClockAction.ANSWER, "answered"
        elif phase == "answered" and status is FeedbackStatus.REOPENED:
            action, phase = ClockAction.REOPEN, "running"
        if action is not None:
            out.append(ClockEvent(action, at))
    return out


def clock_for(session: Session, item: FeedbackItem) -> ResponseClock:
    settings = routing_settings(session, item.project_id)
    hours = item.deadline_hours or settings.default_deadline_hours or DEFAULT_DEADLINE_HOURS
    return ResponseClock(
        calendar=calendar_for(responsible_unit(session, item)),
        allowed=timedelta(hours=hours),
        escalation=escalation_steps(settings.escalation or []),
    )


def read_clock(session: Session, item: FeedbackItem, now: datetime) -> ClockReading:
    return clock_for(session, item).read(clock_events(item), max(now, item.received_at))


def refresh_deadline(
    session: Session, item: FeedbackItem, *, now: datetime | None = None
) -> ClockReading:
    """Store the item's current deadline in `due_at` (None while waiting for the citizen)."""
    reading = read_clock(session, item, now or utcnow())
    item.due_at = reading.deadline
    session.flush()
    return reading


def on_status_change(
    session: Session, item: FeedbackItem, action: Action, *, now: datetime | None = None
) -> None:
    """Keep the deadline columns in step with a status change (called by change_status)."""
    now = now or utcnow()
    if action is Action.ANSWER:
        item.answered_at = now
    elif action is Action.CLOSE:
        item.closed_at = now
    elif action is Action.REOPEN:
        item.reopen_count = (item.reopen_count or 0) + 1
        item.warned_at, item.escalation_level, item.closed_at = None, 0, None
    session.flush()
    refresh_deadline(session, item, now=now)
