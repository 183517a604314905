"""The pure detectors: intervals, spikes, drops, negative-share jumps, calendar, drivers."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from resonance.alerts.detection import (
    baseline_starts,
    check_negative_share,
    check_volume,
    drivers,
    expectation,
    wilson,
)
from tests.alerts.simulation import EXPECTED, detect, score, simulate

PARIS = ZoneInfo("Europe/Paris")


def test_it_needs_three_baseline_windows_before_judging() -> None:
    assert expectation([10, 12]) is None
    assert check_volume(500, [10, 12]) is None


def test_the_interval_is_poisson_for_calm_series_and_wider_for_dispersed_ones() -> None:
    calm = expectation([20, 21, 19, 20, 22, 18, 20, 21])
    wild = expectation([5, 40, 12, 30, 8, 25, 50, 3])
    assert calm is not None
    assert wild is not None
    assert calm.method == "poisson"
    assert calm.expected == 20
    assert calm.low < 20 < calm.high
    assert wild.method == "negative_binomial"
    assert wild.high - wild.low > calm.high - calm.low


def test_it_flags_a_spike_and_a_drop_but_not_normal_noise() -> None:
    history = [20, 22, 18, 21, 19, 20, 23, 17]
    spike = check_volume(80, history)
    drop = check_volume(2, history)
    assert spike is not None
    assert spike.kind == "volume_spike"
    assert drop is not None
    assert drop.kind == "volume_drop"
    assert check_volume(26, history) is None
    assert check_volume(14, history) is None


def test_a_few_stray_mentions_on_a_quiet_project_are_not_a_spike() -> None:
    assert check_volume(4, [0, 0, 1, 0, 0, 0, 1, 0]) is None
    assert check_volume(30, [0, 0, 1, 0, 0, 0, 1, 0]) is not None


def test_a_drop_needs_an_expectation_worth_missing() -> None:
    assert check_volume(0, [4, 5, 3, 4, 6, 5, 4, 5]) is None


def test_negative_share_jump_uses_a_two_proportion_test_with_a_minimum_n() -> None:
    finding = check_negative_share(30, 60, 80, 400)
    assert finding is not None
    assert finding.observed_share == 0.5
    assert finding.baseline_share == 0.2
    assert finding.observed_low < 0.5 < finding.observed_high
    assert finding.z > 3.09
    assert check_negative_share(10, 20, 80, 400) is None  # too few mentions to judge
    assert check_negative_share(16, 60, 80, 400) is None  # 27 % vs 20 %: not significant


def test_wilson_interval_stays_inside_zero_and_one() -> None:
    low, high = wilson(0, 10)
    assert low == 0.0
    assert 0 < high < 0.35
    assert wilson(5, 0) == (0.0, 1.0)


def test_drivers_rank_what_accounts_for_the_difference() -> None:
    observed = {"a": 50, "b": 12, "c": 3}
    baseline = [{"a": 5, "b": 10, "c": 5}, {"a": 6, "b": 11, "c": 4}, {"a": 4, "b": 9, "c": 6}]
    up = drivers(observed, baseline, direction=1)
    assert [d.key for d in up] == ["a", "b"]
    assert up[0].difference == 45
    assert up[0].share > 0.9
    down = drivers(observed, baseline, direction=-1)
    assert [d.key for d in down] == ["c"]


def test_baseline_is_the_same_local_hour_of_earlier_weeks_across_dst() -> None:
    start = datetime(2024, 4, 3, 8, 0, tzinfo=UTC)  # 10:00 in Paris (summer time)
    starts = baseline_starts(start, PARIS, weeks=3, is_holiday=lambda _d: False)
    local = [s.astimezone(PARIS) for s in starts]
    assert [d.date() for d in local] == [date(2024, 3, 27), date(2024, 3, 20), date(2024, 3, 13)]
    assert {d.hour for d in local} == {10}  # 09:00 UTC in winter time
    assert starts[-1].hour == 9


def test_a_holiday_is_compared_with_sundays_and_left_out_of_later_baselines() -> None:
    holidays = {date(2024, 5, 1), date(2024, 5, 8)}
    on_holiday = baseline_starts(
        datetime(2024, 5, 8, 8, tzinfo=UTC), PARIS, weeks=3, is_holiday=holidays.__contains__
    )
    assert [s.astimezone(PARIS).date() for s in on_holiday] == [
        date(2024, 5, 5),
        date(2024, 4, 28),
        date(2024, 4, 21),
    ]
    after = baseline_starts(
        datetime(2024, 5, 15, 8, tzinfo=UTC), PARIS, weeks=3, is_holiday=holidays.__contains__
    )
    assert [s.astimezone(PARIS).date() for s in after] == [
        date(2024, 4, 24),
        date(2024, 4, 17),
        date(2024, 4, 10),
    ]


def test_holiday_dips_do_not_alert_but_would_without_the_calendar() -> None:
    rng = random.Random(3)
    series = [simulate(rng, "holiday") for _ in range(30)]
    with_calendar = sum(bool(detect(s)) for s in series)
    for s in series:
        s.holidays = set()  # the same data, read without the holiday calendar
    without_calendar = sum("volume_drop" in detect(s) for s in series)
    assert with_calendar == 0
    assert without_calendar >= 5


def test_injected_anomalies_are_found_with_high_precision() -> None:
    result = score(per_scenario=40, seed=11)
    assert result["precision"] >= 0.95, result
    assert result["recall"] >= 0.7, result
    assert result["holiday_alerts"] <= 2, result  # the same ~1 % as ordinary days


def test_each_scenario_is_simulated_with_its_anomaly() -> None:
    rng = random.Random(5)
    for scenario in EXPECTED:
        series = simulate(rng, scenario)
        window = [series.counts.get(series.start + timedelta(hours=k), 0) for k in range(3)]
        assert sum(window) >= 0
        assert series.scenario == scenario
