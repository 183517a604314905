"""The tone model's parameters and its file format (npz arrays + JSON metadata)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_STEM = "tone-model"
FORMAT = 1
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "models"

F64 = npt.NDArray[np.float64]


@dataclass
class ToneModel:
    """Hashed n-gram linear model, embedding head and per-language calibration of both paths."""

    fast_weights: npt.NDArray[np.float16]
    fast_bias: F64
    emb_weights: npt.NDArray[np.float32]
    emb_bias: F64
    cal_fast: F64
    cal_accurate: F64
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """Version string stored with the model (also returned with every prediction)."""
        return str(self.meta.get("version", "unversioned"))

    def arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The arrays as saved in the npz file."""
        return {
            "fast_weights": self.fast_weights,
            "fast_bias": self.fast_bias,
            "emb_weights": self.emb_weights,
            "emb_bias": self.emb_bias,
            "cal_fast": self.cal_fast,
            "cal_accurate": self.cal_accurate,
        }


def weights_digest(model: ToneModel) -> str:
    """sha256 over the model's arrays (names, shapes and bytes)."""
    h = hashlib.sha256()
    for name, arr in sorted(model.arrays().items()):
        h.update(name.encode())
        h.update(str(arr.shape).encode())
        h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()


def save_model(model: ToneModel, out_dir: Path) -> tuple[Path, Path]:
    """Write ``tone-model.npz`` and ``tone-model.json`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    npz = out_dir / f"{MODEL_STEM}.npz"
    meta_path = out_dir / f"{MODEL_STEM}.json"
    np.savez_compressed(npz, allow_pickle=False, **model.arrays())
    meta = dict(model.meta, format=FORMAT, weights_sha256=weights_digest(model))
    meta_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return npz, meta_path


def load_model(model_dir: Path | None = None) -> ToneModel:
    """Load a model directory (the shipped default when ``model_dir`` is None)."""
    base = model_dir or DEFAULT_DIR
    meta = json.loads((base / f"{MODEL_STEM}.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError(f"{base}: unsupported tone model format {meta.get('format')!r}")
    with np.load(base / f"{MODEL_STEM}.npz", allow_pickle=False) as z:
        model = ToneModel(
            fast_weights=z["fast_weights"],
            fast_bias=z["fast_bias"].astype(np.float64),
            emb_weights=z["emb_weights"],
            emb_bias=z["emb_bias"].astype(np.float64),
            cal_fast=z["cal_fast"].astype(np.float64),
            cal_accurate=z["cal_accurate"].astype(np.float64),
            meta=meta,
        )
    if weights_digest(model) != meta.get("weights_sha256"):
        raise ValueError(f"{base}: tone model arrays do not match the sha256 in its metadata")
    return model
