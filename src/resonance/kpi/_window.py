"""KPI windows in the owner unit's time zone: day, ISO week, calendar month, rolling N days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from resonance.errors import Invalid
from resonance.kpi.models import WindowKind

DAY = timedelta(days=1)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(f"Unknown time zone {name!r}.", field="timezone") from None


def midnight(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant at which `day` starts in `tz` (DST-aware)."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def floor_hour(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Span:
    """A half-open interval [start, end) of UTC instants, with the local days it covers."""

    start: datetime
    end: datetime
    first_day: date
    last_day: date  # inclusive
    partial: bool = False
    elapsed: float = 1.0  # share of the full window that the span covers

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def days_of(kind: WindowKind, window_days: int | None, day: date) -> tuple[date, date]:
    """The first and last local day of the window of this kind that contains `day`."""
    if kind is WindowKind.DAY:
        return day, day
    if kind is WindowKind.WEEK:
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    if kind is WindowKind.MONTH:
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - DAY
    n = window_days or 1
    return day - timedelta(days=n - 1), day


def full_span(kind: WindowKind, window_days: int | None, day: date, tz: ZoneInfo) -> Span:
    first, last = days_of(kind, window_days, day)
    return Span(midnight(first, tz), midnight(last + DAY, tz), first, last)


@dataclass(frozen=True)
class Windows:
    """At `as_of`: the last complete window, the one in progress, and its like-for-like ref."""

    complete: Span
    partial: Span | None
    reference: Span | None
    today: date


def windows_at(kind: WindowKind, window_days: int | None, as_of: datetime, tz: ZoneInfo) -> Windows:
    """Rolling windows end with yesterday; their "in progress" part is today so far.

    Rollups are hourly, so a partial span ends at the start of the current hour; its reference is
    the previous window cut after the same elapsed time.
    """
    today = as_of.astimezone(tz).date()
    cut = floor_hour(as_of)
    if kind is WindowKind.ROLLING:
        complete = full_span(kind, window_days, today - DAY, tz)
        current = full_span(WindowKind.DAY, None, today, tz)
        previous = full_span(WindowKind.DAY, None, today - DAY, tz)
    else:
        current = full_span(kind, window_days, today, tz)
        previous = full_span(kind, window_days, current.first_day - DAY, tz)
        complete = previous
    if cut <= current.start:
        return Windows(complete, None, None, today)
    length = (current.end - current.start).total_seconds()
    elapsed = (cut - current.start).total_seconds() / length
    partial = Span(current.start, cut, current.first_day, today, True, elapsed)
    ref_end = min(previous.start + (cut - current.start), previous.end)
    reference = Span(previous.start, ref_end, previous.first_day, previous.last_day, True, elapsed)
    return Windows(complete, partial, reference, today)
