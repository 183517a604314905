"""Pure statistics for KPIs: Wilson, Garwood, bootstrap and confusion-corrected tone shares."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaincinv, ndtri

FloatArray = NDArray[np.float64]
CONFIDENCE = 0.95
# Draws for Monte-Carlo intervals; with a fixed seed the interval of the same data never moves.
DRAWS = 200
SEED = 20261125
# A gold class needs this many validation examples before its row of the matrix is trusted.
MIN_ROW_COUNT = 10


def _z(confidence: float) -> float:
    return float(ndtri(0.5 + confidence / 2))


def wilson(k: float, n: float, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval for k successes out of n; (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    z = _z(confidence)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, float(centre - half)), min(1.0, float(centre + half))


def wilson_array(
    k: FloatArray, n: FloatArray, confidence: float = CONFIDENCE
) -> tuple[FloatArray, FloatArray]:
    """Vectorised Wilson interval (n > 0 everywhere)."""
    z = _z(confidence)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def garwood(k: float, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact (Garwood) interval for the mean of a Poisson count k."""
    low, high = garwood_array(np.asarray([k], dtype=float), confidence)
    return float(low[0]), float(high[0])


def garwood_array(k: FloatArray, confidence: float = CONFIDENCE) -> tuple[FloatArray, FloatArray]:
    """Vectorised Garwood interval: Gamma quantiles, lower bound 0 for k = 0."""
    alpha = 1 - confidence
    safe = np.maximum(k, 1e-300)
    low = np.where(k > 0, gammaincinv(safe, alpha / 2), 0.0)
    high = gammaincinv(k + 1, 1 - alpha / 2)
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)


def bootstrap(
    values: FloatArray,
    statistic: Callable[[FloatArray], FloatArray],
    *,
    confidence: float = CONFIDENCE,
    draws: int = 2000,
    seed: int = SEED,
) -> tuple[float, float, float]:
    """Point value and percentile bootstrap interval of a statistic along axis 1 (e.g. p50)."""
    values = np.asarray(values, dtype=float)
    point = float(statistic(values[None, :])[0])
    rng = np.random.default_rng(seed)
    samples = values[rng.integers(0, values.size, size=(draws, values.size))]
    stats = statistic(samples)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(stats, [alpha, 1 - alpha])
    return point, float(low), float(high)


def quantile_statistic(q: float) -> Callable[[FloatArray], FloatArray]:
    """A statistic for `bootstrap`: the q-quantile of each row (durations: p50, p90)."""

    def stat(rows: FloatArray) -> FloatArray:
        return np.asarray(np.quantile(rows, q, axis=1), dtype=float)

    return stat


# Confusion-matrix correction ------------------------------------------------------------------


def rate_matrix(confusion: FloatArray) -> FloatArray:
    """Row-normalise a confusion matrix (rows gold, columns predicted): P(predicted | gold)."""
    confusion = np.asarray(confusion, dtype=float)
    totals = confusion.sum(axis=-1, keepdims=True)
    out = np.divide(confusion, totals, out=np.zeros_like(confusion), where=totals > 0)
    return np.asarray(out, dtype=float)


def usable_confusion(confusion: FloatArray) -> bool:
    """Trust a matrix only when every gold class has MIN_ROW_COUNT validation examples."""
    rows = np.asarray(confusion, dtype=float).sum(axis=1)
    return bool(rows.size and np.all(rows >= MIN_ROW_COUNT))


@lru_cache(maxsize=8)
def _supports(k: int) -> tuple[tuple[int, ...], ...]:
    sizes = range(1, k + 1)
    return tuple(s for size in sizes for s in itertools.combinations(range(k), size))


Prepared = list[tuple[list[int], FloatArray, FloatArray]]


def _prepare(rates: FloatArray) -> tuple[Prepared, FloatArray]:
    """Per support S of p: p_S = G q + h solves the equality-constrained normal equations."""
    k = rates.shape[-1]
    a = np.swapaxes(rates, -1, -2)  # q ≈ A p with A = Rᵀ
    prepared: Prepared = []
    for support in _supports(k):
        idx = list(support)
        sub = a[..., :, idx]
        m = len(idx)
        kkt = np.zeros((*rates.shape[:-2], m + 1, m + 1))
        kkt[..., :m, :m] = 2 * np.swapaxes(sub, -1, -2) @ sub
        kkt[..., :m, m] = 1
        kkt[..., m, :m] = 1
        inv = np.linalg.pinv(kkt)
        g = 2 * inv[..., :m, :m] @ np.swapaxes(sub, -1, -2)
        prepared.append((idx, np.asarray(g, dtype=float), np.asarray(inv[..., :m, m], dtype=float)))
    return prepared, np.asarray(a, dtype=float)


def _solve(prepared: Prepared, a: FloatArray, observed: FloatArray) -> FloatArray:
    best = np.full(observed.shape, np.nan)
    best_res = np.full(observed.shape[:-1], np.inf)
    for idx, g, h in prepared:
        sol = np.einsum("...mk,...k->...m", g, observed) + h
        full = np.zeros(np.broadcast_shapes(observed.shape, (*sol.shape[:-1], observed.shape[-1])))
        full[..., idx] = sol
        resid = np.sum((np.einsum("...ij,...j->...i", a, full) - observed) ** 2, axis=-1)
        ok = np.all(sol >= -1e-12, axis=-1) & (resid < best_res - 1e-15)
        best = np.where(ok[..., None], full, best)
        best_res = np.where(ok, resid, best_res)
    return np.asarray(np.clip(best, 0, 1), dtype=float)


def simplex_least_squares(rates: FloatArray, observed: FloatArray) -> FloatArray:
    """The true shares p on the simplex minimising ||Rᵀp − q||² (batched over leading axes).

    `rates` has shape (..., k, k) with rows gold and columns predicted; `observed` (..., k) holds
    predicted-label shares. Solved exactly by trying every support of p (2ᵏ − 1 faces, k = 3 → 7)
    with the equality-constrained normal equations and keeping the feasible face of least residual.
    """
    prepared, a = _prepare(np.asarray(rates, dtype=float))
    return _solve(prepared, a, np.asarray(observed, dtype=float))


@lru_cache(maxsize=64)
def _point_solver(key: tuple[tuple[float, ...], ...]) -> tuple[Prepared, FloatArray]:
    return _prepare(rate_matrix(np.asarray(key, dtype=float)))


@dataclass(frozen=True)
class CorrectedShares:
    """Tone shares after correcting for the model's confusion, with their intervals."""

    shares: FloatArray  # (k,) point estimate
    low: FloatArray  # (k,)
    high: FloatArray  # (k,)
    net_low: float  # interval of shares[-1] - shares[0] (positive minus negative)
    net_high: float
    corrected_langs: tuple[str, ...]
    uncorrected_langs: tuple[str, ...]


def _dirichlet_cov(alpha: FloatArray) -> FloatArray:
    """Covariance of Dirichlet(alpha): (diag(m) − m mᵀ) / (α₀ + 1) with m = α / α₀."""
    total = float(alpha.sum())
    mean = alpha / total
    return np.asarray((np.diag(mean) - np.outer(mean, mean)) / (total + 1), dtype=float)


@lru_cache(maxsize=64)
def _delta_parts(key: tuple[tuple[float, ...], ...]) -> tuple[FloatArray, FloatArray, FloatArray]:
    """A = Rᵀ, the inverse full-support KKT matrix, and the covariances of the rows of R."""
    confusion = np.asarray(key, dtype=float)
    a = rate_matrix(confusion).T
    k = a.shape[0]
    kkt = np.zeros((k + 1, k + 1))
    kkt[:k, :k] = 2 * a.T @ a
    kkt[:k, k] = 1
    kkt[k, :k] = 1
    row_cov = np.stack([_dirichlet_cov(row + 0.5) for row in confusion])
    return a, np.asarray(np.linalg.pinv(kkt), dtype=float), row_cov


def _delta_covariance(confusion: FloatArray, counts: FloatArray) -> FloatArray:
    """Delta-method covariance of the full-support (unconstrained) solution p̃.

    p̃ = 2PAᵀq + h solves the equality-constrained normal equations with A = Rᵀ and P, h blocks
    of the inverse KKT matrix, so ∂p̃/∂q = 2PAᵀ and ∂p̃/∂R[g, c] = 2P(e_g r_c − A[c, :] p̃_g)
    with r = q − Ap̃. Each input gets the covariance of its Dirichlet(· + ½): q from the counts,
    each matrix row from its validation examples.
    """
    key = tuple(tuple(float(x) for x in row) for row in confusion)
    a, inverse, row_cov = _delta_parts(key)
    k = a.shape[0]
    p_block = inverse[:k, :k]
    share = counts / counts.sum()
    free = 2 * p_block @ a.T @ share + inverse[:k, k]
    resid = share - a @ free
    jac_q = 2 * p_block @ a.T
    cov = jac_q @ _dirichlet_cov(counts + 0.5) @ jac_q.T
    for gold in range(k):
        # column c: the derivative of p̃ with respect to R[gold, c]
        jac = 2 * p_block @ (np.outer(np.eye(k)[gold], resid) - a.T * free[gold])
        cov += jac @ row_cov[gold] @ jac.T
    return np.asarray(cov, dtype=float)


def _correct_language(
    counts: FloatArray, confusion: FloatArray | None
) -> tuple[FloatArray, FloatArray, bool]:
    """Point, delta-method covariance and whether the language was corrected."""
    share = counts / counts.sum()
    if confusion is None or not usable_confusion(confusion):
        return share, _dirichlet_cov(counts + 0.5), False
    confusion = np.asarray(confusion, dtype=float)
    key = tuple(tuple(float(x) for x in row) for row in confusion)
    point = _solve(*_point_solver(key), share)
    return point, _delta_covariance(confusion, counts), True


def corrected_shares(
    counts_by_lang: dict[str, FloatArray],
    confusion_by_lang: dict[str, FloatArray],
    *,
    confidence: float = CONFIDENCE,
) -> CorrectedShares:
    """Combine per-language corrected shares, weighted by each language's mentions.

    The point estimate solves the simplex least-squares problem with the validation matrix. The
    interval is the delta method, point ± z·sd clipped to the range: the covariance propagates
    the sampling error of the observed label shares and the error of the validation matrix
    (`_delta_covariance`); languages without a usable matrix enter uncorrected with the sampling
    covariance only. At the simplex boundary the covariance of the unconstrained solution is
    used (the projection onto the simplex only shrinks the spread), so a share estimated at 0
    still gets an upper bound.
    """
    langs = sorted(lang for lang, c in counts_by_lang.items() if float(np.sum(c)) > 0)
    k = len(next(iter(counts_by_lang.values())))
    total = sum(float(np.sum(counts_by_lang[lang])) for lang in langs)
    point, cov = np.zeros(k), np.zeros((k, k))
    corrected: list[str] = []
    for lang in langs:
        counts = np.asarray(counts_by_lang[lang], dtype=float)
        weight = counts.sum() / total
        share, lang_cov, fixed = _correct_language(counts, confusion_by_lang.get(lang))
        point += weight * share
        cov += weight * weight * lang_cov
        if fixed:
            corrected.append(lang)
    z = _z(confidence)
    half = z * np.sqrt(np.maximum(np.diag(cov), 0.0))
    net = float(point[-1] - point[0])
    net_half = z * float(np.sqrt(max(cov[-1, -1] + cov[0, 0] - 2 * cov[0, -1], 0.0)))
    return CorrectedShares(
        shares=point,
        low=np.clip(point - half, 0.0, 1.0),
        high=np.clip(point + half, 0.0, 1.0),
        net_low=max(-1.0, net - net_half),
        net_high=min(1.0, net + net_half),
        corrected_langs=tuple(corrected),
        uncorrected_langs=tuple(lang for lang in langs if lang not in corrected),
    )


def multinomial_difference(
    counts: FloatArray,
    *,
    confidence: float = CONFIDENCE,
    draws: int = DRAWS,
    seed: int = SEED,
) -> tuple[float, float]:
    """Interval of share[-1] − share[0] (net tone) from Dirichlet(counts + ½) draws."""
    counts = np.asarray(counts, dtype=float)
    rng = np.random.default_rng(seed)
    draws_ = rng.dirichlet(counts + 0.5, size=draws)
    diff = draws_[:, -1] - draws_[:, 0]
    alpha = (1 - confidence) / 2
    low, high = np.quantile(diff, [alpha, 1 - alpha])
    point = (counts[-1] - counts[0]) / counts.sum()
    return min(float(low), float(point)), max(float(high), float(point))
