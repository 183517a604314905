"""Business calendars and response clocks: holidays, DST, pauses, warnings and escalation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonance.errors import Invalid
from resonance.feedback.clock import (
    BusinessCalendar,
    ClockAction,
    ClockEvent,
    ClockState,
    EscalationStep,
    ResponseClock,
    escalation_target,
)

H = timedelta(hours=1)
LUNCH = (((9, 0), (13, 0)), ((14, 0), (18, 0)))
KYIV = BusinessCalendar("Europe/Kyiv", "UA")
PARIS = BusinessCalendar("Europe/Paris", "FR")
SHANGHAI = BusinessCalendar("Asia/Shanghai", "CN")
HANOI = BusinessCalendar("Asia/Ho_Chi_Minh", "VN")
NEW_YORK = BusinessCalendar("America/New_York", "US")


def local(zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware instant given by its wall-clock time in a zone, returned in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def always(zone: str) -> BusinessCalendar:
    return BusinessCalendar(zone, None, workdays=range(7), hours=((0, 0), (24, 0)))


# Holidays --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "day", "works"),
    [
        # Ukraine 2021: Independence Day, the Monday bridged to it, and the Saturday worked back.
        # (Under martial law, from 2022, public holidays are not days off; `holidays` knows it.)
        (KYIV, date(2021, 8, 24), False),
        (KYIV, date(2021, 8, 23), False),
        (KYIV, date(2021, 8, 28), True),
        # China 2025: Spring Festival and National Day, and the weekends worked instead.
        (SHANGHAI, date(2025, 1, 29), False),
        (SHANGHAI, date(2025, 2, 4), False),
        (SHANGHAI, date(2025, 1, 26), True),
        (SHANGHAI, date(2025, 10, 1), False),
        (SHANGHAI, date(2025, 10, 8), False),
        (SHANGHAI, date(2025, 9, 28), True),
        (SHANGHAI, date(2025, 10, 11), True),
        # Vietnam 2025: Tết, and the Saturday worked for the 2 May bridge.
        (HANOI, date(2025, 1, 27), False),
        (HANOI, date(2025, 1, 31), False),
        (HANOI, date(2025, 4, 26), True),
        (HANOI, date(2025, 5, 2), False),
        # France: 14 juillet; an ordinary Tuesday.
        (PARIS, date(2025, 7, 14), False),
        (PARIS, date(2025, 7, 15), True),
        # Russia and Kazakhstan: New Year holidays, a worked Saturday, Nauryz.
        (BusinessCalendar("Europe/Moscow", "RU"), date(2025, 1, 8), False),
        (BusinessCalendar("Europe/Moscow", "RU"), date(2025, 11, 1), True),
        (BusinessCalendar("Asia/Almaty", "KZ"), date(2025, 3, 24), False),
        # Observed days: Boxing Day 2021 in England, Independence Day 2021 in the US.
        (BusinessCalendar("Europe/London", "GB", subdivision="ENG"), date(2021, 12, 28), False),
        (NEW_YORK, date(2021, 7, 5), False),
        (NEW_YORK, date(2021, 7, 6), True),
    ],
)
def test_it_knows_national_holidays_and_moved_working_days(
    calendar: BusinessCalendar, day: date, works: bool
) -> None:
    assert calendar.is_workday(day) is works


def test_a_deadline_skips_ukrainian_independence_day_and_its_bridge() -> None:
    friday_5pm = local("Europe/Kyiv", 2021, 8, 20, 17)
    assert KYIV.add_business_time(friday_5pm, 9 * H) == local("Europe/Kyiv", 2021, 8, 25, 17)
    assert KYIV.holiday(date(2021, 8, 24)) == "Independence Day"


def test_a_deadline_skips_the_chinese_national_day_week() -> None:
    start = local("Asia/Shanghai", 2025, 9, 30, 17)
    assert SHANGHAI.add_business_time(start, 2 * H) == local("Asia/Shanghai", 2025, 10, 9, 10)


def test_a_deadline_skips_tet() -> None:
    start = local("Asia/Ho_Chi_Minh", 2025, 1, 24, 17)  # Friday before Tết
    assert HANOI.add_business_time(start, 2 * H) == local("Asia/Ho_Chi_Minh", 2025, 2, 3, 10)


def test_extra_holidays_and_workdays_override_the_country() -> None:
    calendar = BusinessCalendar(
        "Europe/Paris",
        "FR",
        extra_holidays=[date(2025, 9, 10)],
        extra_workdays=[date(2025, 7, 14), date(2025, 9, 13)],
    )
    assert not calendar.is_workday(date(2025, 9, 10))
    assert calendar.is_workday(date(2025, 7, 14))
    assert calendar.is_workday(date(2025, 9, 13))  # a Saturday
    assert calendar.holiday(date(2025, 9, 10)) == "extra holiday"


def test_without_a_country_only_weekdays_count() -> None:
    calendar = BusinessCalendar("Europe/Paris", None)
    assert calendar.is_workday(date(2025, 7, 14))
    assert calendar.holiday(date(2025, 7, 14)) is None


# Hours, nights and weekends --------------------------------------------------------------------


def test_a_deadline_carries_over_the_night_and_the_weekend() -> None:
    friday_5pm = local("Europe/Paris", 2025, 9, 12, 17)
    assert PARIS.add_business_time(friday_5pm, 2 * H) == local("Europe/Paris", 2025, 9, 15, 10)
    monday = local("Europe/Paris", 2025, 9, 15, 10)
    assert PARIS.business_time_between(friday_5pm, monday) == 2 * H
    assert PARIS.business_time_between(monday, friday_5pm) == -2 * H


def test_a_deadline_that_fills_the_day_ends_at_closing_time() -> None:
    monday_9am = local("Europe/Paris", 2025, 9, 15, 9)
    assert PARIS.add_business_time(monday_9am, 9 * H) == local("Europe/Paris", 2025, 9, 15, 18)
    assert PARIS.add_business_time(monday_9am, timedelta(0)) == monday_9am


def test_the_lunch_break_is_not_working_time() -> None:
    calendar = BusinessCalendar("Europe/Kyiv", "UA", hours=LUNCH)
    start = local("Europe/Kyiv", 2025, 9, 15, 12, 30)
    assert calendar.add_business_time(start, H) == local("Europe/Kyiv", 2025, 9, 15, 14, 30)
    assert not calendar.is_open(local("Europe/Kyiv", 2025, 9, 15, 13, 30))
    assert calendar.next_open(local("Europe/Kyiv", 2025, 9, 15, 13, 30)) == local(
        "Europe/Kyiv", 2025, 9, 15, 14
    )


def test_opening_and_closing_are_half_open() -> None:
    assert PARIS.is_open(local("Europe/Paris", 2025, 9, 15, 9))
    assert not PARIS.is_open(local("Europe/Paris", 2025, 9, 15, 18))
    saturday = local("Europe/Paris", 2025, 9, 13, 11)
    assert PARIS.next_open(saturday) == local("Europe/Paris", 2025, 9, 15, 9)
    open_now = local("Europe/Paris", 2025, 9, 15, 11)
    assert PARIS.next_open(open_now) == open_now


def test_results_are_in_utc_whatever_zone_came_in() -> None:
    start = datetime(2025, 9, 15, 10, tzinfo=ZoneInfo("Asia/Tokyo"))
    result = PARIS.add_business_time(start, H)
    assert result.tzinfo is UTC
    assert PARIS.next_open(start).tzinfo is UTC


# DST -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [
        ("Europe/Kyiv", date(2025, 3, 30), date(2025, 10, 26)),
        ("Europe/Paris", date(2025, 3, 30), date(2025, 10, 26)),
        ("America/New_York", date(2025, 3, 9), date(2025, 11, 2)),
    ],
)
def test_a_round_the_clock_day_lasts_23_or_25_hours_on_dst_days(
    zone: str, spring: date, autumn: date
) -> None:
    calendar = always(zone)
    for day, hours in ((spring, 23), (autumn, 25)):
        start = local(zone, day.year, day.month, day.day)
        after = day + timedelta(days=1)
        end = local(zone, after.year, after.month, after.day)
        assert calendar.business_time_between(start, end) == hours * H
        assert calendar.add_business_time(start, hours * H) == end


@pytest.mark.parametrize(
    ("zone", "friday", "monday"),
    [
        ("Europe/Kyiv", date(2025, 3, 28), date(2025, 3, 31)),
        ("Europe/Paris", date(2025, 10, 24), date(2025, 10, 27)),
        ("America/New_York", date(2025, 10, 31), date(2025, 11, 3)),
        ("America/New_York", date(2025, 3, 7), date(2025, 3, 10)),
    ],
)
def test_office_hours_follow_the_wall_clock_across_a_dst_weekend(
    zone: str, friday: date, monday: date
) -> None:
    calendar = BusinessCalendar(zone, None)
    start = local(zone, friday.year, friday.month, friday.day, 17)
    expected = local(zone, monday.year, monday.month, monday.day, 10)
    assert calendar.add_business_time(start, 2 * H) == expected
    assert calendar.business_time_between(start, expected) == 2 * H


def test_hours_inside_the_skipped_hour_open_when_the_clock_jumps() -> None:
    # Kyiv skips 03:00-04:00 on 30 March 2025; "03:30-05:00" that day is 04:00-05:00 EEST.
    calendar = BusinessCalendar("Europe/Kyiv", None, workdays=range(7), hours=((3, 30), (5, 0)))
    assert calendar.spans(date(2025, 3, 30)) == (
        (local("Europe/Kyiv", 2025, 3, 30, 4), local("Europe/Kyiv", 2025, 3, 30, 5)),
    )
    # On 26 October 03:00-04:00 happens twice; the day runs from the first 03:30 to 05:00.
    (span,) = calendar.spans(date(2025, 10, 26))
    assert span[1] - span[0] == 2.5 * H


# Errors ----------------------------------------------------------------------------------------


def test_naive_datetimes_are_refused_with_a_clear_message() -> None:
    naive = datetime(2025, 9, 15, 10)  # noqa: DTZ001
    aware = naive.replace(tzinfo=UTC)
    with pytest.raises(Invalid, match="naive"):
        PARIS.add_business_time(naive, H)
    with pytest.raises(Invalid, match="naive"):
        PARIS.business_time_between(aware, naive)
    with pytest.raises(Invalid, match="naive"):
        PARIS.is_open(naive)
    with pytest.raises(Invalid, match="naive"):
        PARIS.next_open(naive)
    clock = ResponseClock(PARIS, 9 * H)
    with pytest.raises(Invalid, match="naive"):
        clock.read([ClockEvent(ClockAction.START, naive)], aware)
    with pytest.raises(Invalid, match="naive"):
        clock.read([ClockEvent(ClockAction.START, aware)], naive)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"timezone": "Mars/Olympus", "country": None}, "time zone"),
        ({"timezone": "UTC", "country": "QQ"}, "public-holiday"),
        ({"timezone": "UTC", "country": None, "hours": ((18, 0), (9, 0))}, "empty"),
        ({"timezone": "UTC", "country": None, "hours": (((9, 0), (13, 0)), ((12, 0), (19, 0)))},
         "overlap"),
        ({"timezone": "UTC", "country": None, "hours": ((9, 0), (25, 0))}, "time of day"),
        ({"timezone": "UTC", "country": None, "workdays": ()}, "working day"),
        ({"timezone": "UTC", "country": None, "workdays": (7,)}, "weekdays"),
    ],
)  # fmt: skip
def test_a_misconfigured_calendar_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(Invalid, match=message):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_a_negative_duration_is_refused() -> None:
    with pytest.raises(Invalid, match="negative"):
        PARIS.add_business_time(local("Europe/Paris", 2025, 9, 15, 9), -H)


def test_a_calendar_that_never_opens_is_an_error_not_a_hang() -> None:
    start = date(2025, 1, 1)
    every_day = [start + timedelta(days=i) for i in range(4 * 366)]
    calendar = BusinessCalendar("UTC", None, extra_holidays=every_day)
    with pytest.raises(Invalid, match="no working time"):
        calendar.next_open(datetime(2025, 1, 1, tzinfo=UTC))


# Properties ------------------------------------------------------------------------------------

CALENDARS = st.sampled_from(
    [KYIV, PARIS, SHANGHAI, NEW_YORK, BusinessCalendar("Europe/Paris", "FR", hours=LUNCH)]
)
INSTANTS = st.datetimes(
    min_value=datetime(2021, 1, 1),  # noqa: DTZ001
    max_value=datetime(2026, 12, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
DURATIONS = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=120))


@settings(max_examples=80, deadline=None)
@given(CALENDARS, INSTANTS, DURATIONS)
def test_measuring_after_adding_gives_the_duration_back(
    calendar: BusinessCalendar, start: datetime, duration: timedelta
) -> None:
    deadline = calendar.add_business_time(start, duration)
    assert calendar.business_time_between(start, deadline) == duration


@settings(max_examples=80, deadline=None)
@given(CALENDARS, INSTANTS, DURATIONS, DURATIONS)
def test_a_longer_duration_never_gives_an_earlier_deadline(
    calendar: BusinessCalendar, start: datetime, a: timedelta, b: timedelta
) -> None:
    short, long_ = sorted((a, b))
    assert calendar.add_business_time(start, short) <= calendar.add_business_time(start, long_)


@settings(max_examples=80, deadline=None)
@given(CALENDARS, INSTANTS, DURATIONS.filter(lambda d: d > timedelta(0)))
def test_a_deadline_never_lands_inside_closed_time(
    calendar: BusinessCalendar, start: datetime, duration: timedelta
) -> None:
    deadline = calendar.add_business_time(start, duration)
    # The moment just before a deadline is working time: it is open, or its closing instant.
    assert calendar.is_open(deadline - timedelta(microseconds=1))


@settings(max_examples=80, deadline=None)
@given(CALENDARS, INSTANTS)
def test_next_open_is_open_and_no_working_time_is_skipped(
    calendar: BusinessCalendar, at: datetime
) -> None:
    opens = calendar.next_open(at)
    assert opens >= at
    assert calendar.is_open(opens)
    assert calendar.business_time_between(at, opens) == timedelta(0)


# Response clock --------------------------------------------------------------------------------

MONDAY_9AM = local("Europe/Paris", 2025, 9, 8, 9)


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return local("Europe/Paris", 2025, 9, day, hour, minute)


def event(action: ClockAction, at: datetime) -> ClockEvent:
    return ClockEvent(action, at)


START = event(ClockAction.START, MONDAY_9AM)
CLOCK = ResponseClock(
    PARIS,
    18 * H,  # two working days
    escalation=(EscalationStep(9 * H, 2), EscalationStep(H, 1)),
    reopen_allowed=9 * H,
)


def test_a_running_clock_projects_deadline_and_warning() -> None:
    reading = CLOCK.read([START], paris(8, 12))
    assert reading.state is ClockState.RUNNING
    assert reading.elapsed == 3 * H
    assert reading.remaining == 15 * H
    assert reading.deadline == paris(9, 18)
    assert reading.warning_at == paris(9, 14, 24)  # 80 % of 18 h is 14 h 24 min
    assert not reading.warning_due
    assert [(e.level, e.at, e.due) for e in reading.escalations] == [
        (1, paris(10, 10), False),
        (2, paris(10, 18), False),
    ]


def test_the_warning_is_due_at_80_percent() -> None:
    assert not CLOCK.read([START], paris(9, 14, 23)).warning_due
    assert CLOCK.read([START], paris(9, 14, 24)).warning_due


def test_waiting_for_the_citizen_stops_the_clock() -> None:
    events = [START, event(ClockAction.PAUSE, paris(8, 12))]
    paused = CLOCK.read(events, paris(17, 12))  # a week and a half later
    assert paused.state is ClockState.PAUSED
    assert paused.elapsed == 3 * H
    assert paused.deadline is None
    assert paused.warning_at is None
    events.append(event(ClockAction.RESUME, paris(11, 9)))
    resumed = CLOCK.read(events, paris(11, 10))
    assert resumed.state is ClockState.RUNNING
    assert resumed.elapsed == 4 * H
    assert resumed.deadline == paris(12, 15)


def test_a_clock_past_its_deadline_is_breached_and_escalates_up_the_tree() -> None:
    reading = CLOCK.read([START], paris(10, 10))
    assert reading.state is ClockState.BREACHED
    assert reading.overdue == H
    assert reading.remaining == timedelta(0)
    assert [(e.level, e.due) for e in reading.escalations] == [(1, True), (2, False)]
    later = CLOCK.read([START], paris(10, 18))
    assert [(e.level, e.due) for e in later.escalations] == [(1, True), (2, True)]


def test_the_night_after_the_deadline_is_already_a_breach() -> None:
    assert CLOCK.read([START], paris(9, 18)).state is ClockState.RUNNING
    assert CLOCK.read([START], paris(9, 18, 1)).state is ClockState.BREACHED


def test_pausing_after_the_deadline_does_not_undo_the_breach() -> None:
    events = [START, event(ClockAction.PAUSE, paris(10, 12))]
    reading = CLOCK.read(events, paris(15, 12))
    assert reading.state is ClockState.BREACHED
    assert reading.deadline == paris(9, 18)
    assert reading.overdue == 3 * H


def test_an_answer_at_the_deadline_is_on_time_and_after_it_is_late() -> None:
    on_time = CLOCK.read([START, event(ClockAction.ANSWER, paris(9, 18))], paris(20, 9))
    assert on_time.state is ClockState.ANSWERED
    assert on_time.on_time is True
    assert on_time.deadline == paris(9, 18)
    assert not on_time.warning_due
    late = CLOCK.read([START, event(ClockAction.ANSWER, paris(10, 11))], paris(20, 9))
    assert late.on_time is False
    assert late.overdue == 2 * H
    assert [(e.level, e.due) for e in late.escalations] == [(1, True), (2, False)]


def test_a_reopened_request_gets_a_fresh_round() -> None:
    events = [
        START,
        event(ClockAction.ANSWER, paris(8, 15)),
        event(ClockAction.REOPEN, paris(12, 9)),
    ]
    reading = CLOCK.read(events, paris(12, 11))
    assert reading.round == 2
    assert reading.state is ClockState.RUNNING
    assert reading.allowed == 9 * H
    assert reading.elapsed == 2 * H
    assert reading.deadline == paris(12, 18)
    assert reading.answered_at is None


def test_events_after_now_are_not_yet_known() -> None:
    events = [START, event(ClockAction.ANSWER, paris(9, 9))]
    assert CLOCK.read(events, paris(8, 10)).state is ClockState.RUNNING
    assert CLOCK.read(events, paris(9, 9)).state is ClockState.ANSWERED


@pytest.mark.parametrize(
    ("actions", "message"),
    [
        ([ClockAction.PAUSE], "cannot pause a clock that is not started"),
        ([ClockAction.START, ClockAction.START], "cannot start a clock that is running"),
        ([ClockAction.START, ClockAction.RESUME], "cannot resume a clock that is running"),
        (
            [ClockAction.START, ClockAction.PAUSE, ClockAction.PAUSE],
            "cannot pause a clock that is paused",
        ),
        ([ClockAction.START, ClockAction.REOPEN], "cannot reopen a clock that is running"),
    ],
)
def test_impossible_event_sequences_are_refused(actions: list[ClockAction], message: str) -> None:
    events = [event(action, MONDAY_9AM + i * H) for i, action in enumerate(actions)]
    with pytest.raises(Invalid, match=message):
        CLOCK.read(events, paris(20, 9))


def test_events_out_of_order_and_reads_before_the_start_are_refused() -> None:
    events = [START, event(ClockAction.PAUSE, MONDAY_9AM - H)]
    with pytest.raises(Invalid, match="out of order"):
        CLOCK.read(events, paris(20, 9))
    with pytest.raises(Invalid, match="not started"):
        CLOCK.read([START], MONDAY_9AM - H)


@pytest.mark.parametrize(
    "make",
    [
        lambda: ResponseClock(PARIS, timedelta(0)),
        lambda: ResponseClock(PARIS, H, reopen_allowed=-H),
        lambda: ResponseClock(PARIS, H, warning_share=1.5),
        lambda: EscalationStep(-H, 1),
        lambda: EscalationStep(H, 0),
    ],
)
def test_a_misconfigured_clock_is_refused(make: object) -> None:
    with pytest.raises(Invalid):
        make()  # type: ignore[operator]


def test_the_escalation_target_stops_at_the_root() -> None:
    ancestors = ["department", "ministry"]
    assert escalation_target(ancestors, 1) == "department"
    assert escalation_target(ancestors, 2) == "ministry"
    assert escalation_target(ancestors, 5) == "ministry"
    with pytest.raises(Invalid, match="no ancestor"):
        escalation_target([], 1)
