"""Open peer systems the tone models are compared with: VADER, SnowNLP, majority, e5 + LR."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from resonance.text.tone._metrics import LABELS, NEG, NEU, POS

F64 = npt.NDArray[np.float64]


def vader_probs(texts: Sequence[str]) -> F64:
    """VADER's compound score c with its own +-0.05 thresholds, as class scores (see docs)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    out = np.zeros((len(texts), 3))
    for i, text in enumerate(texts):
        c = float(sia.polarity_scores(text)["compound"])
        side = POS if c > 0 else NEG
        strong = 0.5 + abs(c) / 2 if abs(c) >= 0.05 else abs(c)
        out[i, side] = strong
        out[i, NEU] = 1.0 - strong
    return out


def snownlp_probs(texts: Sequence[str]) -> F64:
    """SnowNLP's P(positive) s mapped to (1-s, 0, s); it has no neutral class."""
    from snownlp import SnowNLP

    out = np.zeros((len(texts), 3))
    for i, text in enumerate(texts):
        s = float(SnowNLP(text).sentiments) if text.strip() else 0.5
        out[i, NEG], out[i, POS] = 1.0 - s, s
    return out


def majority_probs(train_labels: Sequence[str], n: int) -> F64:
    """Training-split class shares for every row (argmax = the majority class)."""
    counts = Counter(train_labels)
    shares = np.asarray([counts[c] for c in LABELS], dtype=np.float64)
    shares = shares / max(shares.sum(), 1.0)
    return np.tile(shares, (n, 1))


def embedding_lr_probs(
    train_x: F64, train_labels: Sequence[str], test_x: F64, *, c: float = 1.0
) -> F64:
    """scikit-learn LogisticRegression (C=1) on e5 embeddings, one model per language."""
    from sklearn.linear_model import LogisticRegression

    y = np.asarray([LABELS.index(x) for x in train_labels])
    out = np.zeros((len(test_x), 3))
    if len(set(y.tolist())) < 2:
        out[:, y[0] if len(y) else NEU] = 1.0
        return out
    model = LogisticRegression(C=c, max_iter=2000).fit(train_x, y)
    out[:, model.classes_] = model.predict_proba(test_x)
    return out
