"""Response clocks: a deadline in business time that pauses while the citizen is asked to reply."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from resonance.errors import Invalid
from resonance.feedback._calendar import ZERO, BusinessCalendar, require_aware

T = TypeVar("T")
WARNING_SHARE = 0.8
Run = tuple[datetime, datetime | None]  # working on the request from .. to (None: still running)


class ClockAction(enum.StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    ANSWER = "answer"
    REOPEN = "reopen"


class ClockState(enum.StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    ANSWERED = "answered"
    BREACHED = "breached"


class _Phase(enum.StrEnum):
    NOT_STARTED = "not started"
    RUNNING = "running"
    PAUSED = "paused"
    ANSWERED = "answered"


_ALLOWED = {
    _Phase.NOT_STARTED: (ClockAction.START,),
    _Phase.RUNNING: (ClockAction.PAUSE, ClockAction.ANSWER),
    _Phase.PAUSED: (ClockAction.RESUME, ClockAction.ANSWER),
    _Phase.ANSWERED: (ClockAction.REOPEN,),
}


@dataclass(frozen=True)
class ClockEvent:
    """Something that starts, stops or restarts the clock, at an aware instant."""

    action: ClockAction
    at: datetime


@dataclass(frozen=True)
class EscalationStep:
    """Notify the ancestor `level` up the unit tree (1: parent) `after` this much overdue time."""

    after: timedelta
    level: int

    def __post_init__(self) -> None:
        if self.after < ZERO:
            raise Invalid(f"escalation after {self.after} is negative", field="escalation")
        if self.level < 1:
            raise Invalid(f"escalation level {self.level} is not 1 or more", field="escalation")


@dataclass(frozen=True)
class Escalation:
    """When a step fires (None: unknown while paused) and whether it has fired by now."""

    level: int
    at: datetime | None
    due: bool


@dataclass(frozen=True)
class ClockReading:
    """The clock at one instant. Durations are business time of the current round.

    `deadline`, `warning_at` and escalation instants are projected while the clock runs, known
    once reached, and None while it is paused short of them (the citizen decides when it
    resumes). An answered round keeps the deadline it had when it was answered.
    """

    state: ClockState
    round: int
    allowed: timedelta
    elapsed: timedelta
    remaining: timedelta
    overdue: timedelta
    deadline: datetime | None
    warning_at: datetime | None
    warning_due: bool
    escalations: tuple[Escalation, ...]
    answered_at: datetime | None
    on_time: bool | None


@dataclass
class _Round:
    number: int = 0
    phase: _Phase = _Phase.NOT_STARTED
    runs: list[Run] = field(default_factory=list)
    answered_at: datetime | None = None


def _apply(current: _Round, action: ClockAction, at: datetime) -> _Round:
    if action not in _ALLOWED[current.phase]:
        allowed = ", ".join(_ALLOWED[current.phase])
        raise Invalid(
            f"cannot {action} a clock that is {current.phase} (allowed: {allowed})",
            field="events",
        )
    if action in (ClockAction.START, ClockAction.REOPEN):
        return _Round(current.number + 1, _Phase.RUNNING, [(at, None)])
    if action is ClockAction.RESUME:
        current.runs.append((at, None))
        current.phase = _Phase.RUNNING
        return current
    if current.phase is _Phase.RUNNING:
        current.runs[-1] = (current.runs[-1][0], at)
    current.phase = _Phase.PAUSED if action is ClockAction.PAUSE else _Phase.ANSWERED
    if action is ClockAction.ANSWER:
        current.answered_at = at
    return current


def _replay(events: Sequence[ClockEvent], now: datetime) -> _Round:
    """The current round after the events up to `now`; events must be in time order."""
    current = _Round()
    last: datetime | None = None
    for event in events:
        at = require_aware(event.at, f"{event.action} event")
        if last is not None and at < last:
            raise Invalid(
                f"clock events out of order: {event.action} at {at.isoformat()} "
                f"follows an event at {last.isoformat()}",
                field="events",
            )
        last = at
        if at <= now:
            current = _apply(current, event.action, at)
    if current.phase is _Phase.NOT_STARTED:
        raise Invalid(f"the clock has not started by {now.isoformat()}", field="events")
    return current


@dataclass(frozen=True)
class ResponseClock:
    """A response deadline in a unit's business time, paused while waiting for the citizen.

    `allowed` is the business time to answer; a reopened request gets a fresh round of
    `reopen_allowed` (default: `allowed`). The warning comes when `warning_share` of the
    allowed time is used; each escalation step fires after its business time past the
    deadline, paused time excluded. Reading the clock is pure: the same events and instant
    always give the same reading, and events after `now` are ignored.
    """

    calendar: BusinessCalendar
    allowed: timedelta
    warning_share: float = WARNING_SHARE
    escalation: tuple[EscalationStep, ...] = ()
    reopen_allowed: timedelta | None = None

    def __post_init__(self) -> None:
        reopen = self.allowed if self.reopen_allowed is None else self.reopen_allowed
        if min(self.allowed, reopen) <= ZERO:
            raise Invalid("the allowed response time must be positive", field="allowed")
        if not 0 < self.warning_share <= 1:
            raise Invalid(
                f"warning share {self.warning_share} is not in (0, 1]", field="warning_share"
            )
        ordered = tuple(sorted(self.escalation, key=lambda step: (step.after, step.level)))
        object.__setattr__(self, "escalation", ordered)

    def _reach(self, runs: Sequence[Run], threshold: timedelta) -> datetime | None:
        """When the business time worked reaches `threshold` (None: not within these runs)."""
        done = ZERO
        for start, end in runs:
            part = None if end is None else self.calendar.business_time_between(start, end)
            if part is None or done + part >= threshold:
                return self.calendar.add_business_time(start, threshold - done)
            done += part
        return None

    def read(self, events: Sequence[ClockEvent], now: datetime) -> ClockReading:
        """The clock's state at `now` after `events` (in time order)."""
        now = require_aware(now, "now")
        current = _replay(events, now)
        allowed = self.allowed if current.number == 1 else self.reopen_allowed or self.allowed
        end = current.answered_at or now
        elapsed = sum(
            (self.calendar.business_time_between(s, e or now) for s, e in current.runs), ZERO
        )
        runs = list(current.runs)
        if current.answered_at is not None:
            runs.append((current.answered_at, None))  # the deadline it had when answered
        deadline = self._reach(runs, allowed)
        warning_at = self._reach(runs, allowed * self.warning_share)
        escalations = []
        for step in self.escalation:
            at = self._reach(runs, allowed + step.after)
            escalations.append(Escalation(step.level, at, at is not None and at <= end))
        breached = deadline is not None and deadline < end
        answered = current.phase is _Phase.ANSWERED
        return ClockReading(
            state=_state(current.phase, breached=breached),
            round=current.number,
            allowed=allowed,
            elapsed=elapsed,
            remaining=max(allowed - elapsed, ZERO),
            overdue=max(elapsed - allowed, ZERO),
            deadline=deadline,
            warning_at=warning_at,
            warning_due=not answered and warning_at is not None and warning_at <= now,
            escalations=tuple(escalations),
            answered_at=current.answered_at,
            on_time=not breached if answered else None,
        )


def _state(phase: _Phase, *, breached: bool) -> ClockState:
    if phase is _Phase.ANSWERED:
        return ClockState.ANSWERED
    if breached:
        return ClockState.BREACHED
    return ClockState.PAUSED if phase is _Phase.PAUSED else ClockState.RUNNING


def escalation_target(ancestors: Sequence[T], level: int) -> T:
    """The ancestor to notify for an escalation level (nearest first); the root when too deep."""
    if not ancestors:
        raise Invalid("the unit has no ancestor to escalate to", field="level")
    if level < 1:
        raise Invalid(f"escalation level {level} is not 1 or more", field="level")
    return ancestors[min(level, len(ancestors)) - 1]
