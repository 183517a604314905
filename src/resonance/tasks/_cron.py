"""A five-field cron expression (minute hour day month weekday), matched in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from resonance.errors import Invalid

# (lowest, highest) of minute, hour, day of month, month, day of week (0 or 7 = Sunday).
_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def _parse_part(part: str, low: int, high: int) -> set[int]:
    body, _, step_text = part.partition("/")
    step = int(step_text) if step_text else 1
    if body == "*":
        start, end = low, high
    elif "-" in body:
        first, last = body.split("-", 1)
        start, end = int(first), int(last)
    else:
        start = int(body)
        end = high if step_text else start
    if step < 1 or not low <= start <= end <= high:
        raise ValueError(part)
    return set(range(start, end + 1, step))


def _parse_field(text: str, low: int, high: int) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        values |= _parse_part(part, low, high)
    return frozenset(values)


@dataclass(frozen=True)
class CronSpec:
    """Parsed cron fields; like cron, a restricted day and weekday match if either matches."""

    expression: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    any_day: bool
    any_weekday: bool

    @classmethod
    def parse(cls, expression: str) -> CronSpec:
        fields = expression.split()
        if len(fields) != 5:
            raise Invalid(f"A cron expression has 5 fields, not {len(fields)}: {expression!r}")
        try:
            parsed = [_parse_field(f, lo, hi) for f, (lo, hi) in zip(fields, _RANGES, strict=True)]
        except ValueError as error:
            raise Invalid(f"Bad cron field {error} in {expression!r}") from error
        minutes, hours, days, months, weekdays = parsed
        return cls(
            expression=expression,
            minutes=minutes,
            hours=hours,
            days=days,
            months=months,
            weekdays=frozenset(d % 7 for d in weekdays),
            any_day=fields[2] == "*",
            any_weekday=fields[4] == "*",
        )

    def matches(self, at: datetime) -> bool:
        weekday = at.isoweekday() % 7
        day_ok, weekday_ok = at.day in self.days, weekday in self.weekdays
        if self.any_day or self.any_weekday:
            date_ok = day_ok and weekday_ok
        else:
            date_ok = day_ok or weekday_ok
        return (
            at.minute in self.minutes
            and at.hour in self.hours
            and at.month in self.months
            and date_ok
        )
