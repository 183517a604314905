"""Simulated hourly mention series with known anomalies, for measuring the detectors."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from resonance.alerts.detection import Rules, baseline_starts, check_negative_share, check_volume

HOUR = timedelta(hours=1)
WINDOW = 3
WEEKS = 8
TZ = ZoneInfo("Europe/Paris")
# Local hour profile: quiet nights, busy office hours; weekends lower, Sunday lowest.
PROFILE = [0.15] * 6 + [0.4, 0.7, 1.0, 1.2, 1.2, 1.1, 1.0, 1.1, 1.2, 1.1, 1.0, 0.9] + [0.7] * 3
PROFILE += [0.4, 0.25, 0.2]
WEEKDAY = [1.0, 1.0, 1.0, 1.0, 0.95, 0.6, 0.4]
SCENARIOS = ("normal", "spike", "drop", "negative", "holiday")


@dataclass
class Series:
    """Counts and negatives per UTC hour, the evaluated window start and its holidays."""

    counts: dict[datetime, int]
    negatives: dict[datetime, int]
    start: datetime
    holidays: set[date]
    scenario: str


def _draw(rng: random.Random, mean: float, dispersion: float = 8.0) -> int:
    # Negative binomial as a gamma-Poisson mixture: day-to-day news is over-dispersed.
    rate = rng.gammavariate(dispersion, mean / dispersion) if mean > 0 else 0.0
    count, threshold, product = 0, pow(2.718281828459045, -rate), rng.random()
    if rate > 30:  # normal approximation keeps large rates fast
        return max(0, round(rng.gauss(rate, rate**0.5)))
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def simulate(rng: random.Random, scenario: str) -> Series:
    """Ten weeks of hours; the evaluated window sits in the last week, on a busy hour."""
    scale = rng.choice([6.0, 15.0, 40.0])
    end = datetime(2024, 6, 3, tzinfo=UTC) + timedelta(days=70)
    day = rng.randrange(0, 5)  # a weekday, so a holiday differs from the usual day
    local_start = datetime(2024, 8, 5, tzinfo=TZ) + timedelta(days=day, hours=rng.randrange(8, 17))
    start = local_start.astimezone(UTC)
    holidays = {local_start.date()} if scenario == "holiday" else set()
    # Earlier holidays (in the baseline) must be excluded, not read as drops.
    holidays.add((local_start - timedelta(days=14)).date())
    counts: dict[datetime, int] = {}
    negatives: dict[datetime, int] = {}
    hour = end - timedelta(days=70)
    while hour < end:
        local = hour.astimezone(TZ)
        if not 0 <= (local.hour - local_start.hour) % 24 < WINDOW:
            hour += HOUR
            continue  # only the hours of day that the window and its baseline read
        weekday = 6 if local.date() in holidays else local.weekday()
        mean = scale * PROFILE[local.hour] * WEEKDAY[weekday]
        in_window = start <= hour < start + WINDOW * HOUR
        neg_share = 0.2
        if in_window and scenario == "spike":
            mean *= 3.0
        elif in_window and scenario == "drop":
            mean *= 0.15
        elif in_window and scenario == "negative":
            neg_share = 0.5
        counts[hour] = _draw(rng, mean)
        negatives[hour] = sum(rng.random() < neg_share for _ in range(counts[hour]))
        hour += HOUR
    return Series(counts, negatives, start, holidays, scenario)


def _window(values: dict[datetime, int], start: datetime) -> int:
    return sum(values.get(start + k * HOUR, 0) for k in range(WINDOW))


def detect(series: Series, rules: Rules = Rules()) -> set[str]:
    """The alert kinds the detectors raise for the series' window."""
    is_holiday: Callable[[date], bool] = series.holidays.__contains__
    starts = baseline_starts(series.start, TZ, weeks=WEEKS, is_holiday=is_holiday)
    samples = [float(_window(series.counts, s)) for s in starts]
    found: set[str] = set()
    volume = check_volume(_window(series.counts, series.start), samples, rules)
    if volume is not None:
        found.add(volume.kind)
    base_neg = sum(_window(series.negatives, s) for s in starts)
    share = check_negative_share(
        _window(series.negatives, series.start),
        _window(series.counts, series.start),
        base_neg,
        int(sum(samples)),
        rules,
    )
    if share is not None:
        found.add("negative_share")
    return found


EXPECTED = {
    "normal": set(),
    "spike": {"volume_spike"},
    "drop": {"volume_drop"},
    "negative": {"negative_share"},
    "holiday": set(),
}


def score(per_scenario: int, seed: int = 7) -> dict[str, float]:
    """Precision and recall over all alerts raised, across the scenarios."""
    rng = random.Random(seed)
    tp = fp = fn = 0
    holiday_alerts = 0
    misses = dict.fromkeys(SCENARIOS, 0)
    for scenario in SCENARIOS:
        for _ in range(per_scenario):
            series = simulate(rng, scenario)
            found, wanted = detect(series), EXPECTED[scenario]
            tp += len(found & wanted)
            fp += len(found - wanted)
            fn += len(wanted - found)
            holiday_alerts += scenario == "holiday" and bool(found)
            misses[scenario] += len(wanted - found) + len(found - wanted)
    return {
        "precision": tp / max(1, tp + fp),
        "recall": tp / max(1, tp + fn),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "holiday_alerts": holiday_alerts,
        **{f"errors_{k}": v for k, v in misses.items()},
    }
