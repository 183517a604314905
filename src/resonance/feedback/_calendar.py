"""Business calendars: a unit's working days and hours in its time zone, less public holidays."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from resonance.errors import Invalid

HourMinute = tuple[int, int]
Hours = tuple[HourMinute, HourMinute]
Span = tuple[datetime, datetime]
WEEKDAYS = (0, 1, 2, 3, 4)
OFFICE_HOURS: Hours = ((9, 0), (18, 0))
ZERO = timedelta(0)
DAY = timedelta(days=1)
# A calendar without working time for this many days in a row is misconfigured; waiting it out
# would loop for ever.
MAX_CLOSED_DAYS = 3 * 366


def require_aware(at: datetime, name: str = "datetime") -> datetime:
    """The same instant in UTC; a naive datetime is refused because its zone would be a guess."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise Invalid(
            f"{name} {at.isoformat()} is naive: pass an aware datetime, e.g. with tzinfo=UTC",
            field=name,
        )
    return at.astimezone(UTC)


@lru_cache(maxsize=64)
def _country_holidays(country: str, subdivision: str | None) -> holidays.HolidayBase:
    try:
        return holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError as exc:
        raise Invalid(
            f"no public-holiday calendar for {country!r}: {exc}; "
            "pass country=None to count working days without holidays",
            field="country",
        ) from exc


def _minutes(at: HourMinute) -> int:
    hour, minute = at
    if not (0 <= hour <= 24 and 0 <= minute < 60) or (hour == 24 and minute):
        raise Invalid(f"working hour {hour:02d}:{minute:02d} is not a time of day", field="hours")
    return hour * 60 + minute


def _day_minutes(hours: Hours | Sequence[Hours]) -> tuple[tuple[int, int], ...]:
    """Working intervals of a day as minutes after midnight, sorted, each non-empty, disjoint."""
    if not hours:
        raise Invalid("a calendar needs at least one interval of working hours", field="hours")
    single = isinstance(hours[0][0], int)
    pairs = (cast(Hours, hours),) if single else cast(Sequence[Hours], hours)
    out = sorted((_minutes(start), _minutes(end)) for start, end in pairs)
    for start, end in out:
        if start >= end:
            raise Invalid(f"working hours {pairs} hold an empty interval", field="hours")
    for (_, end), (start, _) in itertools.pairwise(out):
        if start < end:
            raise Invalid(f"working hours {pairs} overlap", field="hours")
    return tuple(out)


class BusinessCalendar:
    """When a unit is at work: weekdays and hours in its time zone, less its country's holidays.

    A day is a working day when it is an extra working day, or else neither an extra holiday nor
    a public holiday (observed and substituted days off included) and either a weekday in
    `workdays` or a weekend the country moved work to (China's, Russia's, Vietnam's ... adjusted
    working weekends, as the `holidays` package lists them). Extra holidays win over all.
    Working hours are wall-clock times of the unit's zone; business time is real elapsed time
    inside them, so a day with a DST change that crosses the hours is an hour longer or shorter.
    """

    def __init__(
        self,
        timezone: str,
        country: str | None,
        *,
        workdays: Iterable[int] = WEEKDAYS,
        hours: Hours | Sequence[Hours] = OFFICE_HOURS,
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
        subdivision: str | None = None,
    ) -> None:
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise Invalid(f"unknown time zone {timezone!r}", field="timezone") from exc
        self.timezone = timezone
        self.country = country.upper() if country else None
        self.workdays = frozenset(workdays)
        if not self.workdays <= set(range(7)):
            days = sorted(self.workdays)
            raise Invalid(f"workdays {days} are not weekdays 0-6", field="workdays")
        self.hours = _day_minutes(hours)
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        if not self.workdays and not self.extra_workdays:
            raise Invalid("a calendar needs at least one working day", field="workdays")
        self._holidays = _country_holidays(self.country, subdivision) if self.country else None
        self._spans: dict[date, tuple[Span, ...]] = {}

    def __repr__(self) -> str:
        return f"BusinessCalendar({self.timezone!r}, {self.country!r}, hours={self.hours})"

    def holiday(self, day: date) -> str | None:
        """The name of the public or extra holiday on a local date, if any."""
        if day in self.extra_holidays:
            return "extra holiday"
        if self._holidays is None:
            return None
        name = self._holidays.get(day)
        return None if name is None else str(name)

    def is_workday(self, day: date) -> bool:
        """Whether the unit works on this local date at all."""
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        if self._holidays is not None:
            if day in self._holidays:  # also fills the year's moved working weekends
                return False
            if day in self._holidays.weekend_workdays:
                return True
        return day.weekday() in self.workdays

    def spans(self, day: date) -> tuple[Span, ...]:
        """The working intervals of a local date as UTC instants (none on a day off)."""
        cached = self._spans.get(day)
        if cached is None:
            cached = self._compute_spans(day)
            self._spans[day] = cached
        return cached

    def _compute_spans(self, day: date) -> tuple[Span, ...]:
        if not self.is_workday(day):
            return ()
        midnight = datetime.combine(day, time())
        out: list[Span] = []
        for start, end in self.hours:
            opens = self._instant(midnight + timedelta(minutes=start))
            closes = self._instant(midnight + timedelta(minutes=end))
            if opens < closes:
                out.append((opens, closes))
        return tuple(out)

    def _wall(self, stamp: int) -> datetime:
        return datetime.fromtimestamp(stamp, self.zone).replace(tzinfo=None)

    def _instant(self, local: datetime) -> datetime:
        """The UTC instant of a wall-clock time; the first existing one after it in a DST gap.

        An ambiguous time (clocks going back) is its first occurrence. A time skipped by clocks
        going forward is the moment of the jump, found by bisection between the two readings.
        """
        first = local.replace(tzinfo=self.zone, fold=0).astimezone(UTC)
        if first.astimezone(self.zone).replace(tzinfo=None) == local:
            return first
        second = local.replace(tzinfo=self.zone, fold=1).astimezone(UTC)
        low, high = sorted((int(first.timestamp()), int(second.timestamp())))
        while high - low > 1:
            middle = (low + high) // 2
            if self._wall(middle) >= local:
                high = middle
            else:
                low = middle
        return datetime.fromtimestamp(high, UTC)

    def _spans_from(self, at: datetime) -> Iterator[Span]:
        """Working intervals that end after `at`, in order; raises when work never resumes."""
        day = at.astimezone(self.zone).date() - DAY
        closed = 0
        while closed <= MAX_CLOSED_DAYS:
            spans = self.spans(day)
            closed = 0 if spans else closed + 1
            for span in spans:
                if span[1] > at:
                    yield span
            day += DAY
        raise Invalid(
            f"{self!r} has no working time for {MAX_CLOSED_DAYS} days after {at.isoformat()}"
        )

    def is_open(self, at: datetime) -> bool:
        """Whether `at` falls inside working time (intervals are closed-open: 18:00 is closed)."""
        at = require_aware(at, "at")
        opens, _ = next(self._spans_from(at))
        return opens <= at

    def next_open(self, at: datetime) -> datetime:
        """`at` itself when open, else the next moment work starts (UTC)."""
        at = require_aware(at, "at")
        opens, _ = next(self._spans_from(at))
        return max(opens, at)

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        """The instant (UTC) when `duration` of working time has passed since `start`.

        A deadline that uses up an interval exactly is its closing time (18:00, not 09:00 the
        next working day); a zero duration is `start` itself.
        """
        start = require_aware(start, "start")
        if duration < ZERO:
            raise Invalid(f"duration {duration} is negative", field="duration")
        if duration == ZERO:
            return start
        left = duration
        for opens, closes in self._spans_from(start):
            opens = max(opens, start)
            if left <= closes - opens:
                return opens + left
            left -= closes - opens
        raise AssertionError("unreachable: _spans_from ends only by raising")

    def business_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from `a` to `b`; negative when `b` comes first."""
        a = require_aware(a, "a")
        b = require_aware(b, "b")
        if b < a:
            return -self.business_time_between(b, a)
        total = ZERO
        for opens, closes in self._spans_from(a):
            if opens >= b:
                break
            total += min(closes, b) - max(opens, a)
        return total
