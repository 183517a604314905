"""Pure statistics: Wilson, Garwood, simulated coverage, confusion-matrix correction."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binom

from resonance.kpi.intervals import (
    bootstrap,
    corrected_shares,
    garwood,
    garwood_array,
    quantile_statistic,
    rate_matrix,
    simplex_least_squares,
    usable_confusion,
    wilson,
    wilson_array,
)

EN = np.array([[115, 19, 10], [33, 81, 30], [7, 31, 106]], dtype=float)  # shipped model, en


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998), method 3 example
    ],
)
def test_wilson_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    assert wilson(k, n) == pytest.approx((low, high), abs=5e-4)


@pytest.mark.parametrize(
    ("k", "low", "high"),
    [(0, 0.0, 3.689), (1, 0.0253, 5.572), (10, 4.795, 18.390), (100, 81.36, 121.63)],
)
def test_garwood_matches_published_values(k: int, low: float, high: float) -> None:
    assert garwood(k) == pytest.approx((low, high), rel=1e-3, abs=1e-3)


def test_wilson_with_no_observations_is_the_whole_range() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize("n", [200, 500, 1000])
@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.8])
def test_wilson_covers_the_true_share_about_95_percent_of_the_time(n: int, p: float) -> None:
    rng = np.random.default_rng([n, round(p * 1000)])
    k = rng.binomial(n, p, size=2000).astype(float)
    low, high = wilson_array(k, np.full(k.size, float(n)))
    coverage = float(np.mean((low <= p) & (p <= high)))
    assert 0.93 <= coverage <= 0.97, coverage


@pytest.mark.parametrize("n", [20, 50, 100])
def test_wilson_stays_near_nominal_at_small_n_by_exact_enumeration(n: int) -> None:
    # Small n: coverage oscillates with p (lattice effect), so enumerate instead of sampling.
    k = np.arange(n + 1, dtype=float)
    low, high = wilson_array(k, np.full(k.size, float(n)))
    coverages = []
    for p in np.linspace(0.05, 0.95, 37):
        pmf = binom.pmf(k, n, p)
        coverages.append(float(pmf[(low <= p) & (p <= high)].sum()))
    assert min(coverages) >= 0.90
    assert 0.94 <= float(np.mean(coverages)) <= 0.97


@pytest.mark.parametrize("mu", [3.0, 10.0, 50.0, 500.0])
def test_garwood_covers_the_true_mean_at_least_95_percent_of_the_time(mu: float) -> None:
    rng = np.random.default_rng(int(mu))
    k = rng.poisson(mu, size=2000).astype(float)
    low, high = garwood_array(k)
    coverage = float(np.mean((low <= mu) & (mu <= high)))
    # Exact intervals are conservative (true coverage >= 95 %); 2,000 draws add ±1 % noise.
    assert 0.93 <= coverage <= 0.99, coverage


def test_simplex_least_squares_recovers_the_true_shares_from_exact_observations() -> None:
    rates = rate_matrix(EN)
    for truth in ([0.2, 0.5, 0.3], [0.0, 0.1, 0.9], [1.0, 0.0, 0.0]):
        observed = rates.T @ np.array(truth)
        assert simplex_least_squares(rates, observed) == pytest.approx(truth, abs=1e-9)


def test_simplex_least_squares_clips_to_the_simplex() -> None:
    rates = rate_matrix(EN)
    observed = np.array([0.02, 0.03, 0.95])  # more positive than the model can produce
    shares = simplex_least_squares(rates, observed)
    assert shares.min() >= 0
    assert shares.sum() == pytest.approx(1.0)
    assert shares[2] == pytest.approx(1.0, abs=0.05)


def test_confusion_correction_recovers_the_true_share_on_simulated_labels() -> None:
    rng = np.random.default_rng(7)
    truth = np.array([0.25, 0.45, 0.30])
    rates = rate_matrix(EN)
    gold = rng.choice(3, size=5000, p=truth)
    cumulative = np.cumsum(rates[gold], axis=1)
    predicted = (rng.random(gold.size)[:, None] > cumulative).sum(axis=1)
    counts = np.bincount(predicted, minlength=3).astype(float)
    naive = counts / counts.sum()
    fixed = corrected_shares({"en": counts}, {"en": EN})
    assert np.abs(fixed.shares - truth).max() < 0.03
    assert np.abs(naive - truth).max() > 0.04  # the correction matters on this model
    assert np.all(fixed.low <= truth)
    assert np.all(truth <= fixed.high)
    assert fixed.corrected_langs == ("en",)
    low, high = wilson(counts[2], counts.sum())
    assert fixed.high[2] - fixed.low[2] > high - low  # widened for the correction


def test_corrected_intervals_cover_the_true_share_in_repeated_samples() -> None:
    rng = np.random.default_rng(11)
    truth = np.array([0.3, 0.4, 0.3])
    rates = rate_matrix(EN)
    observed_p = rates.T @ truth
    hits = 0
    trials = 60
    for _ in range(trials):
        counts = rng.multinomial(800, observed_p).astype(float)
        fixed = corrected_shares({"en": counts}, {"en": EN})
        hits += int(fixed.low[0] <= truth[0] <= fixed.high[0])
    assert hits / trials >= 0.88


def test_corrected_intervals_cover_when_the_matrix_itself_is_remeasured() -> None:
    # Both error sources at once: fresh labels and a fresh validation set (144 per gold class).
    rng = np.random.default_rng(5)
    truth = np.array([0.25, 0.45, 0.3])
    rates = rate_matrix(EN)
    trials = 400
    hits = np.zeros(3)
    for _ in range(trials):
        counts = rng.multinomial(500, rates.T @ truth).astype(float)
        measured = np.stack([rng.multinomial(144, row) for row in rates]).astype(float)
        fixed = corrected_shares({"en": counts}, {"en": measured})
        hits += (fixed.low <= truth) & (truth <= fixed.high)
    assert np.all(hits / trials >= 0.91)
    assert np.all(hits / trials <= 0.99)


def test_a_language_without_a_usable_matrix_is_left_uncorrected() -> None:
    zh = np.array([[159, 0, 30], [0, 0, 0], [33, 0, 378]], dtype=float)  # no neutral gold
    assert not usable_confusion(zh)
    counts = np.array([10.0, 20.0, 70.0])
    fixed = corrected_shares({"zh": counts}, {"zh": zh})
    assert fixed.corrected_langs == ()
    assert fixed.uncorrected_langs == ("zh",)
    assert fixed.shares == pytest.approx(counts / 100)


def test_bootstrap_of_a_median_brackets_the_sample_median() -> None:
    values = np.random.default_rng(3).exponential(10, size=300)
    point, low, high = bootstrap(values, quantile_statistic(0.5))
    assert low < point < high
    assert point == pytest.approx(float(np.median(values)))
