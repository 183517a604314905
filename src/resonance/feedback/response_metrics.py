"""Response metrics for the KPI engine: business-time response quantiles, overdue, on-time share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from resonance.errors import Invalid
from resonance.feedback.clock import BusinessCalendar, require_aware
from resonance.kpi import intervals
from resonance.kpi.intervals import FloatArray
from resonance.kpi.metrics import Observation

HOUR = timedelta(hours=1)
ZERO = timedelta(0)
# Bootstrap draws shrink for large samples so that draws x n stays near this many values.
BOOTSTRAP_CELLS = 4_000_000
MAX_DRAWS = 2000


@dataclass(frozen=True)
class ResponseRecord:
    """One request as the metrics see it; all instants aware.

    `paused` is the business time spent waiting for the citizen (not the unit's time);
    `calendar` is the responsible unit's, else the one passed to `response_metrics`.
    """

    received: datetime
    answered: datetime | None
    deadline: datetime
    reopened: bool = False
    rating: float | None = None
    paused: timedelta = ZERO
    calendar: BusinessCalendar | None = None


@dataclass(frozen=True)
class ResponseMetrics:
    """The response KPIs at one instant, each with its n and interval."""

    received: int
    answered: int
    response_p50: Observation  # hours of business time
    response_p90: Observation
    overdue: Observation
    within_deadline: Observation
    reopen_rate: Observation
    rating: Observation


def _draws(n: int) -> int:
    return max(intervals.DRAWS, min(MAX_DRAWS, BOOTSTRAP_CELLS // max(n, 1)))


def _quantile(hours: FloatArray, q: float) -> Observation:
    if hours.size == 0:
        return Observation(None, 0, note="no request answered yet")
    point, low, high = intervals.bootstrap(
        hours, intervals.quantile_statistic(q), draws=_draws(hours.size)
    )
    return Observation(point, int(hours.size), low, high, method="bootstrap")


def _mean(values: FloatArray) -> FloatArray:
    return np.asarray(values.mean(axis=1), dtype=float)


def _share(k: int, n: int, note: str) -> Observation:
    if n == 0:
        return Observation(None, 0, note=note)
    low, high = intervals.wilson(k, n)
    return Observation(k / n, n, low, high, method="wilson")


def response_hours(record: ResponseRecord, calendar: BusinessCalendar | None) -> float:
    """Business hours from receipt to answer, less the time waiting for the citizen."""
    use = record.calendar or calendar
    if use is None:
        raise Invalid("a response record needs a calendar to measure business time")
    if record.answered is None:
        raise Invalid("the request has no answer to measure")
    worked = use.business_time_between(record.received, record.answered) - record.paused
    return max(worked, ZERO) / HOUR


def response_metrics(
    records: Iterable[ResponseRecord],
    *,
    at: datetime,
    calendar: BusinessCalendar | None = None,
) -> ResponseMetrics:
    """The metrics as they stood at `at`: later receipts and answers are not yet known.

    Quantiles cover answered requests. The on-time share counts requests whose outcome is
    known (answered, or past the deadline unanswered) so that late open ones are not hidden.
    The reopen rate and rating are over answered requests.
    """
    at = require_aware(at, "at")
    hours: list[float] = []
    ratings: list[float] = []
    received = overdue = open_ = decided = on_time = reopened = 0
    for record in records:
        if require_aware(record.received, "received") > at:
            continue
        received += 1
        deadline = require_aware(record.deadline, "deadline")
        answered = record.answered
        if answered is None or require_aware(answered, "answered") > at:
            open_ += 1
            overdue += deadline < at
            decided += deadline < at
            continue
        hours.append(response_hours(record, calendar))
        decided += 1
        on_time += answered <= deadline
        reopened += record.reopened
        if record.rating is not None:
            ratings.append(float(record.rating))
    rating = np.asarray(ratings, dtype=float)
    answered_hours = np.asarray(hours, dtype=float)
    return ResponseMetrics(
        received=received,
        answered=len(hours),
        response_p50=_quantile(answered_hours, 0.5),
        response_p90=_quantile(answered_hours, 0.9),
        overdue=Observation(float(overdue), open_, method="count"),
        within_deadline=_share(on_time, decided, "no request answered or past its deadline"),
        reopen_rate=_share(reopened, len(hours), "no request answered yet"),
        rating=_rating(rating),
    )


def _rating(values: FloatArray) -> Observation:
    if values.size == 0:
        return Observation(None, 0, note="no rating given")
    point, low, high = intervals.bootstrap(values, _mean, draws=_draws(values.size))
    return Observation(point, int(values.size), low, high, method="bootstrap")
