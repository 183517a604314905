"""The life of a feedback request: statuses, the actions that move it, and who may take them."""

from __future__ import annotations

import enum
from typing import TypeVar

from resonance.errors import Invalid
from resonance.feedback.clock import ClockAction

E = TypeVar("E", bound=enum.StrEnum)


class Status(enum.StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    WAITING_FOR_CITIZEN = "waiting_for_citizen"
    ANSWERED = "answered"
    CLOSED = "closed"
    REOPENED = "reopened"


class Action(enum.StrEnum):
    ASSIGN = "assign"  # to a unit or person; again to reassign
    START = "start"  # someone takes it into work
    ASK_CITIZEN = "ask_citizen"  # request more information: the deadline pauses
    CITIZEN_REPLIED = "citizen_replied"  # the information arrived: the deadline runs again
    ANSWER = "answer"
    CLOSE = "close"
    REOPEN = "reopen"


class Party(enum.StrEnum):
    STAFF = "staff"
    CITIZEN = "citizen"
    SYSTEM = "system"  # scheduled jobs: auto-close after the citizen's silence


_PHRASES = {
    Action.START: "start work on",
    Action.ASK_CITIZEN: "ask the citizen about",
    Action.CITIZEN_REPLIED: "record the citizen's reply to",
}

# A request may be reopened once; after that the citizen writes a new request.
MAX_REOPENS = 1

_MOVES: dict[Status, dict[Action, Status]] = {
    Status.NEW: {Action.ASSIGN: Status.ASSIGNED},
    Status.ASSIGNED: {Action.ASSIGN: Status.ASSIGNED, Action.START: Status.IN_PROGRESS},
    Status.IN_PROGRESS: {
        Action.ASSIGN: Status.ASSIGNED,
        Action.ASK_CITIZEN: Status.WAITING_FOR_CITIZEN,
        Action.ANSWER: Status.ANSWERED,
    },
    Status.WAITING_FOR_CITIZEN: {
        Action.CITIZEN_REPLIED: Status.IN_PROGRESS,
        Action.ANSWER: Status.ANSWERED,
        Action.CLOSE: Status.CLOSED,
    },
    Status.ANSWERED: {Action.CLOSE: Status.CLOSED, Action.REOPEN: Status.REOPENED},
    Status.CLOSED: {Action.REOPEN: Status.REOPENED},
    Status.REOPENED: {Action.ASSIGN: Status.ASSIGNED, Action.START: Status.IN_PROGRESS},
}

_PARTIES: dict[Action, frozenset[Party]] = {
    Action.REOPEN: frozenset({Party.CITIZEN}),
    Action.CITIZEN_REPLIED: frozenset({Party.CITIZEN, Party.STAFF}),
    Action.CLOSE: frozenset({Party.STAFF, Party.SYSTEM, Party.CITIZEN}),
}
_STAFF = frozenset({Party.STAFF})

# How each action moves the response clock (see resonance.feedback.clock).
CLOCK_ACTIONS: dict[Action, ClockAction] = {
    Action.ASK_CITIZEN: ClockAction.PAUSE,
    Action.CITIZEN_REPLIED: ClockAction.RESUME,
    Action.ANSWER: ClockAction.ANSWER,
    Action.REOPEN: ClockAction.REOPEN,
}

# Statuses in which the institution owes the citizen an answer.
OPEN_STATUSES = frozenset(
    {Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING_FOR_CITIZEN, Status.REOPENED}
)


def _parse(kind: type[E], value: str) -> E:
    try:
        return kind(value)
    except ValueError as exc:
        known = ", ".join(kind)
        raise Invalid(f"unknown {kind.__name__.lower()} {value!r} (known: {known})") from exc


def parties_for(action: Action) -> frozenset[Party]:
    """Who may take an action."""
    return _PARTIES.get(action, _STAFF)


def allowed_actions(
    current: Status, *, by: Party = Party.STAFF, reopens: int = 0
) -> tuple[Action, ...]:
    """The actions this party may take now, in a stable order (for buttons and API docs)."""
    return tuple(
        action
        for action in _MOVES[_parse(Status, current)]
        if by in parties_for(action) and not (action is Action.REOPEN and reopens >= MAX_REOPENS)
    )


def transition(
    current: Status, action: Action, *, by: Party = Party.STAFF, reopens: int = 0
) -> Status:
    """The status after `action`; raises Invalid naming what is allowed instead.

    `reopens` is how many times the request was reopened before (from its audit trail).
    """
    current, action, by = _parse(Status, current), _parse(Action, action), _parse(Party, by)
    moves = _MOVES[current]
    verb = _PHRASES.get(action, str(action))
    if action not in moves:
        state = current.replace("_", " ")
        raise Invalid(
            f"cannot {verb} a request that is {state}: allowed actions are {', '.join(moves)}",
            status=str(current),
            action=str(action),
        )
    if by not in parties_for(action):
        who = " or ".join(sorted(parties_for(action)))
        raise Invalid(
            f"only the {who} may {verb} a request; {by} tried it while it was {current}",
            status=str(current),
            action=str(action),
        )
    if action is Action.REOPEN and reopens >= MAX_REOPENS:
        raise Invalid(
            f"the request was already reopened {reopens} time(s); the limit is {MAX_REOPENS}: "
            "the citizen can send a new request",
            status=str(current),
            action=str(action),
        )
    return moves[action]
