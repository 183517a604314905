"""Text intelligence: language, tokens, tone, embeddings, near-duplicates, summaries.

The curated API is loaded lazily, so importing `resonance.text` stays cheap until a model is used.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "LanguageGuess": "resonance.text.language",
    "detect_language": "resonance.text.language",
    "normalize_text": "resonance.text.normalize",
    "decode_bytes": "resonance.text.normalize",
    "fold_chinese": "resonance.text.normalize",
    "analyzer": "resonance.text.analyzer",
    "query_term": "resonance.text.analyzer",
    "embed": "resonance.text.embedding",
    "predict_tone": "resonance.text.tone",
    "ToneResult": "resonance.text.tone",
    "load_confusion": "resonance.text.tone",
    "ReprintIndex": "resonance.text.neardup",
    "CrossLingualIndex": "resonance.text.neardup",
    "summarize": "resonance.text.summary",
    "key_phrases": "resonance.text.summary",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'resonance.text' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
