"""Tone prediction: fast (hashed n-grams) and accurate (plus embeddings) paths, calibrated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from resonance.text.embedding import Embedder, get_embedder
from resonance.text.tone import _calibration as cal
from resonance.text.tone._features import has_letters, lang_index, linear_logits, prepare
from resonance.text.tone._metrics import LABELS
from resonance.text.tone._model import ToneModel, load_model
from resonance.text.tone._softmax import softmax

TonePath = Literal["accurate", "fast"]
NO_SIGNAL_SCORES: dict[str, float] = {"negative": 0.25, "neutral": 0.5, "positive": 0.25}
"""Scores given to texts without a single letter (empty, emoji-only, URL-only, ...)."""

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ToneResult:
    """Tone label, calibrated class probabilities and the model version that produced them."""

    label: str
    scores: dict[str, float]
    model: str

    @property
    def confidence(self) -> float:
        """Probability of the predicted label."""
        return self.scores[self.label]


@lru_cache(maxsize=4)
def default_model(model_dir: Path | None = None) -> ToneModel:
    """The loaded model for ``model_dir`` (shipped default when None), loaded once per process."""
    return load_model(model_dir)


def emb_design(emb: F64, lang_idx: I64, interact: bool) -> F64:
    """Embedding-head inputs: the embedding, a language one-hot and optional per-language copies."""
    onehot = np.zeros((len(lang_idx), cal.N_LANGS))
    onehot[np.arange(len(lang_idx)), lang_idx] = 1.0
    parts = [emb, onehot]
    if interact:
        parts += [emb * onehot[:, [k]] for k in range(cal.N_LANGS - 1)]
    return np.hstack(parts)


def model_logits(
    model: ToneModel,
    prepared: Sequence[str],
    langs: Sequence[str],
    emb: F64 | None,
) -> list[F64]:
    """Uncalibrated logits of the fast model and, when ``emb`` is given, of the embedding head."""
    out = [linear_logits(prepared, langs, model.fast_weights) + model.fast_bias]
    if emb is not None:
        idx = np.asarray([lang_index(x) for x in langs], dtype=np.int64)
        interact = bool(model.meta.get("emb_interact", False))
        out.append(emb_design(emb, idx, interact) @ model.emb_weights + model.emb_bias)
    return out


def calibrated_probs(model: ToneModel, logits: list[F64], langs: Sequence[str]) -> F64:
    """Apply the path's per-language calibration and return probabilities (n, 3)."""
    params = model.cal_accurate if len(logits) == 2 else model.cal_fast
    idx = np.asarray([lang_index(x) for x in langs], dtype=np.int64)
    return softmax(cal.apply(params, cal.design(logits), idx))


def _detect(texts: Sequence[str]) -> list[str]:
    from resonance.text.language import detect_language

    return [detect_language(t).lang for t in texts]


def predict_tone(
    texts: Sequence[str],
    langs: Sequence[str | None] | None = None,
    path: TonePath = "accurate",
    *,
    model: ToneModel | None = None,
    embedder: Embedder | None = None,
) -> list[ToneResult]:
    """Tone of each text; languages are detected where not given. Never raises on odd text."""
    mdl = model or default_model()
    given: list[str | None] = list(langs) if langs is not None else [None] * len(texts)
    if len(given) != len(texts):
        raise ValueError("predict_tone: texts and langs differ in length")
    todo = [i for i, lang in enumerate(given) if lang is None]
    for i, lang in zip(todo, _detect([texts[i] for i in todo]), strict=True):
        given[i] = lang
    resolved = [lang or "other" for lang in given]
    prepared = [prepare(t, lang) for t, lang in zip(texts, resolved, strict=True)]
    live = [i for i, p in enumerate(prepared) if has_letters(p)]
    results = [ToneResult("neutral", dict(NO_SIGNAL_SCORES), mdl.version)] * len(texts)
    if live:
        probs = _live_probs(
            mdl, [prepared[i] for i in live], [resolved[i] for i in live], path, embedder
        )
        for row, i in enumerate(live):
            scores = {c: float(p) for c, p in zip(LABELS, probs[row], strict=True)}
            results[i] = ToneResult(LABELS[int(probs[row].argmax())], scores, mdl.version)
    return results


def _live_probs(
    model: ToneModel,
    prepared: list[str],
    langs: list[str],
    path: TonePath,
    embedder: Embedder | None,
) -> F64:
    emb = None
    if path == "accurate":
        emb = (embedder or get_embedder()).embed(prepared).astype(np.float64)
    return calibrated_probs(model, model_logits(model, prepared, langs, emb), langs)
