"""The JSON manifest listing the model files in a model directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from resonance.text.tone._data import file_sha256
from resonance.text.tone._model import MODEL_STEM

MANIFEST = "manifest.json"


def write_manifest(model_dir: Path) -> Path:
    """Write ``manifest.json`` describing the tone model files in ``model_dir``."""
    meta = json.loads((model_dir / f"{MODEL_STEM}.json").read_text(encoding="utf-8"))
    files = [model_dir / f"{MODEL_STEM}.npz", model_dir / f"{MODEL_STEM}.json"]
    body: dict[str, Any] = {
        "models": [
            {
                "name": "tone",
                "version": meta["version"],
                "description": "Tone (negative/neutral/positive): hashed char/word n-gram linear "
                "model (fast path) stacked with a head over multilingual-e5-small embeddings "
                "(accurate path), per-language calibration. See docs/models.md.",
                "embedding_model": meta.get("embedding_model"),
                "training_data": meta.get("training_data", []),
                "corrections": meta.get("corrections", []),
                "licence_note": "Weights hold no training text (hashed features only); see "
                "docs/models.md for the training data terms.",
                "files": [
                    {"path": f.name, "bytes": f.stat().st_size, "sha256": file_sha256(f)}
                    for f in files
                ],
            }
        ]
    }
    out = model_dir / MANIFEST
    out.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
