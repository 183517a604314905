"""Tone (negative / neutral / positive) with calibrated probabilities: fast and accurate paths."""

from __future__ import annotations

from pathlib import Path

from resonance.text.tone._metrics import LABELS
from resonance.text.tone._model import DEFAULT_DIR, ToneModel, load_model, save_model
from resonance.text.tone._predict import (
    NO_SIGNAL_SCORES,
    TonePath,
    ToneResult,
    default_model,
    predict_tone,
)


def load_confusion(
    model_dir: Path | None = None, path: TonePath = "accurate"
) -> dict[str, list[list[int]]]:
    """Per-language validation confusion matrix (rows gold, columns predicted; LABELS order)."""
    report = default_model(model_dir).meta.get("validation", {}).get(path, {})
    return {lang: entry["confusion"] for lang, entry in report.items()}


__all__ = [
    "DEFAULT_DIR",
    "LABELS",
    "NO_SIGNAL_SCORES",
    "ToneModel",
    "TonePath",
    "ToneResult",
    "default_model",
    "load_confusion",
    "load_model",
    "predict_tone",
    "save_model",
]
