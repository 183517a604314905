"""The request status machine: legal moves, who may make them, one reopen, clock events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from resonance.errors import Invalid
from resonance.feedback.clock import (
    BusinessCalendar,
    ClockAction,
    ClockEvent,
    ClockState,
    ResponseClock,
)
from resonance.feedback.statuses import (
    CLOCK_ACTIONS,
    OPEN_STATUSES,
    Action,
    Party,
    Status,
    allowed_actions,
    transition,
)


def run(actions: list[tuple[Action, Party]], start: Status = Status.NEW) -> Status:
    status, reopens = start, 0
    for action, by in actions:
        status = transition(status, action, by=by, reopens=reopens)
        reopens += action is Action.REOPEN
    return status


STAFF, CITIZEN, SYSTEM = Party.STAFF, Party.CITIZEN, Party.SYSTEM


def test_the_happy_path_runs_new_to_closed() -> None:
    steps = [
        (Action.ASSIGN, STAFF),
        (Action.START, STAFF),
        (Action.ANSWER, STAFF),
        (Action.CLOSE, STAFF),
    ]
    assert run(steps) is Status.CLOSED


def test_waiting_for_the_citizen_returns_to_work_when_they_reply() -> None:
    status = run([(Action.ASSIGN, STAFF), (Action.START, STAFF), (Action.ASK_CITIZEN, STAFF)])
    assert status is Status.WAITING_FOR_CITIZEN
    assert transition(status, Action.CITIZEN_REPLIED, by=CITIZEN) is Status.IN_PROGRESS
    assert transition(status, Action.CLOSE, by=SYSTEM) is Status.CLOSED


def test_a_request_can_be_reassigned_while_in_work() -> None:
    assert transition(Status.IN_PROGRESS, Action.ASSIGN) is Status.ASSIGNED
    assert transition(Status.ASSIGNED, Action.ASSIGN) is Status.ASSIGNED


def test_the_citizen_may_reopen_once_after_an_answer_or_a_close() -> None:
    assert transition(Status.ANSWERED, Action.REOPEN, by=CITIZEN) is Status.REOPENED
    assert transition(Status.CLOSED, Action.REOPEN, by=CITIZEN) is Status.REOPENED
    assert transition(Status.REOPENED, Action.START) is Status.IN_PROGRESS
    with pytest.raises(Invalid, match="already reopened 1 time"):
        transition(Status.CLOSED, Action.REOPEN, by=CITIZEN, reopens=1)


def test_staff_cannot_reopen_for_the_citizen() -> None:
    with pytest.raises(Invalid, match="only the citizen may reopen a request; staff tried"):
        transition(Status.ANSWERED, Action.REOPEN, by=STAFF)


def test_the_citizen_cannot_answer_or_assign() -> None:
    with pytest.raises(Invalid, match="only the staff may answer"):
        transition(Status.IN_PROGRESS, Action.ANSWER, by=CITIZEN)


@pytest.mark.parametrize(
    ("current", "action", "message"),
    [
        (
            Status.NEW,
            Action.ANSWER,
            "^cannot answer a request that is new: allowed actions are assign$",
        ),
        (Status.NEW, Action.CLOSE, "cannot close a request that is new"),
        (Status.ASSIGNED, Action.ANSWER, "allowed actions are assign, start"),
        (
            Status.CLOSED,
            Action.ASSIGN,
            "^cannot assign a request that is closed: allowed actions are reopen$",
        ),
        (Status.ANSWERED, Action.ANSWER, "cannot answer a request that is answered"),
        (Status.NEW, Action.ASK_CITIZEN, "cannot ask the citizen about a request that is new"),
        (
            Status.IN_PROGRESS,
            Action.CITIZEN_REPLIED,
            "cannot record the citizen's reply to a request that is in progress",
        ),
        (Status.REOPENED, Action.REOPEN, "cannot reopen a request that is reopened"),
    ],
)
def test_illegal_moves_say_what_is_allowed(current: Status, action: Action, message: str) -> None:
    with pytest.raises(Invalid, match=message) as caught:
        transition(current, action, by=CITIZEN if action is Action.REOPEN else STAFF)
    assert caught.value.extra == {"status": str(current), "action": str(action)}


def test_unknown_names_are_invalid_not_a_crash() -> None:
    with pytest.raises(Invalid, match="unknown status 'pending'"):
        transition("pending", Action.ASSIGN)  # type: ignore[arg-type]
    with pytest.raises(Invalid, match="unknown action 'escalate'"):
        transition(Status.NEW, "escalate")  # type: ignore[arg-type]


def test_strings_from_the_database_are_accepted() -> None:
    assert transition("in_progress", "ask_citizen") is Status.WAITING_FOR_CITIZEN  # type: ignore[arg-type]


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("by", list(Party))
@pytest.mark.parametrize("reopens", [0, 1])
def test_allowed_actions_are_exactly_those_that_transition(
    current: Status, by: Party, reopens: int
) -> None:
    allowed = allowed_actions(current, by=by, reopens=reopens)
    for action in Action:
        if action in allowed:
            transition(current, action, by=by, reopens=reopens)
        else:
            with pytest.raises(Invalid):
                transition(current, action, by=by, reopens=reopens)


def test_the_citizen_sees_close_and_reopen_after_an_answer() -> None:
    assert allowed_actions(Status.ANSWERED, by=CITIZEN) == (Action.CLOSE, Action.REOPEN)
    assert allowed_actions(Status.ANSWERED, by=CITIZEN, reopens=1) == (Action.CLOSE,)


def test_every_status_is_reachable_from_new() -> None:
    seen, frontier = {Status.NEW}, [Status.NEW]
    while frontier:
        current = frontier.pop()
        for by in Party:
            for action in allowed_actions(current, by=by):
                nxt = transition(current, action, by=by)
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
    assert seen == set(Status)
    assert Status.ANSWERED not in OPEN_STATUSES
    assert Status.CLOSED not in OPEN_STATUSES


def test_status_moves_drive_the_response_clock() -> None:
    calendar = BusinessCalendar("Europe/Kyiv", None)
    clock = ResponseClock(calendar, timedelta(hours=9))
    monday = datetime(2025, 9, 15, 6, tzinfo=UTC)  # 09:00 in Kyiv
    script = [
        (Action.ASSIGN, STAFF, 0),
        (Action.START, STAFF, 1),
        (Action.ASK_CITIZEN, STAFF, 2),
        (Action.CITIZEN_REPLIED, CITIZEN, 26),  # the next day, 11:00 in Kyiv
        (Action.ANSWER, STAFF, 27),
    ]
    status = Status.NEW
    events = [ClockEvent(ClockAction.START, monday)]
    for action, by, hours in script:
        status = transition(status, action, by=by)
        if action in CLOCK_ACTIONS:
            events.append(ClockEvent(CLOCK_ACTIONS[action], monday + timedelta(hours=hours)))
    reading = clock.read(events, monday + timedelta(days=3))
    assert status is Status.ANSWERED
    assert reading.state is ClockState.ANSWERED
    assert reading.elapsed == timedelta(hours=3)
    assert reading.on_time is True
