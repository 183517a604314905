"""Text preparation and hashed character/word n-gram features for the tone models."""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

MAX_TONE_CHARS = 5000
"""Tone looks at the first 5,000 characters of a text (after control characters are removed)."""
LANGS: tuple[str, ...] = ("uk", "ru", "zh", "vi", "fr", "en", "other")
N_BUCKETS = 1 << 18
CHAR_ORDERS = (1, 2, 3, 4)
_MASK = np.uint64((1 << 64) - 1)
_MULT = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_NOISE = re.compile(r"https?://\S+|www\.\S+|\bhttp\b|@\w+|\brt\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# Some corpora split punctuation off ("tốt , cảm ơn"); features should not depend on that.
_SPACED_PUNCT = re.compile(r"\s+([,.!?;:)\]…])|([(\[])\s+")

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


def lang_index(lang: str) -> int:
    """Index of ``lang`` in :data:`LANGS` (unknown languages map to "other")."""
    return LANGS.index(lang) if lang in LANGS else LANGS.index("other")


def clean_text(text: str) -> str:
    """Cut, drop control characters and replace lone surrogates; keeps case."""
    text = text[: MAX_TONE_CHARS * 2]
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    return _SPACE.sub(" ", text).strip()[:MAX_TONE_CHARS]


def prepare(text: str, lang: str) -> str:
    """Text as the tone models see it: cleaned, Chinese folded to Simplified, no URLs/@mentions."""
    text = clean_text(text)
    if lang == "zh":
        text = _fold(text)
    text = _NOISE.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def _fold(text: str) -> str:
    from resonance.text.normalize import fold_chinese

    return fold_chinese(text)


def has_letters(text: str) -> bool:
    """True when ``text`` contains at least one letter (any script)."""
    return any(ch.isalpha() for ch in text)


def _mix(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    h = h ^ (h >> np.uint64(31))
    h = h * _MIX
    return h ^ (h >> np.uint64(29))


def _char_hashes(text: str) -> npt.NDArray[np.uint64]:
    cps = np.frombuffer(f" {text} ".encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    parts: list[npt.NDArray[np.uint64]] = []
    h = np.zeros(len(cps), dtype=np.uint64)
    for n in range(1, max(CHAR_ORDERS) + 1):
        if len(cps) < n:
            break
        h = h[: len(cps) - n + 1] * _MULT + cps[n - 1 :] + np.uint64(n)
        if n in CHAR_ORDERS:
            parts.append(h)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def _word_hashes(text: str, lang: str) -> npt.NDArray[np.uint64]:
    if lang == "zh":
        return np.zeros(0, dtype=np.uint64)
    words = _WORD.findall(text)
    grams = words + [f"{a} {b}" for a, b in pairwise(words)]
    vals = [zlib.crc32(g.encode("utf-8")) | (1 << 40) for g in grams]
    return np.asarray(vals, dtype=np.uint64)


def doc_features(prepared: str, lang: str) -> tuple[IntArray, FloatArray]:
    """Hashed feature indices and values of one prepared text (shared + language-specific)."""
    low = _SPACED_PUNCT.sub(r"\1\2", prepared.casefold())
    raw = np.concatenate([_char_hashes(low), _word_hashes(low, lang)])
    shared = np.unique(_mix(raw))
    salt = np.uint64(((1 + lang_index(lang)) * 0x94D049BB133111EB) & ((1 << 64) - 1))
    own = _mix(shared ^ salt)
    hashed = np.concatenate([shared, own]) % np.uint64(N_BUCKETS - len(LANGS))
    bias = N_BUCKETS - len(LANGS) + lang_index(lang)
    idx: IntArray = np.concatenate([hashed.astype(np.int64), np.asarray([bias], dtype=np.int64)])
    val: FloatArray = np.full(len(idx), 1.0 / np.sqrt(max(len(shared), 1) * 2.0), np.float32)
    val[-1] = 1.0
    return idx, val


def batch_features(
    prepared: Sequence[str], langs: Sequence[str]
) -> tuple[IntArray, IntArray, FloatArray]:
    """Row ids, feature indices and values for a batch (a COO matrix)."""
    rows: list[IntArray] = []
    idxs: list[IntArray] = []
    vals: list[FloatArray] = []
    for i, (text, lang) in enumerate(zip(prepared, langs, strict=True)):
        idx, val = doc_features(text, lang)
        rows.append(np.full(len(idx), i, dtype=np.int64))
        idxs.append(idx)
        vals.append(val)
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float32)
    return np.concatenate(rows), np.concatenate(idxs), np.concatenate(vals)


def linear_logits(
    prepared: Sequence[str], langs: Sequence[str], weights: npt.NDArray[Any]
) -> npt.NDArray[np.float64]:
    """Logits of the hashed linear model: one gather and three bincounts, pure numpy."""
    rows, idx, val = batch_features(prepared, langs)
    n, k = len(prepared), weights.shape[1]
    out = np.zeros((n, k), dtype=np.float64)
    gathered = weights[idx].astype(np.float64) * val[:, None]
    for c in range(k):
        out[:, c] = np.bincount(rows, weights=gathered[:, c], minlength=n)
    return out
