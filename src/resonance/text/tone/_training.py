"""Training: split, base models, cross-fitted stacking/calibration, validation report, saving."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from resonance.text.embedding import MODEL_ID, Embedder
from resonance.text.tone import _calibration as cal
from resonance.text.tone._data import Example, file_sha256, read_examples, split
from resonance.text.tone._features import (
    CHAR_ORDERS,
    MAX_TONE_CHARS,
    N_BUCKETS,
    batch_features,
    lang_index,
    prepare,
)
from resonance.text.tone._metrics import LABELS, confusion, decide, label_ids, macro_f1
from resonance.text.tone._model import ToneModel, save_model, weights_digest
from resonance.text.tone._predict import emb_design
from resonance.text.tone._softmax import fit_softmax, softmax

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters (the defaults are what the shipped model uses)."""

    fast_l2: float = 0.1
    emb_l2: float = 0.1
    emb_interact: bool = True
    folds: int = 3
    shrink: float = 30.0
    lang_power: float = 0.5
    balance_classes: bool = True
    corrections_weight: float = 3.0
    max_iter: int = 300
    seed: int = 20261125


@dataclass
class Matrices:
    """Everything the fitting steps need about a set of examples."""

    x_fast: Any
    x_emb: F64
    y: I64
    allowed: npt.NDArray[np.bool_]
    lang_idx: I64
    weight: F64
    binary: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))


def build(rows: Sequence[Example], embedder: Embedder, cfg: TrainConfig) -> Matrices:
    """Features, labels and weights of ``rows``."""
    prepared = [prepare(e.text, e.lang) for e in rows]
    langs = [e.lang for e in rows]
    r, i, v = batch_features(prepared, langs)
    x_fast = sp.csr_matrix((v, (r, i)), shape=(len(rows), N_BUCKETS), dtype=np.float64)
    lang_idx = np.asarray([lang_index(x) for x in langs], dtype=np.int64)
    emb = embedder.embed(prepared).astype(np.float64)
    binary = np.asarray([e.binary for e in rows], dtype=bool)
    allowed = np.ones((len(rows), 3), dtype=bool)
    allowed[binary, 1] = False
    return Matrices(
        x_fast=x_fast,
        x_emb=emb_design(emb, lang_idx, cfg.emb_interact),
        y=label_ids([e.label for e in rows]),
        allowed=allowed,
        lang_idx=lang_idx,
        weight=sample_weights(rows, cfg),
        binary=binary,
    )


def sample_weights(rows: Sequence[Example], cfg: TrainConfig) -> F64:
    """Languages weighted by n**power, classes balanced within a language, times row weight."""
    per_lang = Counter(e.lang for e in rows)
    per_class = Counter((e.lang, e.label) for e in rows)
    classes = Counter(lang for lang, _ in per_class)
    out = np.empty(len(rows))
    for i, e in enumerate(rows):
        n = per_lang[e.lang]
        w = n**cfg.lang_power / n
        if cfg.balance_classes:
            w *= n / (classes[e.lang] * per_class[(e.lang, e.label)])
        out[i] = w * e.weight
    return out


def _take(m: Matrices, sel: I64) -> Matrices:
    return Matrices(
        m.x_fast[sel],
        m.x_emb[sel],
        m.y[sel],
        m.allowed[sel],
        m.lang_idx[sel],
        m.weight[sel],
        m.binary[sel],
    )


@dataclass
class BaseModels:
    """The two fitted base models."""

    fast_w: F64
    fast_b: F64
    emb_w: F64
    emb_b: F64

    def logits(self, m: Matrices) -> list[F64]:
        """Fast and embedding-head logits for ``m``."""
        return [
            np.asarray(m.x_fast @ self.fast_w) + self.fast_b,
            m.x_emb @ self.emb_w + self.emb_b,
        ]


def fit_base(m: Matrices, cfg: TrainConfig) -> BaseModels:
    """Fit the hashed n-gram model and the embedding head."""
    fast = fit_softmax(
        m.x_fast, m.y, m.allowed, sample_weight=m.weight, l2=cfg.fast_l2, max_iter=cfg.max_iter
    )
    emb = fit_softmax(
        m.x_emb, m.y, m.allowed, sample_weight=m.weight, l2=cfg.emb_l2, max_iter=cfg.max_iter
    )
    return BaseModels(fast.weights, fast.intercept, emb.weights, emb.intercept)


def out_of_fold(m: Matrices, cfg: TrainConfig) -> list[F64]:
    """Cross-fitted logits of both base models on the training rows (for calibration)."""
    n = len(m.y)
    fold = np.random.default_rng(cfg.seed).permutation(n) % cfg.folds
    fast = np.zeros((n, 3))
    emb = np.zeros((n, 3))
    for k in range(cfg.folds):
        held = np.flatnonzero(fold == k)
        base = fit_base(_take(m, np.flatnonzero(fold != k)), cfg)
        fast[held], emb[held] = base.logits(_take(m, held))
    return [fast, emb]


def natural_weights(m: Matrices) -> F64:
    """Calibration weights: languages weighted by n**0.5, classes at their natural shares."""
    counts = np.bincount(m.lang_idx, minlength=cal.N_LANGS).astype(np.float64)
    return np.asarray(counts[m.lang_idx] ** -0.5, dtype=np.float64)


def fit_calibration(oof: list[F64], m: Matrices, cfg: TrainConfig) -> tuple[F64, F64]:
    """Per-language parameters of the fast path and of the accurate (stacked) path."""
    w = natural_weights(m)
    fast = cal.fit(cal.design(oof[:1]), m.y, m.allowed, m.lang_idx, w, shrink=cfg.shrink)
    acc = cal.fit(cal.design(oof), m.y, m.allowed, m.lang_idx, w, shrink=cfg.shrink)
    return fast, acc


def path_probs(model: ToneModel, base_logits: list[F64], lang_idx: I64) -> dict[str, F64]:
    """Probabilities of both paths from base logits."""
    return {
        "fast": softmax(cal.apply(model.cal_fast, cal.design(base_logits[:1]), lang_idx)),
        "accurate": softmax(cal.apply(model.cal_accurate, cal.design(base_logits), lang_idx)),
    }


def validation_report(probs: dict[str, F64], m: Matrices) -> dict[str, Any]:
    """Per path and language: n, macro-F1 and confusion matrix (rows gold, columns predicted)."""
    out: dict[str, Any] = {}
    for path, p in probs.items():
        pred = decide(p, m.binary)
        per_lang: dict[str, Any] = {}
        for lang in sorted({int(i) for i in m.lang_idx}):
            sel = m.lang_idx == lang
            per_lang[_lang_name(lang)] = {
                "n": int(sel.sum()),
                "macro_f1": round(macro_f1(m.y[sel], pred[sel]), 4),
                "confusion": confusion(m.y[sel], pred[sel]),
            }
        out[path] = per_lang
    return out


def _lang_name(idx: int) -> str:
    from resonance.text.tone._features import LANGS

    return LANGS[idx]


@dataclass
class TrainResult:
    """What ``train`` produced."""

    model: ToneModel
    files: tuple[Path, Path] | None
    report: dict[str, Any]


def train(
    data: Sequence[Path],
    *,
    out_dir: Path | None,
    corrections: Sequence[Path] = (),
    embedder: Embedder | None = None,
    cfg: TrainConfig | None = None,
    limit_per_lang: int | None = None,
) -> TrainResult:
    """Train on ``data`` (split 80/20) plus all ``corrections``; evaluate; save when ``out_dir``."""
    cfg = cfg or TrainConfig()
    emb = embedder or Embedder()
    rows = [ex for path in data for ex in read_examples(path)]
    if limit_per_lang:
        rows = _limit(rows, limit_per_lang)
    train_rows, valid_rows = split(rows)
    extra = [ex for p in corrections for ex in read_examples(p, weight=cfg.corrections_weight)]
    m_train = build(train_rows + extra, emb, cfg)
    oof = out_of_fold(m_train, cfg)
    cal_fast, cal_acc = fit_calibration(oof, m_train, cfg)
    base = fit_base(m_train, cfg)
    model = ToneModel(
        fast_weights=base.fast_w.astype(np.float16),
        fast_bias=base.fast_b,
        emb_weights=base.emb_w.astype(np.float32),
        emb_bias=base.emb_b,
        cal_fast=cal_fast,
        cal_accurate=cal_acc,
    )
    report = _evaluate(model, valid_rows, emb, cfg)
    model.meta = _metadata(model, cfg, data, corrections, train_rows, extra, report)
    files = save_model(model, out_dir) if out_dir else None
    return TrainResult(model, files, report)


def _evaluate(
    model: ToneModel, rows: Sequence[Example], emb: Embedder, cfg: TrainConfig
) -> dict[str, Any]:
    if not rows:
        return {}
    m = build(rows, emb, cfg)
    logits = [
        np.asarray(m.x_fast @ model.fast_weights.astype(np.float64)) + model.fast_bias,
        m.x_emb @ model.emb_weights.astype(np.float64) + model.emb_bias,
    ]
    return validation_report(path_probs(model, logits, m.lang_idx), m)


def _limit(rows: list[Example], per_lang: int) -> list[Example]:
    seen: Counter[str] = Counter()
    out = []
    for ex in sorted(rows, key=lambda e: (e.id, e.text)):
        if seen[ex.lang] < per_lang:
            seen[ex.lang] += 1
            out.append(ex)
    return out


def _metadata(
    model: ToneModel,
    cfg: TrainConfig,
    data: Sequence[Path],
    corrections: Sequence[Path],
    train_rows: Sequence[Example],
    extra: Sequence[Example],
    report: dict[str, Any],
) -> dict[str, Any]:
    today = dt.datetime.now(dt.UTC).strftime("%Y.%m.%d")
    return {
        "version": f"tone-{today}-{weights_digest(model)[:8]}",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "labels": list(LABELS),
        "langs": list(_all_langs()),
        "features": {
            "n_buckets": N_BUCKETS,
            "char_orders": list(CHAR_ORDERS),
            "max_chars": MAX_TONE_CHARS,
            "hash": "fnv-like uint64 rolling + splitmix, crc32 words; shared + per-language copy",
        },
        "embedding_model": MODEL_ID,
        "emb_interact": cfg.emb_interact,
        "config": cfg.__dict__,
        "training_data": [{"file": p.name, "sha256": file_sha256(p)} for p in data],
        "corrections": [{"file": p.name, "sha256": file_sha256(p)} for p in corrections],
        "train_rows": len(train_rows),
        "correction_rows": len(extra),
        "split": "stratified by (lang, label), 80/20, seed 'resonance-tone-split-v1'",
        "validation": report,
        "calibration": {
            "fast": model.cal_fast.round(5).tolist(),
            "accurate": model.cal_accurate.round(5).tolist(),
            "layout": "rows = langs; columns = model logit scales then biases (neg, neu, pos)",
        },
    }


def _all_langs() -> tuple[str, ...]:
    from resonance.text.tone._features import LANGS

    return LANGS
