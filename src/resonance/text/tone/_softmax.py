"""Multinomial logistic regression whose rows may allow only some classes (binary-labelled data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import minimize

F64 = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def masked_log_softmax(logits: F64, allowed: BoolArray) -> F64:
    """Log-softmax over the allowed classes of each row (others get -inf)."""
    z = np.where(allowed, logits, -np.inf)
    z = z - z.max(axis=1, keepdims=True)
    return np.asarray(z - np.log(np.exp(z).sum(axis=1, keepdims=True)), dtype=np.float64)


def softmax(logits: F64) -> F64:
    """Row-wise softmax."""
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)


@dataclass
class SoftmaxFit:
    """Weights (d, k) and intercept (k,) of a fitted model."""

    weights: F64
    intercept: F64


def fit_softmax(
    x: Any,
    y: npt.NDArray[np.int64],
    allowed: BoolArray,
    *,
    sample_weight: F64,
    l2: float,
    max_iter: int = 300,
) -> SoftmaxFit:
    """Fit by L-BFGS; on rows with a restricted class set only the allowed classes compete.

    Sparse inputs are fitted on the columns that occur only (the others stay at zero).
    """
    if sp.issparse(x):
        used = np.unique(sp.csr_matrix(x).indices)
        small = _fit(sp.csr_matrix(x)[:, used], y, allowed, sample_weight, l2, max_iter)
        full = np.zeros((x.shape[1], allowed.shape[1]))
        full[used] = small.weights
        return SoftmaxFit(full, small.intercept)
    return _fit(x, y, allowed, sample_weight, l2, max_iter)


def _fit(
    x: Any,
    y: npt.NDArray[np.int64],
    allowed: BoolArray,
    sample_weight: F64,
    l2: float,
    max_iter: int,
) -> SoftmaxFit:
    n, d = x.shape
    k = allowed.shape[1]
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    sw = sample_weight / sample_weight.sum() * n

    def loss(theta: F64) -> tuple[float, F64]:
        w = theta[: d * k].reshape(d, k)
        b = theta[d * k :]
        logits = np.asarray(x @ w) + b
        logp = masked_log_softmax(logits, allowed)
        picked = np.where(onehot > 0, logp, 0.0).sum(axis=1)
        value = -float((sw * picked).sum()) + 0.5 * l2 * float((w * w).sum())
        resid = (np.exp(logp) - onehot) * sw[:, None]
        gw = np.asarray(x.T @ resid) + l2 * w
        return value / n, np.concatenate([gw.ravel(), resid.sum(axis=0)]) / n

    theta0 = np.zeros(d * k + k)
    res = minimize(loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
    theta = np.asarray(res.x, dtype=np.float64)
    return SoftmaxFit(theta[: d * k].reshape(d, k), theta[d * k :])
