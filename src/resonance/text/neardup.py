"""Reprint clusters: MinHash LSH within a language, embedding cosine across languages."""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from resonance.text.normalize import fold_chinese, normalize_text

# Chosen on benchmarks/bench_neardup.py (our reprint corpus, six languages, word 3-grams and
# Chinese character 3-grams): 0.35 gives the best F1 (1.0 in five languages, 0.97 in Chinese,
# where excerpts of half an article fall below 0.4); at 0.30 Chinese loses precision.
DEFAULT_JACCARD = 0.35
# Chosen on the translated pairs of the same corpus with resonance.text.embedding.embed
# (multilingual-e5-small, "query: " prefix): P 0.98 / R 0.96 at 0.865. "passage: " vectors
# need about 0.84. Re-measure when the embedding model changes.
DEFAULT_COSINE = 0.865
NUM_PERM = 128
# Word 3-grams for space-separated languages, character 3-grams for Chinese.
WORD_SHINGLE = 3
CHAR_SHINGLE = 3

_WORD = re.compile(r"[^\W_]+")
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)

ItemId = Hashable


def shingles(text: str, lang: str) -> set[str]:
    """The shingle set of ``text``: word n-grams, or Han character n-grams for Chinese."""
    text = normalize_text(text).casefold()
    if lang == "zh":
        text = fold_chinese(text)
        chars = "".join(_WORD.findall(text))
        return _ngrams(chars, CHAR_SHINGLE, "")
    words = _WORD.findall(text)
    return _ngrams(words, WORD_SHINGLE, " ")


def _ngrams(seq: str | list[str], n: int, joiner: str) -> set[str]:
    if len(seq) <= n:
        return {joiner.join(seq)} if seq else set()
    return {joiner.join(seq[i : i + n]) for i in range(len(seq) - n + 1)}


class MinHasher:
    """MinHash signatures by multiply-shift hashing of CRC-32 shingle hashes (numpy, seeded)."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self._a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
        self._b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)

    def signature(self, items: Iterable[str]) -> npt.NDArray[np.uint32]:
        """The signature of a shingle set; an empty set gives all 0xFFFFFFFF."""
        hashes = np.fromiter(
            (zlib.crc32(item.encode("utf-8", "surrogatepass")) for item in items), dtype=np.uint64
        )
        if hashes.size == 0:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        with np.errstate(over="ignore"):
            mixed = (hashes[:, None] * self._a + self._b) >> _SHIFT
        signature: npt.NDArray[np.uint32] = (mixed & _MASK32).min(axis=0).astype(np.uint32)
        return signature


def estimated_jaccard(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> float:
    """The share of equal signature slots, an unbiased estimate of the Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / len(a)


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) whose S-curve midpoint lies a little below ``threshold`` (favours recall)."""
    target = threshold * 0.85
    best = min(
        range(1, num_perm + 1),
        key=lambda rows: abs((1 / (num_perm // rows)) ** (1 / rows) - target),
    )
    return num_perm // best, best


class UnionFind:
    """Disjoint sets whose representative is the earliest added member (stable cluster ids)."""

    def __init__(self) -> None:
        self._parent: dict[ItemId, ItemId] = {}
        self._order: dict[ItemId, int] = {}

    def add(self, item: ItemId) -> None:
        """Make ``item`` a set of its own (no-op if known)."""
        if item not in self._parent:
            self._parent[item] = item
            self._order[item] = len(self._order)

    def find(self, item: ItemId) -> ItemId:
        """The representative of ``item``'s set."""
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:  # path compression
            self._parent[item], item = root, self._parent[item]
        return root

    def union(self, a: ItemId, b: ItemId) -> ItemId:
        """Merge the sets of ``a`` and ``b``; the older representative stays."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return root_a
        if self._order[root_b] < self._order[root_a]:
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        return root_a

    def __contains__(self, item: object) -> bool:
        return item in self._parent

    def groups(self) -> dict[ItemId, list[ItemId]]:
        """Representative → members, in insertion order."""
        out: dict[ItemId, list[ItemId]] = defaultdict(list)
        for item in self._parent:
            out[self.find(item)].append(item)
        return dict(out)


@dataclass
class _LshTable:
    bands: int
    rows: int
    buckets: list[dict[bytes, list[ItemId]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.buckets = [{} for _ in range(self.bands)]

    def keys(self, signature: npt.NDArray[np.uint32]) -> list[bytes]:
        return [signature[i * self.rows : (i + 1) * self.rows].tobytes() for i in range(self.bands)]

    def candidates(self, keys: list[bytes]) -> set[ItemId]:
        found: set[ItemId] = set()
        for bucket, key in zip(self.buckets, keys, strict=True):
            found.update(bucket.get(key, ()))
        return found

    def insert(self, item: ItemId, keys: list[bytes]) -> None:
        for bucket, key in zip(self.buckets, keys, strict=True):
            bucket.setdefault(key, []).append(item)


class ReprintIndex:
    """Incremental reprint clusters within each language.

    ``add`` hashes one item, looks up LSH candidates of the same language, keeps those whose
    estimated Jaccard similarity of shingles is at least ``threshold`` and unites them; the
    cluster id is the id of the cluster's earliest item. Nothing is recomputed for old items.
    """

    def __init__(self, threshold: float = DEFAULT_JACCARD, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self._hasher = MinHasher(num_perm)
        self._bands, self._rows = lsh_params(threshold, num_perm)
        self._tables: dict[str, _LshTable] = {}
        self._signatures: dict[ItemId, npt.NDArray[np.uint32]] = {}
        self._sets = UnionFind()

    def add(self, item_id: ItemId, text: str, lang: str) -> ItemId:
        """Index one item and return its cluster id (adding the same id again is a no-op)."""
        if item_id in self._sets:
            return self._sets.find(item_id)
        self._sets.add(item_id)
        items = shingles(text, lang)
        if not items:
            return item_id  # nothing to compare: a cluster of its own
        signature = self._hasher.signature(items)
        table = self._tables.setdefault(lang, _LshTable(self._bands, self._rows))
        keys = table.keys(signature)
        for other in table.candidates(keys):
            if estimated_jaccard(signature, self._signatures[other]) >= self.threshold:
                self._sets.union(item_id, other)
        table.insert(item_id, keys)
        self._signatures[item_id] = signature
        return self._sets.find(item_id)

    def cluster_of(self, item_id: ItemId) -> ItemId:
        """The cluster id of an indexed item (KeyError if unknown)."""
        return self._sets.find(item_id)

    def clusters(self) -> dict[ItemId, list[ItemId]]:
        """Cluster id → member ids, singletons included."""
        return self._sets.groups()


class CrossLingualIndex:
    """Duplicates across languages (translations) by cosine of L2-normalised embeddings.

    Vectors come from :func:`resonance.text.embedding.embed` or any model giving unit vectors;
    an item joins the cluster of every earlier item in another language (or in any language
    when ``cross_lingual_only`` is false) with cosine at least ``threshold``.
    """

    def __init__(self, threshold: float = DEFAULT_COSINE, *, cross_lingual_only: bool = True):
        self.threshold = threshold
        self.cross_lingual_only = cross_lingual_only
        self._ids: list[ItemId] = []
        self._langs: list[str] = []
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._sets = UnionFind()

    def add(self, item_id: ItemId, vector: npt.ArrayLike, lang: str) -> ItemId:
        """Index one item's vector and return its cluster id."""
        if item_id in self._sets:
            return self._sets.find(item_id)
        vec = _unit(vector)
        self._sets.add(item_id)
        for other in self.matches(vec, lang):
            self._sets.union(item_id, other)
        self._append(item_id, vec, lang)
        return self._sets.find(item_id)

    def matches(self, vector: npt.ArrayLike, lang: str) -> list[ItemId]:
        """Indexed items whose cosine with ``vector`` reaches the threshold."""
        n = len(self._ids)
        if n == 0:
            return []
        vec = _unit(vector)
        if vec.shape[0] != self._matrix.shape[1]:
            raise ValueError("vector dimension differs from the indexed vectors")
        scores = self._matrix[:n] @ vec
        hits = np.flatnonzero(scores >= self.threshold)
        return [
            self._ids[i] for i in hits if not (self.cross_lingual_only and self._langs[i] == lang)
        ]

    def cluster_of(self, item_id: ItemId) -> ItemId:
        """The cluster id of an indexed item (KeyError if unknown)."""
        return self._sets.find(item_id)

    def clusters(self) -> dict[ItemId, list[ItemId]]:
        """Cluster id → member ids, singletons included."""
        return self._sets.groups()

    def _append(self, item_id: ItemId, vec: npt.NDArray[np.float32], lang: str) -> None:
        n = len(self._ids)
        if self._matrix.shape[1] != vec.shape[0] or n == self._matrix.shape[0]:
            grown = np.zeros((max(16, 2 * n), vec.shape[0]), dtype=np.float32)
            if n:
                grown[:n] = self._matrix[:n]
            self._matrix = grown
        self._matrix[n] = vec
        self._ids.append(item_id)
        self._langs.append(lang)


def _unit(vector: npt.ArrayLike) -> npt.NDArray[np.float32]:
    vec = np.asarray(vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(vec))
    if not np.isfinite(norm) or norm == 0.0:
        return np.zeros_like(vec)
    return vec / norm
