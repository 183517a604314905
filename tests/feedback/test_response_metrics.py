"""Response metrics: business-time quantiles, overdue, on-time share, reopen rate and rating."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from resonance.errors import Invalid
from resonance.feedback.clock import BusinessCalendar
from resonance.feedback.response_metrics import (
    ResponseRecord,
    response_hours,
    response_metrics,
)
from resonance.kpi import intervals

H = timedelta(hours=1)
PARIS = BusinessCalendar("Europe/Paris", "FR")
MONDAY_9AM = datetime(2025, 9, 8, 7, tzinfo=UTC)  # 09:00 in Paris
AT = datetime(2025, 10, 1, tzinfo=UTC)


def answered_after(hours: float, **overrides: object) -> ResponseRecord:
    received = overrides.pop("received", MONDAY_9AM)
    assert isinstance(received, datetime)
    answered = PARIS.add_business_time(received, hours * H)
    values: dict[str, object] = {
        "received": received,
        "answered": answered,
        "deadline": PARIS.add_business_time(received, 18 * H),
    }
    values.update(overrides)
    return ResponseRecord(**values)  # type: ignore[arg-type]


def test_quantiles_are_in_business_hours_with_a_bootstrap_interval() -> None:
    records = [answered_after(h) for h in range(1, 11)]
    metrics = response_metrics(records, at=AT, calendar=PARIS)
    assert metrics.received == metrics.answered == 10
    assert metrics.response_p50.value == pytest.approx(5.5)
    assert metrics.response_p90.value == pytest.approx(9.1)
    for obs in (metrics.response_p50, metrics.response_p90):
        assert obs.n == 10
        assert obs.method == "bootstrap"
        assert obs.low is not None
        assert obs.high is not None
        assert obs.value is not None
        assert 1 <= obs.low <= obs.value <= obs.high <= 10


def test_nights_weekends_and_waiting_for_the_citizen_do_not_count() -> None:
    friday_5pm = datetime(2025, 9, 12, 15, tzinfo=UTC)
    record = ResponseRecord(
        received=friday_5pm,
        answered=datetime(2025, 9, 16, 8, tzinfo=UTC),  # Tuesday 10:00
        deadline=friday_5pm + 5 * 24 * H,
        paused=3 * H,
    )
    # Friday 1 h + Monday 9 h + Tuesday 1 h = 11 h worked, 3 h of it waiting for the citizen.
    assert response_hours(record, PARIS) == pytest.approx(8)


def test_overdue_counts_open_requests_past_their_deadline_at_that_instant() -> None:
    deadline = PARIS.add_business_time(MONDAY_9AM, 18 * H)  # Tuesday 18:00
    records = [
        ResponseRecord(MONDAY_9AM, None, deadline),
        ResponseRecord(MONDAY_9AM, None, deadline + 30 * 24 * H),
        # Answered later than the instant we look at: still open then.
        ResponseRecord(MONDAY_9AM, deadline + 48 * H, deadline),
        answered_after(3),
    ]
    at = deadline + 24 * H
    metrics = response_metrics(records, at=at, calendar=PARIS)
    assert metrics.overdue.value == 2
    assert metrics.overdue.n == 3
    assert metrics.answered == 1
    assert response_metrics(records, at=deadline, calendar=PARIS).overdue.value == 0


def test_the_on_time_share_counts_late_open_requests_as_missed() -> None:
    records = [answered_after(h) for h in (2, 4, 8, 20)]
    records.append(ResponseRecord(MONDAY_9AM, None, MONDAY_9AM + H))
    records.append(ResponseRecord(MONDAY_9AM, None, AT + 24 * H))  # not due yet: undecided
    share = response_metrics(records, at=AT, calendar=PARIS).within_deadline
    assert share.value == pytest.approx(3 / 5)
    assert share.n == 5
    assert (share.low, share.high) == pytest.approx(intervals.wilson(3, 5))
    assert share.method == "wilson"


def test_reopen_rate_and_rating_are_over_answered_requests() -> None:
    records = [
        answered_after(1, reopened=True, rating=2),
        answered_after(2, rating=4),
        answered_after(3, rating=5),
        answered_after(4),
        ResponseRecord(MONDAY_9AM, None, AT, rating=1),
    ]
    metrics = response_metrics(records, at=AT, calendar=PARIS)
    assert metrics.reopen_rate.value == pytest.approx(1 / 4)
    assert (metrics.reopen_rate.low, metrics.reopen_rate.high) == pytest.approx(
        intervals.wilson(1, 4)
    )
    assert metrics.rating.value == pytest.approx(11 / 3)
    assert metrics.rating.n == 3
    assert metrics.rating.low is not None
    assert metrics.rating.high is not None
    assert 2 <= metrics.rating.low <= 11 / 3 <= metrics.rating.high <= 5


def test_requests_received_after_the_instant_are_not_counted() -> None:
    records = [answered_after(2), answered_after(2, received=AT + H)]
    assert response_metrics(records, at=AT, calendar=PARIS).received == 1


def test_no_requests_give_empty_observations_not_zeros() -> None:
    metrics = response_metrics([], at=AT, calendar=PARIS)
    assert metrics.received == 0
    assert metrics.response_p50.value is None
    assert metrics.response_p50.n == 0
    assert metrics.within_deadline.value is None
    assert metrics.reopen_rate.value is None
    assert metrics.rating.value is None
    assert metrics.overdue.value == 0


def test_each_record_may_carry_its_units_calendar() -> None:
    kyiv = BusinessCalendar("Europe/Kyiv", "UA")
    friday = datetime(2021, 8, 20, 14, tzinfo=UTC)  # 17:00 in Kyiv
    record = ResponseRecord(
        friday, datetime(2021, 8, 25, 14, tzinfo=UTC), friday + 30 * 24 * H, calendar=kyiv
    )
    metrics = response_metrics([record], at=AT, calendar=PARIS)
    assert metrics.response_p50.value == pytest.approx(9)  # Independence Day off in Kyiv
    with pytest.raises(Invalid, match="calendar"):
        response_metrics([answered_after(2)], at=AT)


def test_naive_instants_are_refused() -> None:
    with pytest.raises(Invalid, match="naive"):
        response_metrics([], at=datetime(2025, 10, 1))  # noqa: DTZ001


def test_the_same_data_always_gives_the_same_interval() -> None:
    rng = np.random.default_rng(7)
    records = [answered_after(float(h)) for h in rng.uniform(0.5, 40, size=60)]
    first = response_metrics(records, at=AT, calendar=PARIS)
    second = response_metrics(list(reversed(records)), at=AT, calendar=PARIS)
    assert first.response_p90.value == pytest.approx(second.response_p90.value)
    assert first.response_p50 == response_metrics(records, at=AT, calendar=PARIS).response_p50
