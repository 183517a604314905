"""Themes past a run's embedding budget: a text classifier distilled from the embedded voices."""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from resonance.feedback._analysis_voices import gist

MIN_EXAMPLES = 30
"""Fewer placed examples than this teach nothing reliable: every deferred voice waits."""
TARGET_AGREEMENT = 0.95
"""Share of held-out examples whose embedding theme the classifier must give at its threshold.

The threshold is the least confidence at which out-of-fold predictions on the embedded sample
still agree this often with the themes embeddings gave them; below it, a voice waits.
"""
MIN_THRESHOLD = 0.3
MAX_TRAIN = 3_000
"""Examples (and, apart, voices placed by self-training) the model learns from at most, an
even sample: fitting takes about a second per thousand on a busy core."""
SECONDS = 6.0
"""No self-training round starts after this many seconds of distillation."""
ROUNDS = 2
"""Self-training rounds after the first placement; each takes a second or two for 10,000.

On the benchmark's messages (450 embedded, 5,000 placed), one round raises the share placed
from 72 % to 90 % and two to 94 %, while the share in their known theme goes from 97.5 % to
96.5 % (the embedding themes of the sample itself: 94 %).
"""
FOLDS = 3
_VECTORIZER = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(2, 4),
    n_features=1 << 20,
    alternate_sign=False,
    norm=None,
    lowercase=True,
)
_DIGITS = re.compile(r"\d+")

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Distilled:
    """Voice key → theme id for the confident voices, and how the threshold was chosen."""

    placed: dict[str, int]
    threshold: float
    held_out: int
    """Examples whose out-of-fold prediction set the threshold."""
    held_out_agreement: float
    """Agreement with the embedding themes among those at or above the threshold."""
    held_out_coverage: float
    """Share of held-out examples at or above the threshold."""


def distil(
    examples: Sequence[tuple[str, int]],
    voices: Sequence[tuple[str, str]],
    *,
    target: float = TARGET_AGREEMENT,
    rounds: int = ROUNDS,
    seconds: float = SECONDS,
) -> Distilled:
    """Place ``voices`` (key, text) with a classifier trained on ``examples`` (text, theme id).

    Features are hashed character 2–4-grams within words (any language and script, CJK
    included; numbers folded), sublinear and L2-normalised; the model is a multinomial logistic
    regression. Its threshold comes from ``FOLDS``-fold out-of-fold predictions on the examples.
    Then, ``rounds`` times while under ``seconds``, the model learns again from the examples
    and the voices it placed, and places more of the rest at the same threshold (self-training:
    a voice is often placed through a confident neighbour that shares its wording). Texts are
    seen as the embeddings saw them (their gist); at most ``MAX_TRAIN`` of each kind teach.
    """
    labels = sorted({theme for _, theme in examples})
    if len(examples) < MIN_EXAMPLES or len(labels) < 2 or not voices:
        return Distilled({}, 1.0, 0, 0.0, 0.0)
    started = time.perf_counter()
    examples = list(examples)[:: max(1, math.ceil(len(examples) / MAX_TRAIN))]
    x = _features([text for text, _ in examples])
    y = np.asarray([labels.index(theme) for _, theme in examples])
    confidence, agrees = _out_of_fold(x, y)
    threshold, agreement, coverage = choose_threshold(confidence, agrees, target)
    if threshold > 1.0:
        return Distilled({}, threshold, len(y), agreement, coverage)
    asked = _features([text for _, text in voices])
    chosen = np.full(len(voices), -1)
    for round_ in range(rounds + 1):
        left = np.flatnonzero(chosen < 0)
        if len(left) == 0 or (round_ and time.perf_counter() - started > seconds):
            break
        taken = np.flatnonzero(chosen >= 0)
        taken = taken[:: max(1, math.ceil(len(taken) / MAX_TRAIN))]
        model = _Model(sp.vstack([x, asked[taken]]).tocsr(), np.concatenate([y, chosen[taken]]))
        probs = model.probabilities(asked[left])
        best = probs.argmax(axis=1)
        sure = probs[np.arange(len(left)), best] >= threshold
        chosen[left[sure]] = model.classes[best[sure]]
        if sure.sum() < max(1, len(voices) // 100):
            break
    placed = {
        key: labels[int(chosen[row])] for row, (key, _) in enumerate(voices) if chosen[row] >= 0
    }
    return Distilled(placed, threshold, len(y), agreement, coverage)


def choose_threshold(
    confidence: F64, agrees: npt.NDArray[np.bool_], target: float
) -> tuple[float, float, float]:
    """(threshold, agreement, coverage): the least confidence whose top share meets ``target``.

    Predictions sorted by confidence, the longest prefix whose agreement meets ``target`` even
    at the lower end of its one-sigma Wilson interval sets the threshold (never under
    ``MIN_THRESHOLD``): a handful of lucky predictions is not enough (20 right of 20 is).
    A threshold above 1 places nothing.
    """
    order = np.argsort(-confidence, kind="stable")
    n = np.arange(1, len(order) + 1)
    share = np.cumsum(agrees[order]) / n
    low = (share + 1 / (2 * n) - np.sqrt(share * (1 - share) / n + 1 / (4 * n * n))) / (1 + 1 / n)
    meets = np.flatnonzero(low >= target - 1e-9)
    if len(meets) == 0:
        return 2.0, 0.0, 0.0
    last = int(meets[-1])
    threshold = max(float(confidence[order[last]]), MIN_THRESHOLD)
    kept = confidence >= threshold
    if not kept.any():
        return 2.0, 0.0, 0.0
    return threshold, float(agrees[kept].mean()), float(kept.mean())


def _features(texts: Sequence[str]) -> sp.csr_matrix:
    counts = _VECTORIZER.transform([_DIGITS.sub("0", gist(text)) for text in texts])
    counts = sp.csr_matrix(counts, dtype=np.float64)
    counts.data = 1.0 + np.log(counts.data)
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ counts)


def _out_of_fold(x: sp.csr_matrix, y: npt.NDArray[np.int_]) -> tuple[F64, npt.NDArray[np.bool_]]:
    """Confidence of each example's prediction by a model that did not see it, and if right."""
    fold = np.arange(len(y)) % FOLDS
    np.random.default_rng(0).shuffle(fold)
    confidence = np.zeros(len(y))
    agrees = np.zeros(len(y), dtype=bool)
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        if len(set(y[train].tolist())) < 2 or not test.any():
            continue
        model = _Model(x[train], y[train])
        probs = model.probabilities(x[test])
        confidence[test] = probs.max(axis=1)
        agrees[test] = model.classes[probs.argmax(axis=1)] == y[test]
    return confidence, agrees


class _Model:
    """Multinomial logistic regression on the hash columns of two training examples or more."""

    def __init__(self, x: sp.csr_matrix, y: npt.NDArray[np.int_], c: float = 10.0) -> None:
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

        seen = np.bincount(x.indices, minlength=x.shape[1])
        self.columns = np.flatnonzero(seen >= 2) if (seen >= 2).any() else np.flatnonzero(seen)
        self.classes = np.asarray(sorted(Counter(y.tolist())))
        # One BLAS thread: the fit is small, and more threads only fight the other stages.
        with threadpool_limits(1):
            model = LogisticRegression(C=c, max_iter=100, tol=1e-3)
            model.fit(x[:, self.columns], y)
        self._model = model

    def probabilities(self, x: sp.csr_matrix) -> F64:
        """(rows, classes) probabilities in the order of ``classes``."""
        return np.asarray(self._model.predict_proba(x[:, self.columns]), dtype=np.float64)
