"""The tone evaluation rule, macro-F1, calibration error and bootstrap intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
NEG, NEU, POS = 0, 1, 2
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def decide(probs: F64, binary: npt.NDArray[np.bool_]) -> I64:
    """Predicted class per row: argmax on 3-class rows; P(neg) vs P(pos) on binary rows."""
    pred = probs.argmax(axis=1)
    neg, pos = probs[:, NEG], probs[:, POS]
    pick = np.where(neg > pos, NEG, np.where(pos > neg, POS, pred))
    return np.asarray(np.where(binary, pick, pred), dtype=np.int64)


def macro_f1(gold: I64, pred: I64) -> float:
    """Macro-F1 over the gold classes present."""
    scores = []
    for c in np.unique(gold):
        tp = float(np.sum((pred == c) & (gold == c)))
        fp = float(np.sum((pred == c) & (gold != c)))
        fn = float(np.sum((pred != c) & (gold == c)))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores)) if scores else 0.0


def accuracy(gold: I64, pred: I64) -> float:
    """Share of rows predicted right."""
    return float(np.mean(gold == pred)) if len(gold) else 0.0


def expected_calibration_error(
    probs: F64, gold: I64, binary: npt.NDArray[np.bool_], bins: int = 15
) -> float:
    """ECE of the decided class's probability (renormalised over neg/pos on binary rows)."""
    if not len(gold):
        return 0.0
    pair = probs[:, [NEG, POS]] / np.maximum(probs[:, [NEG, POS]].sum(axis=1, keepdims=True), 1e-12)
    conf = np.where(binary, pair.max(axis=1), probs.max(axis=1))
    correct = decide(probs, binary) == gold
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        sel = which == b
        if sel.any():
            ece += sel.mean() * abs(float(conf[sel].mean()) - float(correct[sel].mean()))
    return float(ece)


def bootstrap_interval(
    gold: I64, pred: I64, *, rounds: int = 1000, seed: int = 7
) -> tuple[float, float, float, float]:
    """95 % percentile intervals of macro-F1 and accuracy: (f1_lo, f1_hi, acc_lo, acc_hi)."""
    rng = np.random.default_rng(seed)
    n = len(gold)
    if n == 0:
        return (0.0, 0.0, 0.0, 0.0)
    f1s, accs = np.empty(rounds), np.empty(rounds)
    for r in range(rounds):
        pick = rng.integers(0, n, n)
        f1s[r] = macro_f1(gold[pick], pred[pick])
        accs[r] = accuracy(gold[pick], pred[pick])
    lo, hi = np.percentile(f1s, [2.5, 97.5])
    alo, ahi = np.percentile(accs, [2.5, 97.5])
    return (float(lo), float(hi), float(alo), float(ahi))


def confusion(gold: I64, pred: I64) -> list[list[int]]:
    """3x3 counts, rows = gold class, columns = predicted class (negative, neutral, positive)."""
    mat = np.zeros((3, 3), dtype=np.int64)
    np.add.at(mat, (gold, pred), 1)
    return [[int(v) for v in row] for row in mat]


def label_ids(labels: Sequence[str]) -> I64:
    """Class indices of label names."""
    return np.asarray([LABELS.index(x) for x in labels], dtype=np.int64)
