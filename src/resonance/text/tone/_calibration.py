"""Per-language stacking and calibration: logit scales plus class biases, shrunk to a global fit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize

from resonance.text.tone._softmax import masked_log_softmax

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
N_LANGS = 7


def design(parts: Sequence[F64]) -> F64:
    """Stack model logits (each (n, 3)) and three bias units into an (n, p, 3) design tensor."""
    n = parts[0].shape[0]
    eye = np.broadcast_to(np.eye(3), (n, 3, 3))
    return np.concatenate([np.stack(parts, axis=1), eye], axis=1)


def apply(params: F64, g: F64, lang_idx: I64) -> F64:
    """Calibrated logits: per row, the language's parameters dotted with the design tensor."""
    return np.asarray(np.einsum("npk,np->nk", g, params[lang_idx]), dtype=np.float64)


def fit(
    g: F64,
    y: I64,
    allowed: npt.NDArray[np.bool_],
    lang_idx: I64,
    weight: F64,
    *,
    shrink: float = 30.0,
) -> F64:
    """Fit (N_LANGS, p) parameters = global + per-language deltas with an L2 pull of ``shrink``."""
    n, p, _ = g.shape
    onehot = np.zeros((n, 3))
    onehot[np.arange(n), y] = 1.0
    sw = weight / weight.mean()
    start = np.zeros((N_LANGS + 1) * p)
    start[: p - 3] = 1.0

    def loss(theta: F64) -> tuple[float, F64]:
        glob, delta = theta[:p], theta[p:].reshape(N_LANGS, p)
        params = glob + delta
        logp = masked_log_softmax(apply(params, g, lang_idx), allowed)
        value = -float((sw * np.where(onehot > 0, logp, 0.0).sum(axis=1)).sum())
        resid = (np.exp(logp) - onehot) * sw[:, None]
        per_row = np.einsum("npk,nk->np", g, resid)
        grad_delta = np.zeros((N_LANGS, p))
        np.add.at(grad_delta, lang_idx, per_row)
        value += shrink * float((delta * delta).sum()) + 1e-3 * float((glob[p - 3 :] ** 2).sum())
        grad_delta += 2 * shrink * delta
        grad_glob = per_row.sum(axis=0)
        grad_glob[p - 3 :] += 2e-3 * glob[p - 3 :]
        return value / n, np.concatenate([grad_glob, grad_delta.ravel()]) / n

    res = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    theta = np.asarray(res.x, dtype=np.float64)
    return np.asarray(theta[:p] + theta[p:].reshape(N_LANGS, p), dtype=np.float64)
