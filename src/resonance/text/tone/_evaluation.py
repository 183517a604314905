"""`resonance text eval`: language ID and tone quality per language, against open peers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from resonance.text.embedding import Embedder
from resonance.text.tone import _peers
from resonance.text.tone._data import Example, read_examples, split
from resonance.text.tone._features import prepare
from resonance.text.tone._metrics import (
    accuracy,
    bootstrap_interval,
    decide,
    expected_calibration_error,
    label_ids,
    macro_f1,
)
from resonance.text.tone._model import ToneModel
from resonance.text.tone._predict import predict_tone

F64 = npt.NDArray[np.float64]
LANG_ORDER = ("uk", "ru", "zh", "vi", "fr", "en")
SHORT = 60


@dataclass(frozen=True)
class ToneRow:
    """One system's figures on one language."""

    lang: str
    system: str
    n: int
    f1: float
    f1_ci: tuple[float, float]
    acc: float
    acc_ci: tuple[float, float]
    ece: float


@dataclass(frozen=True)
class LangIdRow:
    """Language-ID accuracy on one language's texts."""

    lang: str
    n: int
    acc: float
    n_short: int
    acc_short: float


def score(lang: str, system: str, probs: F64, rows: Sequence[Example]) -> ToneRow:
    """Figures of ``probs`` against the gold labels of ``rows``."""
    gold = label_ids([e.label for e in rows])
    binary = np.asarray([e.binary for e in rows], dtype=bool)
    pred = decide(probs, binary)
    lo, hi, alo, ahi = bootstrap_interval(gold, pred)
    ece = expected_calibration_error(probs, gold, binary)
    return ToneRow(
        lang,
        system,
        len(rows),
        macro_f1(gold, pred),
        (lo, hi),
        accuracy(gold, pred),
        (alo, ahi),
        ece,
    )


def language_id(rows: Sequence[Example]) -> list[LangIdRow]:
    """Share of texts whose detected language (and Chinese script, when given) is right."""
    from resonance.text.language import detect_languages

    guesses = detect_languages([e.text for e in rows])
    out = []
    for lang in LANG_ORDER:
        pairs = [(e, g) for e, g in zip(rows, guesses, strict=True) if e.lang == lang]
        ok = [g.lang == e.lang for e, g in pairs]
        short = [o for o, (e, _) in zip(ok, pairs, strict=True) if len(e.text) < SHORT]
        if pairs:
            out.append(
                LangIdRow(
                    lang,
                    len(ok),
                    float(np.mean(ok)),
                    len(short),
                    float(np.mean(short)) if short else float("nan"),
                )
            )
    return out


def _probs(results: Sequence[object]) -> F64:
    return np.asarray(
        [
            [r.scores[c] for c in ("negative", "neutral", "positive")]  # type: ignore[attr-defined]
            for r in results
        ],
        dtype=np.float64,
    )


def evaluate(
    data: Sequence[Path], *, model: ToneModel, embedder: Embedder
) -> tuple[list[LangIdRow], list[ToneRow]]:
    """Language ID on every row of ``data``; tone (both paths, peers) on its validation split."""
    rows = [ex for p in data for ex in read_examples(p)]
    train_rows, valid_rows = split(rows)
    lid = language_id(rows)
    texts = [e.text for e in valid_rows]
    systems: dict[str, F64] = {
        "resonance accurate": _probs(
            predict_tone(texts, path="accurate", model=model, embedder=embedder)
        ),
        "resonance fast": _probs(predict_tone(texts, path="fast", model=model)),
    }
    tone_rows: list[ToneRow] = []
    for lang in LANG_ORDER:
        sel = [i for i, e in enumerate(valid_rows) if e.lang == lang]
        if sel:
            tone_rows += _lang_rows(lang, sel, valid_rows, train_rows, systems, embedder)
    return lid, tone_rows


def _lang_rows(
    lang: str,
    sel: list[int],
    valid: Sequence[Example],
    train: Sequence[Example],
    systems: dict[str, F64],
    embedder: Embedder,
) -> list[ToneRow]:
    rows = [valid[i] for i in sel]
    out = [score(lang, name, probs[sel], rows) for name, probs in systems.items()]
    for name, fn in _peer_fns(lang, rows, [e for e in train if e.lang == lang], embedder):
        out.append(score(lang, name, fn(), rows))
    return out


def _peer_fns(
    lang: str, rows: Sequence[Example], train: Sequence[Example], embedder: Embedder
) -> list[tuple[str, Callable[[], F64]]]:
    texts = [e.text for e in rows]
    fns: list[tuple[str, Callable[[], F64]]] = []
    if lang == "en":
        fns.append(("VADER", lambda: _peers.vader_probs(texts)))
    if lang == "zh":
        fns.append(("SnowNLP", lambda: _peers.snownlp_probs(texts)))
    fns.append(
        ("majority class", lambda: _peers.majority_probs([e.label for e in train], len(rows)))
    )

    def emb_lr() -> F64:
        tx = embedder.embed([prepare(e.text, lang) for e in train]).astype(np.float64)
        vx = embedder.embed([prepare(e.text, lang) for e in rows]).astype(np.float64)
        return _peers.embedding_lr_probs(tx, [e.label for e in train], vx)

    fns.append(("e5 + logistic regression", emb_lr))
    return fns


def markdown(lid: Sequence[LangIdRow], tone: Sequence[ToneRow], title: str = "") -> str:
    """Both tables as Markdown."""
    lines = [title, ""] if title else []
    lines += [
        "| lang | texts | lang-ID accuracy | texts < 60 chars | lang-ID accuracy < 60 |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {r.lang} | {r.n} | {r.acc:.3f} | {r.n_short} | {r.acc_short:.3f} |" for r in lid]
    lines += [
        "",
        "| lang | system | n | tone macro-F1 [95 % CI] | accuracy [95 % CI] | ECE |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in tone:
        lines.append(
            f"| {r.lang} | {r.system} | {r.n} | {r.f1:.3f} [{r.f1_ci[0]:.3f}, {r.f1_ci[1]:.3f}] "
            f"| {r.acc:.3f} [{r.acc_ci[0]:.3f}, {r.acc_ci[1]:.3f}] | {r.ece:.3f} |"
        )
    return "\n".join(lines) + "\n"


BEGIN = "<!-- eval:begin (generated by `resonance text eval --markdown`) -->"
END = "<!-- eval:end -->"


def write_between_markers(path: Path, text: str) -> None:
    """Replace the generated section of ``path`` (or write the file when it has no markers)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = f"{head}{BEGIN}\n{text}{END}{tail}"
    path.write_text(text, encoding="utf-8")
