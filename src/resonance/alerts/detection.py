"""Pure detection rules: robust hour-of-week baselines, volume and negative-share tests, drivers."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from scipy import stats

# 1.4826 * MAD estimates the standard deviation of a normal sample, robust to outliers.
MAD_SCALE = 1.4826
MIN_BASELINE_WEEKS = 3
SUNDAY = 6


@dataclass(frozen=True)
class Rules:
    """Thresholds of the detectors; defaults documented in docs/alerts.md."""

    alpha: float = 0.001  # two-sided probability outside the expected interval
    min_delta: int = 5  # a spike needs at least this many mentions above expected
    min_ratio: float = 1.5  # ... and observed >= 1.5 x expected (drops: <= expected / 1.5)
    min_expected_for_drop: float = 10.0  # a drop needs an expectation worth missing
    share_min_n: int = 30  # negative share: mentions needed in the window
    share_min_jump: float = 0.10  # ... and a rise of at least 10 points
    share_z: float = 3.09  # one-sided p < 0.001


@dataclass(frozen=True)
class Expectation:
    """What the baseline says for a window: median and a (1 - alpha) interval of counts."""

    expected: float
    low: float
    high: float
    samples: tuple[float, ...]
    method: str  # "poisson" or "negative_binomial"


@dataclass(frozen=True)
class VolumeFinding:
    kind: str  # "volume_spike" or "volume_drop"
    observed: int
    expectation: Expectation


@dataclass(frozen=True)
class ShareFinding:
    observed_share: float
    observed_low: float
    observed_high: float
    negatives: int
    n: int
    baseline_share: float
    baseline_n: int
    z: float


@dataclass(frozen=True)
class Driver:
    """One value of a dimension and how much of the difference it accounts for."""

    key: str
    observed: int
    expected: float
    difference: float
    share: float  # of the total difference in the direction of the anomaly


def expectation(samples: Sequence[float], *, alpha: float = 0.001) -> Expectation | None:
    """Median and interval; Poisson unless the robust spread shows over-dispersion (then NB)."""
    if len(samples) < MIN_BASELINE_WEEKS:
        return None
    median = float(statistics.median(samples))
    mad = float(statistics.median(abs(x - median) for x in samples))
    variance = (MAD_SCALE * mad) ** 2
    mean = max(median, 0.5)  # a zero median still allows a stray mention or two
    if variance <= mean:
        low, high = stats.poisson.ppf([alpha / 2, 1 - alpha / 2], mean)
        method = "poisson"
    else:
        size = mean * mean / (variance - mean)
        low, high = stats.nbinom.ppf([alpha / 2, 1 - alpha / 2], size, mean / variance)
        method = "negative_binomial"
    return Expectation(median, float(low), float(high), tuple(float(x) for x in samples), method)


def check_volume(
    observed: int, samples: Sequence[float], rules: Rules = Rules()
) -> VolumeFinding | None:
    """A spike (above the interval, by enough) or a drop (below it, from a real expectation)."""
    exp = expectation(samples, alpha=rules.alpha)
    if exp is None:
        return None
    spike = (
        observed > exp.high
        and observed - exp.expected >= rules.min_delta
        and observed >= rules.min_ratio * max(exp.expected, 1.0)
    )
    if spike:
        return VolumeFinding("volume_spike", observed, exp)
    drop = (
        exp.expected >= rules.min_expected_for_drop
        and observed < exp.low
        and observed * rules.min_ratio <= exp.expected
    )
    return VolumeFinding("volume_drop", observed, exp) if drop else None


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a share (0..1)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def check_negative_share(
    negatives: int, n: int, base_negatives: int, base_n: int, rules: Rules = Rules()
) -> ShareFinding | None:
    """Two-proportion z-test: is the window's negative share above the baseline share?"""
    if n < rules.share_min_n or base_n < rules.share_min_n:
        return None
    p1, p2 = negatives / n, base_negatives / base_n
    pooled = (negatives + base_negatives) / (n + base_n)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / base_n))
    if spread == 0:
        return None
    z = (p1 - p2) / spread
    if z < rules.share_z or p1 - p2 < rules.share_min_jump:
        return None
    low, high = wilson(negatives, n)
    return ShareFinding(p1, low, high, negatives, n, p2, base_n, z)


def drivers(
    observed: Mapping[str, int],
    baseline: Sequence[Mapping[str, int]],
    *,
    direction: int,
    top: int = 3,
) -> list[Driver]:
    """Values whose observed minus expected (baseline median) moves the way the anomaly does."""
    keys = set(observed).union(*baseline) if baseline else set(observed)
    rows = []
    for key in keys:
        expected = float(statistics.median(b.get(key, 0) for b in baseline)) if baseline else 0.0
        diff = observed.get(key, 0) - expected
        if diff * direction > 0:
            rows.append((key, observed.get(key, 0), expected, diff))
    total = sum(abs(r[3]) for r in rows) or 1.0
    rows.sort(key=lambda r: (-abs(r[3]), r[0]))
    return [Driver(k, o, e, d, abs(d) / total) for k, o, e, d in rows[:top]]


def baseline_starts(
    start: datetime,
    tz: ZoneInfo,
    *,
    weeks: int,
    is_holiday: Callable[[date], bool],
) -> list[datetime]:
    """Starts (UTC) of the baseline windows: the same local hour-of-week in earlier weeks.

    A holiday is read as a Sunday: on a holiday the reference is the same local hour of
    earlier Sundays; holidays in earlier weeks are left out of the baseline.
    """
    local = start.astimezone(tz).replace(tzinfo=None)
    first = local - timedelta(days=7)
    if is_holiday(local.date()) and local.weekday() != SUNDAY:
        first = local - timedelta(days=local.weekday() + 1)
    starts: list[datetime] = []
    for k in range(weeks + 6):
        candidate = first - timedelta(days=7 * k)
        if is_holiday(candidate.date()):
            continue
        starts.append(candidate.replace(tzinfo=tz).astimezone(start.tzinfo))
        if len(starts) == weeks:
            break
    return starts
