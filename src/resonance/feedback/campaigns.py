"""Campaign (form-letter) detection: near-identical messages grouped, counted once, deltas kept."""

from __future__ import annotations

import difflib
import re
import zlib
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from resonance.text.neardup import MinHasher, UnionFind, shingles

MessageId = Hashable

# Chosen on tests/feedback/campaign_cases.py (six languages, letters with personal sentences,
# salutations, signatures, typos and truncations, mixed with independent messages on the same
# topics); see benchmarks/bench_campaigns.py for the speed side.
# Two messages are the same letter when this share of the smaller one's shingles is in the other.
DEFAULT_CONTAINMENT = 0.7
MIN_CAMPAIGN_SIZE = 3
# Below this many shingles (about ten words) a message is too short to call a copy of anything.
MIN_SHINGLES = 8
# The smaller message must hold at least this share of the larger one's shingles; a one-line
# quote of a letter is not a signature of it.
MIN_SIZE_RATIO = 0.2
NUM_PERM = 128
# 64 bands of 2 rows, so that pairs of low Jaccard similarity but high containment (a half-letter
# excerpt with a personal paragraph: Jaccard about 0.25) still meet; the exact containment check
# then removes the pairs that merely share a sentence or two.
LSH_ROWS = 2
# A bucket keeps its first entries only: a campaign's members share buckets, and listing all of
# them for every new signer would make detection quadratic.
BUCKET_CAP = 6
# A candidate must share at least this many bands (probability 0.92 at Jaccard 0.25, 0.999 at
# 0.4); the few sharing most bands are verified.
MIN_BAND_HITS = 2
MAX_CHECKS = 12
TEMPLATE_SAMPLE = 64
# A changed sentence this close to the template's is an edit or typo, not something said.
_EDIT_SIMILARITY = 0.85

_SENTENCE = re.compile(r"[^.!?。！？;；\n]+(?:[.!?。！？;；]+|\n|$)\s*")
_KEY = re.compile(r"[^\W_]+")


class Message(NamedTuple):
    """One piece of feedback to analyse."""

    id: MessageId
    text: str
    lang: str


@dataclass(frozen=True)
class Campaign:
    """A group of near-identical messages; its id is the id of its earliest member."""

    id: MessageId
    template_text: str
    member_ids: list[MessageId]
    size: int


class CampaignDetector:
    """Incremental form-letter detection within each language.

    Each message is shingled (word 3-grams, Chinese character 3-grams), MinHashed and looked up
    in LSH buckets; candidates are verified exactly: the shingles of the smaller message must be
    at least ``containment`` contained in the larger one's. Messages that add nothing to what is
    indexed are not indexed themselves, so memory grows with distinct variants, not signers.
    """

    def __init__(
        self,
        *,
        min_size: int = MIN_CAMPAIGN_SIZE,
        containment: float = DEFAULT_CONTAINMENT,
        min_shingles: int = MIN_SHINGLES,
        num_perm: int = NUM_PERM,
        rows: int = LSH_ROWS,
    ) -> None:
        if not 0.0 < containment <= 1.0:
            raise ValueError("containment must be in (0, 1]")
        if min_size < 2:
            raise ValueError("min_size must be at least 2")
        self.min_size = min_size
        self.containment = containment
        self.min_shingles = min_shingles
        self._hasher = MinHasher(num_perm)
        self._rows = rows
        self._bands = num_perm // rows
        mixer = np.random.default_rng(7).integers(1, 2**63, size=rows, dtype=np.uint64)
        self._mixer = mixer | np.uint64(1)
        self._buckets: dict[str, list[dict[int, list[int]]]] = {}
        self._slot_hashes: list[npt.NDArray[np.uint32]] = []
        self._slot_ids: list[MessageId] = []
        self._sets = UnionFind()
        self._sizes: dict[MessageId, int] = {}

    @property
    def indexed(self) -> int:
        """How many messages are held in the LSH index (distinct variants, not all signers)."""
        return len(self._slot_ids)

    def add(self, message_id: MessageId, text: str, lang: str) -> MessageId | None:
        """Add one message; its campaign id, or None while its group is under ``min_size``."""
        if message_id in self._sets:
            return self.campaign_of(message_id)
        self._sets.add(message_id)
        self._sizes[message_id] = 1
        items = shingles(text, lang)
        if len(items) < self.min_shingles:
            return None
        hashes = _shingle_hashes(items)
        keys = self._keys(self._hasher.signature(items))
        buckets = self._buckets.setdefault(lang, [{} for _ in range(self._bands)])
        if not self._match(message_id, hashes, self._candidates(buckets, keys)):
            self._index(message_id, hashes, keys, buckets)
        return self.campaign_of(message_id)

    def campaign_of(self, message_id: MessageId) -> MessageId | None:
        """The campaign id of an added message, or None (KeyError if never added)."""
        root = self._sets.find(message_id)
        return root if self._sizes[root] >= self.min_size else None

    def campaigns(self, text_of: Callable[[MessageId], str]) -> list[Campaign]:
        """Campaigns of at least ``min_size`` members, largest first.

        ``text_of`` gives a member's text (from memory or the database): the detector keeps no
        texts, and the template is built from a sample of at most 64 members.
        """
        found = []
        for root, members in self._sets.groups().items():
            if len(members) < self.min_size:
                continue
            step = max(1, len(members) // TEMPLATE_SAMPLE)
            sample = [text_of(member) for member in members[::step][:TEMPLATE_SAMPLE]]
            found.append(Campaign(root, template(sample), members, len(members)))
        found.sort(key=lambda campaign: -campaign.size)
        return found

    def _keys(self, signature: npt.NDArray[np.uint32]) -> list[int]:
        rows = signature[: self._bands * self._rows].astype(np.uint64).reshape(self._bands, -1)
        with np.errstate(over="ignore"):
            mixed = (rows * self._mixer).sum(axis=1, dtype=np.uint64)
        keys: list[int] = mixed.tolist()
        return keys

    def _candidates(self, buckets: list[dict[int, list[int]]], keys: list[int]) -> list[int]:
        hits = Counter(
            chain.from_iterable(
                bucket.get(key, ()) for bucket, key in zip(buckets, keys, strict=True)
            )
        )
        likely = [slot for slot, n in hits.items() if n >= MIN_BAND_HITS]
        return sorted(likely, key=hits.__getitem__, reverse=True)[:MAX_CHECKS]

    def _match(
        self, message_id: MessageId, hashes: npt.NDArray[np.uint32], slots: list[int]
    ) -> bool:
        """Unite the message with verified candidates; True if one of them covers it."""
        covered = False
        for slot in slots:
            if self._sets.find(self._slot_ids[slot]) == self._sets.find(message_id):
                continue
            other = self._slot_hashes[slot]
            small = min(hashes.size, other.size)
            if small < MIN_SIZE_RATIO * max(hashes.size, other.size):
                continue
            shared = np.intersect1d(hashes, other, assume_unique=True).size
            if shared >= self.containment * small:
                self._union(message_id, self._slot_ids[slot])
                covered = covered or shared >= self.containment * hashes.size
        return covered

    def _union(self, a: MessageId, b: MessageId) -> None:
        root_a, root_b = self._sets.find(a), self._sets.find(b)
        if root_a == root_b:
            return
        root = self._sets.union(root_a, root_b)
        self._sizes[root] = (
            self._sizes.pop(root_b if root == root_a else root_a) + self._sizes[root]
        )

    def _index(
        self,
        message_id: MessageId,
        hashes: npt.NDArray[np.uint32],
        keys: list[int],
        buckets: list[dict[int, list[int]]],
    ) -> None:
        slot = len(self._slot_ids)
        self._slot_ids.append(message_id)
        self._slot_hashes.append(hashes)
        for bucket, key in zip(buckets, keys, strict=True):
            entries = bucket.setdefault(key, [])
            if len(entries) < BUCKET_CAP:
                entries.append(slot)


def _shingle_hashes(items: Iterable[str]) -> npt.NDArray[np.uint32]:
    hashes = np.fromiter(
        (zlib.crc32(item.encode("utf-8", "surrogatepass")) for item in items), dtype=np.uint32
    )
    return np.unique(hashes)


def detect(
    messages: Sequence[Message],
    *,
    min_size: int = MIN_CAMPAIGN_SIZE,
    containment: float = DEFAULT_CONTAINMENT,
) -> list[Campaign]:
    """Campaigns among ``messages`` (batch form of :class:`CampaignDetector`)."""
    detector = CampaignDetector(min_size=min_size, containment=containment)
    position: dict[MessageId, int] = {}
    for i, message in enumerate(messages):
        position.setdefault(message.id, i)
        detector.add(message.id, message.text, message.lang)
    return detector.campaigns(lambda message_id: messages[position[message_id]].text)


def count_once(messages: Iterable[Message], campaigns: Iterable[Campaign]) -> int:
    """How many voices ``messages`` hold when every campaign counts as one."""
    campaign_of = {member: c.id for c in campaigns for member in c.member_ids}
    voices: set[object] = set()
    for message in messages:
        campaign = campaign_of.get(message.id)
        voices.add(("message", message.id) if campaign is None else ("campaign", campaign))
    return len(voices)


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences and lines (each keeps its trailing punctuation and space)."""
    return [m.group() for m in _SENTENCE.finditer(text) if _KEY.search(m.group())]


def _key(sentence: str) -> str:
    return " ".join(_KEY.findall(sentence.casefold()))


def template(texts: Sequence[str]) -> str:
    """The common content of a campaign: the sentences found in most of ``texts``.

    They come in the order of the text that holds most of them; with no such sentence (too few
    or too varied texts) the template is the shortest text.
    """
    if not texts:
        return ""
    split = [sentences(text) for text in texts]
    counts: dict[str, int] = {}
    for parts in split:
        for key in {_key(part) for part in parts}:
            counts[key] = counts.get(key, 0) + 1
    quorum = max(2, len(texts) // 2 + 1)
    common = {key for key, count in counts.items() if count >= quorum}
    best = max(split, key=lambda parts: sum(_key(part) in common for part in parts))
    kept = [part for part in best if _key(part) in common]
    if not kept:
        return min(texts, key=len).strip()
    return "".join(kept).strip()


def delta(template_text: str, text: str) -> list[str]:
    """What a signer added to or changed in the template, as runs of consecutive sentences.

    Sentences are compared by their words (case and punctuation ignored); a changed sentence
    that stays this close to the template's (a typo, a word swapped) is not reported.
    """
    old, new = sentences(template_text), sentences(text)
    matcher = difflib.SequenceMatcher(
        None, [_key(s) for s in old], [_key(s) for s in new], autojunk=False
    )
    segments: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace"):
            span = new[j1:j2]
            said = {k for k, s in enumerate(span) if not _is_edit(_key(s), old[i1:i2])}
            segments.extend(_runs(span, said))
    return segments


def _is_edit(key: str, replaced: list[str]) -> bool:
    return any(
        difflib.SequenceMatcher(None, key, _key(s), autojunk=False).ratio() >= _EDIT_SIMILARITY
        for s in replaced
    )


def _runs(span: list[str], said: set[int]) -> list[str]:
    """The ``said`` sentences of ``span`` joined into runs: consecutive, within one line."""
    runs: list[str] = []
    current: list[str] = []
    for k, sentence in enumerate(span):
        if k in said:
            current.append(sentence)
        if current and (k not in said or sentence.endswith("\n")):
            runs.append("".join(current).strip())
            current = []
    if current:
        runs.append("".join(current).strip())
    return runs
