"""Forecast and status on synthetic daily series with a known trend."""

from __future__ import annotations

import numpy as np
import pytest

from resonance.kpi.forecast import Series, Status, decide_status, forecast_window, verdict
from resonance.kpi.models import Comparator


def _counts(days: int, start: float, growth: float, seed: int = 1) -> Series:
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    weekly = np.where(t % 7 >= 5, 0.6, 1.0)  # quieter weekends
    mean = start * (1 + growth) ** t * weekly
    return Series(rng.poisson(mean).astype(float), None, (t % 7).astype(float))


def _future(days: int, history: int) -> tuple[np.ndarray, np.ndarray]:
    horizon = np.arange(1, days + 1, dtype=float)
    return ((history - 1 + horizon) % 7), horizon


def _status(series: Series, target: float, horizon: int, comparator: Comparator) -> Status:
    weekday, h = _future(horizon, series.num.size)
    forecast = forecast_window(
        series,
        future_weekday=weekday[-1:],
        future_horizon=h[-1:],
        observed=(0.0, 0.0),
        comparator=comparator,
        target=target,
        target_high=None,
    )
    assert forecast is not None
    assert forecast.low <= forecast.value <= forecast.high
    return decide_status(
        forecast=forecast, current_verdict="missed", trajectory_verdict=None, deadline_open=True
    )


def test_a_growing_series_that_will_pass_the_target_is_on_track() -> None:
    # 100/day growing 2 %/day: about 200/day after 5 weeks; the target is 150 in 30 days.
    series = _counts(56, 100, 0.02)
    assert _status(series, 150 * 1.0, 30, Comparator.AT_LEAST) is Status.ON_TRACK


def test_a_flat_series_far_below_the_target_is_off_track() -> None:
    series = _counts(56, 100, 0.0)
    assert _status(series, 400, 30, Comparator.AT_LEAST) is Status.OFF_TRACK


def test_a_falling_series_meets_an_at_most_target() -> None:
    series = _counts(56, 300, -0.02)
    assert _status(series, 200, 20, Comparator.AT_MOST) is Status.ON_TRACK


def test_a_target_near_the_forecast_is_at_risk() -> None:
    series = _counts(56, 100, 0.0, seed=4)
    weekday, h = _future(7, 56)
    forecast = forecast_window(
        series,
        future_weekday=weekday,
        future_horizon=h,
        observed=(0.0, 0.0),
        comparator=Comparator.AT_LEAST,
        target=600,
        target_high=None,
    )
    assert forecast is not None
    assert 0.3 <= forecast.probability < 0.7
    assert forecast.low < 600 < forecast.high


def test_a_share_series_is_forecast_on_the_logit_scale() -> None:
    rng = np.random.default_rng(5)
    t = np.arange(42)
    den = rng.poisson(400, size=t.size).astype(float)
    p = 0.5 + 0.004 * t  # rising 0.4 points a day
    series = Series(rng.binomial(den.astype(int), p).astype(float), den, (t % 7).astype(float))
    weekday, h = _future(14, 42)
    forecast = forecast_window(
        series,
        future_weekday=weekday[-1:],
        future_horizon=h[-1:],
        observed=(0.0, 0.0),
        comparator=Comparator.AT_LEAST,
        target=0.6,
        target_high=None,
    )
    assert forecast is not None
    assert 0.0 <= forecast.low <= forecast.value <= forecast.high <= 1.0
    assert forecast.probability > 0.7


def test_too_short_a_history_gives_no_forecast() -> None:
    series = _counts(5, 100, 0.0)
    weekday, h = _future(5, 5)
    assert (
        forecast_window(
            series,
            future_weekday=weekday,
            future_horizon=h,
            observed=(0.0, 0.0),
            comparator=Comparator.AT_LEAST,
            target=1,
            target_high=None,
        )
        is None
    )


@pytest.mark.parametrize(
    ("low", "value", "high", "expected"),
    [(0.72, 0.75, 0.78, "met"), (0.6, 0.65, 0.68, "missed"), (0.66, 0.7, 0.74, "uncertain")],
)
def test_the_verdict_uses_the_whole_interval(
    low: float, value: float, high: float, expected: str
) -> None:
    assert verdict(low, value, high, Comparator.AT_LEAST, 0.7, None) == expected


def test_between_targets_are_judged_on_both_bounds() -> None:
    assert verdict(0.45, 0.5, 0.55, Comparator.BETWEEN, 0.4, 0.6) == "met"
    assert verdict(0.65, 0.7, 0.75, Comparator.BETWEEN, 0.4, 0.6) == "missed"
    assert verdict(0.55, 0.6, 0.65, Comparator.BETWEEN, 0.4, 0.6) == "uncertain"


def test_without_a_forecast_the_trajectory_decides() -> None:
    assert (
        decide_status(
            forecast=None, current_verdict="missed", trajectory_verdict="met", deadline_open=True
        )
        is Status.ON_TRACK
    )
    assert (
        decide_status(
            forecast=None, current_verdict="met", trajectory_verdict=None, deadline_open=False
        )
        is Status.ON_TRACK
    )
