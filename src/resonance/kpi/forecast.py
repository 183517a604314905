"""Forecast to the deadline (weekly-seasonal damped trend, bootstrap paths) and the KPI status."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np

from resonance.kpi.intervals import FloatArray
from resonance.kpi.models import Comparator

DRAWS = 500
SEED = 20261125
DAMPING = 0.98  # per day: a trend keeps at most ~1/(1-φ) = 50 days of its slope
MIN_DAYS = 7  # fewer full days of history: no forecast
MIN_TREND_DAYS = 14
MIN_SEASON_DAYS = 21
PREDICTION = 0.90
ON_TRACK = 0.70  # probability of meeting the target at the deadline
OFF_TRACK = 0.30
HUBER = 1.345


class Status(enum.StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Series:
    """Full local days of history: numerator, denominator (None for counts), weekday (Mon = 0)."""

    num: FloatArray
    den: FloatArray | None
    weekday: FloatArray


@dataclass(frozen=True)
class Forecast:
    """The deadline window's predicted value with a 90 % prediction interval."""

    value: float
    low: float
    high: float
    probability: float
    history_days: int
    horizon_days: int
    method: str


@dataclass(frozen=True)
class Fit:
    beta: FloatArray
    cov: FloatArray
    residuals: FloatArray
    t_last: float
    seasonal: bool
    trend: bool


def _design(t: FloatArray, weekday: FloatArray, *, trend: bool, seasonal: bool) -> FloatArray:
    cols = [np.ones_like(t)]
    if trend:
        cols.append(t)
    if seasonal:
        cols.extend((weekday == d).astype(float) for d in range(1, 7))
    return np.column_stack(cols)


def fit(y: FloatArray, weekday: FloatArray, weights: FloatArray) -> Fit:
    """Robust (Huber IRLS) weighted least squares: level + trend + weekday effects."""
    t = np.arange(y.size, dtype=float)
    trend, seasonal = y.size >= MIN_TREND_DAYS, y.size >= MIN_SEASON_DAYS
    x = _design(t, weekday, trend=trend, seasonal=seasonal)
    w = weights.copy()
    beta: FloatArray = np.zeros(x.shape[1])
    for _ in range(5):
        sw = np.sqrt(w)
        beta = np.asarray(np.linalg.lstsq(x * sw[:, None], y * sw, rcond=None)[0], dtype=float)
        resid = y - x @ beta
        scale = max(1.4826 * float(np.median(np.abs(resid - np.median(resid)))), 1e-6)
        u = np.abs(resid) / (HUBER * scale)
        w = weights * np.minimum(1.0, 1.0 / np.maximum(u, 1e-12))
    resid = y - x @ beta
    dof = max(y.size - x.shape[1], 1)
    sigma2 = float(np.sum(w * resid**2) / dof)
    xtwx = x.T @ (x * w[:, None])
    cov = np.asarray(sigma2 * np.linalg.pinv(xtwx), dtype=float)
    # Residuals are inflated for the parameters spent, so paths are not too narrow on short series.
    resid = resid * np.sqrt(y.size / dof)
    return Fit(beta, cov, resid, float(t[-1]), seasonal, trend)


def simulate(f: Fit, weekday: FloatArray, horizon: FloatArray, draws: int, seed: int) -> FloatArray:
    """Paths (draws × days) on the model's scale for days `horizon` (1 = the day after history)."""
    rng = np.random.default_rng(seed)
    damped = np.cumsum(DAMPING ** np.arange(1, int(horizon.max()) + 1))[horizon.astype(int) - 1]
    x = _design(f.t_last + damped, weekday, trend=f.trend, seasonal=f.seasonal)
    betas = rng.multivariate_normal(f.beta, f.cov, size=draws, method="eigh")
    noise = rng.choice(f.residuals, size=(draws, horizon.size), replace=True)
    return np.asarray(betas @ x.T + noise, dtype=float)


def forecast_window(
    history: Series,
    *,
    future_weekday: FloatArray,
    future_horizon: FloatArray,
    observed: tuple[float, float],
    comparator: Comparator,
    target: float,
    target_high: float | None,
    shift: float = 0.0,
    scale: tuple[float, float] = (0.0, 1.0),
) -> Forecast | None:
    """Forecast the deadline window: its already-observed part plus simulated future days.

    Counts are modelled on log(1 + y); ratios on the empirical logit of num/den with weights den,
    and future days weighted by the mean denominator of that weekday. `observed` holds the window's
    (num, den) from days already past. `scale` maps a ratio to the metric (net tone: −1 + 2·r);
    `shift` adds the current tone correction.
    """
    ratio = history.den is not None
    keep = history.den > 0 if history.den is not None else np.ones(history.num.size, dtype=bool)
    if int(keep.sum()) < MIN_DAYS:
        return None
    if future_horizon.size == 0:
        return None
    weekday = history.weekday[keep]
    if history.den is None:
        y, weights = np.log1p(history.num[keep]), np.ones(int(keep.sum()))
    else:
        num, den = history.num[keep], history.den[keep]
        y = np.log((num + 0.5) / (den - num + 0.5))
        weights = np.clip(den / den.mean(), 0.2, 5.0)
    paths = simulate(fit(y, weekday, weights), future_weekday, future_horizon, DRAWS, SEED)
    if history.den is None:
        values = observed[0] + np.expm1(paths).clip(min=0).sum(axis=1)
    else:
        den_hist = history.den[keep]
        typical = np.array(
            [
                den_hist[weekday == d].mean() if np.any(weekday == d) else den_hist.mean()
                for d in future_weekday
            ]
        )
        shares = 1 / (1 + np.exp(-paths))
        values = (observed[0] + shares @ typical) / (observed[1] + typical.sum())
        values = scale[0] + scale[1] * values + shift
    alpha = (1 - PREDICTION) / 2
    low, mid, high = np.quantile(values, [alpha, 0.5, 1 - alpha])
    probability = float(np.mean(meets(values, comparator, target, target_high)))
    method = _method_name(int(keep.sum()), ratio)
    return Forecast(
        float(mid),
        float(low),
        float(high),
        probability,
        int(keep.sum()),
        int(future_horizon.max()),
        method,
    )


def _method_name(days: int, ratio: bool) -> str:
    parts = ["level"]
    if days >= MIN_TREND_DAYS:
        parts.append(f"damped trend (φ = {DAMPING})")
    if days >= MIN_SEASON_DAYS:
        parts.append("weekday effects")
    scale = "logit share" if ratio else "log(1 + count)"
    return f"robust regression on {scale}: " + " + ".join(parts) + "; bootstrap paths"


def meets(
    values: FloatArray, comparator: Comparator, target: float, target_high: float | None
) -> FloatArray:
    if comparator is Comparator.AT_LEAST:
        return np.asarray(values >= target)
    if comparator is Comparator.AT_MOST:
        return np.asarray(values <= target)
    return np.asarray((values >= target) & (values <= (target_high or target)))


def verdict(
    low: float | None,
    value: float,
    high: float | None,
    comparator: Comparator,
    target: float,
    target_high: float | None,
) -> str:
    """ "met" when the whole interval meets the target, "missed" when none of it does, else
    "uncertain" (without an interval, the value alone decides)."""
    lo = value if low is None else low
    hi = value if high is None else high
    both = meets(np.array([lo, hi]), comparator, target, target_high)
    if comparator is Comparator.BETWEEN:
        if bool(both.all()):
            return "met"
        outside = hi < target or lo > (target_high or target)
        return "missed" if outside else "uncertain"
    if bool(both.all()):
        return "met"
    return "missed" if not bool(both.any()) else "uncertain"


def trajectory(
    baseline: float | None, target: float, progress: float | None, comparator: Comparator
) -> float | None:
    """Where the value should be now on the straight line from baseline to target."""
    if baseline is None or progress is None or comparator is Comparator.BETWEEN:
        return None
    return baseline + (target - baseline) * min(max(progress, 0.0), 1.0)


def decide_status(
    *,
    forecast: Forecast | None,
    current_verdict: str,
    trajectory_verdict: str | None,
    deadline_open: bool,
) -> Status:
    """on_track / at_risk / off_track (see docs/kpi.md, "Status").

    Before the deadline with a forecast: the probability of meeting the target decides (>= 0.7 on
    track, < 0.3 off track), and a KPI clearly behind its trajectory is at most at risk. Without a
    forecast, the current window against the trajectory (or, lacking one, the target) decides:
    interval wholly meeting it on track, wholly missing it off track, straddling at risk.
    """
    if deadline_open and forecast is not None:
        if forecast.probability >= ON_TRACK:
            return Status.AT_RISK if trajectory_verdict == "missed" else Status.ON_TRACK
        return Status.OFF_TRACK if forecast.probability < OFF_TRACK else Status.AT_RISK
    decided = trajectory_verdict if deadline_open and trajectory_verdict else current_verdict
    return {"met": Status.ON_TRACK, "missed": Status.OFF_TRACK}.get(decided, Status.AT_RISK)
