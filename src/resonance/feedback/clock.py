"""Business-time clocks: unit calendars with public holidays, and response deadlines that pause."""

from __future__ import annotations

from resonance.feedback._calendar import (
    OFFICE_HOURS,
    WEEKDAYS,
    BusinessCalendar,
    HourMinute,
    Hours,
    require_aware,
)
from resonance.feedback._response_clock import (
    WARNING_SHARE,
    ClockAction,
    ClockEvent,
    ClockReading,
    ClockState,
    Escalation,
    EscalationStep,
    ResponseClock,
    escalation_target,
)

__all__ = [
    "OFFICE_HOURS",
    "WARNING_SHARE",
    "WEEKDAYS",
    "BusinessCalendar",
    "ClockAction",
    "ClockEvent",
    "ClockReading",
    "ClockState",
    "Escalation",
    "EscalationStep",
    "HourMinute",
    "Hours",
    "ResponseClock",
    "escalation_target",
    "require_aware",
]
