"""The learned routing suggestion: a per-project text classifier trained on past assignments."""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from resonance.feedback._routing_match import fold

F64 = npt.NDArray[np.float64]
MIN_EXAMPLES = 8
BUCKETS = 1 << 20
_WORD = re.compile(r"\w+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class RoutingExample:
    """What the classifier sees of an item, and the unit a person or a rule chose."""

    text: str
    form_id: int | None = None
    region: str | None = None
    section_key: str | None = None
    unit_id: int | None = None


@dataclass(frozen=True)
class Suggestion:
    unit_id: int
    confidence: float


def _char_grams(word: str) -> list[str]:
    padded = f"<{word}>"
    return [padded[i : i + n] for n in (3, 4) for i in range(len(padded) - n + 1)]


def features(example: RoutingExample) -> list[str]:
    """Words, word pairs and character 3–4-grams (inflections; CJK bigrams), plus the fields."""
    text = fold(example.text)
    words = _WORD.findall(_CJK_RUN.sub(" ", text))
    out = [f"w:{w}" for w in words]
    out += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    out += [f"c:{g}" for w in words if len(w) > 3 for g in _char_grams(w)]
    for run in _CJK_RUN.findall(text):
        out += [f"h:{run[i : i + n]}" for n in (1, 2) for i in range(len(run) - n + 1)]
    if example.form_id is not None:
        out.append(f"form:{example.form_id}")
    if example.region:
        out.append(f"region:{fold(example.region)}")
    if example.section_key:
        out.append(f"section:{example.section_key}")
    return out


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % BUCKETS


class RoutingModel:
    """Multinomial logistic regression on hashed, L2-normalised binary features.

    Only hash buckets seen in training get a column, so a model stays small; the confidence is
    the predicted probability of the best unit (regularised, so not the overconfident naive
    Bayes posterior).
    """

    def __init__(self, examples: Sequence[RoutingExample], *, c: float = 16.0) -> None:
        labelled = [e for e in examples if e.unit_id is not None]
        self.units = sorted({int(e.unit_id) for e in labelled if e.unit_id is not None})
        self.size = len(labelled)
        self._columns: dict[int, int] = {}
        self._model: tuple[F64, F64] | None = None
        if len(labelled) < MIN_EXAMPLES or len(self.units) < 2:
            self._model = None
            return
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

        x = self._matrix(labelled, grow=True)
        y = np.asarray([self.units.index(int(e.unit_id or 0)) for e in labelled])
        # One BLAS thread: on a busy web worker, more threads make a small fit 50x slower.
        with threadpool_limits(1):
            model = LogisticRegression(C=c, max_iter=1000).fit(x, y)
        coef = np.asarray(model.coef_, dtype=np.float64)
        intercept = np.asarray(model.intercept_, dtype=np.float64)
        if len(self.units) == 2:  # binary: one row of weights for the second unit
            coef, intercept = np.vstack([-coef / 2, coef / 2]), np.asarray([-1, 1]) * intercept / 2
        self._model = (coef, intercept)

    @property
    def ready(self) -> bool:
        return self._model is not None

    def _matrix(self, examples: Sequence[RoutingExample], *, grow: bool = False) -> sp.csr_matrix:
        rows: list[int] = []
        cols: list[int] = []
        for i, example in enumerate(examples):
            seen: set[int] = set()
            for feature in features(example):
                bucket = _bucket(feature)
                col = self._columns.get(bucket)
                if col is None and grow:
                    col = self._columns[bucket] = len(self._columns)
                if col is not None and col not in seen:
                    seen.add(col)
                    rows.append(i)
                    cols.append(col)
        data = np.ones(len(rows))
        matrix = sp.csr_matrix(
            (data, (rows, cols)), shape=(len(examples), max(len(self._columns), 1))
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)

    def probabilities(self, examples: Sequence[RoutingExample]) -> F64:
        """(n, units) probabilities in the order of `self.units`."""
        if self._model is None:
            raise ValueError("the routing model has too few assignments to learn from")
        coef, intercept = self._model
        logits = np.asarray(self._matrix(examples) @ coef.T) + intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return np.asarray(odds / odds.sum(axis=1, keepdims=True), dtype=np.float64)

    def suggest(self, example: RoutingExample) -> Suggestion | None:
        """The most likely unit and its probability; None while the model cannot learn yet."""
        if self._model is None:
            return None
        probs = self.probabilities([example])[0]
        best = int(np.argmax(probs))
        return Suggestion(self.units[best], float(probs[best]))
