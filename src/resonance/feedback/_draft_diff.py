"""Section-by-section diff of two versions of a draft, with word-level (CJK: character) changes."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from resonance.feedback._draft_model import Draft, Section

ChangeKind = Literal["added", "removed", "modified", "unchanged", "moved"]
OpKind = Literal["equal", "insert", "delete", "replace"]

# Two sections are the same section when this much of their wording survives.
SAME_SECTION = 0.5
# A section that keeps its number may be rewritten more before it counts as a new one.
SAME_NUMBER_SECTION = 0.25
_PREFILTER = 0.1
_CANDIDATES = 5  # most-overlapping new sections compared word by word per old section

# Han, kana and Hangul characters are one token each; words and spaces are runs.
_CJK_CHAR = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
_TOKEN = re.compile(rf"{_CJK_CHAR}|(?:(?!{_CJK_CHAR})\w)+(?:['’ʼ]\w+)*|\s+|[^\w\s]")
_OPS: dict[str, OpKind] = {"equal": "equal", "insert": "insert", "delete": "delete"}
_OPS["replace"] = "replace"


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One run of a word-level diff: text kept, inserted, deleted or replaced."""

    op: OpKind
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class SectionChange:
    """How one section changed between versions; numbers are None for added/removed sides."""

    kind: ChangeKind
    old_number: str | None
    new_number: str | None
    similarity: float
    unified_diff: str = ""
    ops: list[DiffOp] = field(default_factory=list)


def diff_versions(old: Draft, new: Draft) -> list[SectionChange]:
    """Align the sections of two versions and describe each change, in the new order.

    Sections pair up by identical wording first (a renumbered section is "moved"), then by
    number when the wording is still similar, then by best similarity; the rest are removed
    or added. Removed sections are listed after the section that preceded them.
    """
    aligner = _Aligner(old.sections, new.sections)
    pairs = aligner.align()
    return _changes(old.sections, new.sections, pairs, aligner)


def _full(section: Section) -> str:
    return f"{section.heading}\n{section.text}".strip()


def tokens(text: str) -> list[str]:
    """Words, spaces and punctuation in order (each Han character alone); they join to ``text``."""
    return _TOKEN.findall(text)


def _words(text: str) -> list[str]:
    return [t.casefold() for t in tokens(text) if not t.isspace()]


class _Aligner:
    """Pairs old and new sections; similarity (difflib ratio of words) computed only as needed."""

    def __init__(self, old: Sequence[Section], new: Sequence[Section]) -> None:
        self.old, self.new = old, new
        self._old_words = [_words(_full(s)) for s in old]
        self._new_words = [_words(_full(s)) for s in new]
        self._scores: dict[tuple[int, int], float] = {}
        self.pairs: dict[int, int] = {}
        self._taken: set[int] = set()

    def similarity(self, i: int, j: int) -> float:
        if (i, j) not in self._scores:
            matcher = difflib.SequenceMatcher(
                None, self._old_words[i], self._new_words[j], autojunk=False
            )
            self._scores[i, j] = matcher.ratio()
        return self._scores[i, j]

    def align(self) -> dict[int, int]:
        """Old index -> new index for sections that are the same section in both versions."""
        self._pair_identical()
        self._pair_by_number(SAME_SECTION)
        self._pair_similar()
        self._pair_by_number(SAME_NUMBER_SECTION)
        return self.pairs

    def _take(self, i: int, j: int) -> None:
        if i not in self.pairs and j not in self._taken:
            self.pairs[i] = j
            self._taken.add(j)

    def _pair_identical(self) -> None:
        # Whole section, then body alone: a renumbered section differs only in its heading.
        for key in (_full, _body):
            waiting: dict[str, list[int]] = defaultdict(list)
            for j, section in enumerate(self.new):
                if j not in self._taken and key(section):
                    waiting[key(section)].append(j)
            for i, section in enumerate(self.old):
                candidates = waiting.get(key(section)) if i not in self.pairs else None
                if candidates:
                    # Repeated bodies ("Excluded.") keep their own numbers where they can.
                    same = [j for j in candidates if self.new[j].number == section.number]
                    j = same[0] if same else candidates[0]
                    candidates.remove(j)
                    self._take(i, j)

    def _pair_by_number(self, threshold: float) -> None:
        new_by_number = {s.number: j for j, s in enumerate(self.new)}
        for i, section in enumerate(self.old):
            j = new_by_number.get(section.number)
            if i in self.pairs or j is None or j in self._taken:
                continue
            if self.similarity(i, j) >= threshold:
                self._take(i, j)

    def _pair_similar(self) -> None:
        old_left = [i for i in range(len(self.old)) if i not in self.pairs]
        new_left = [j for j in range(len(self.new)) if j not in self._taken]
        new_sets = {j: set(self._new_words[j]) for j in new_left}
        candidates: list[tuple[float, int, int]] = []
        for i in old_left:
            words = set(self._old_words[i])
            overlaps = sorted(((_jaccard(words, new_sets[j]), j) for j in new_left), reverse=True)[
                :_CANDIDATES
            ]
            for overlap, j in overlaps:
                if overlap >= _PREFILTER and (score := self.similarity(i, j)) >= SAME_SECTION:
                    candidates.append((-score, i, j))
        for _, i, j in sorted(candidates):
            self._take(i, j)


def _body(section: Section) -> str:
    return section.text.strip()


def _jaccard(a: set[str], b: set[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _changes(
    old: Sequence[Section], new: Sequence[Section], pairs: dict[int, int], aligner: _Aligner
) -> list[SectionChange]:
    keyed: list[tuple[tuple[float, int], SectionChange]] = []
    by_new = {j: i for i, j in pairs.items()}
    for j, section in enumerate(new):
        i = by_new.get(j)
        if i is None:
            keyed.append(((j, 0), SectionChange("added", None, section.number, 0.0)))
        else:
            keyed.append(((j, 0), _paired(old[i], section, aligner.similarity(i, j))))
    for i, section in enumerate(old):
        if i in pairs:
            continue
        before = [pairs[k] for k in range(i) if k in pairs]
        position = (max(before) if before else -1) + 0.5
        keyed.append(((position, i), SectionChange("removed", section.number, None, 0.0)))
    return [change for _, change in sorted(keyed, key=lambda kv: kv[0])]


def _paired(old: Section, new: Section, similarity: float) -> SectionChange:
    same_text = _full(old) == _full(new)
    if old.number != new.number:
        kind: ChangeKind = "moved"
    else:
        kind = "unchanged" if same_text else "modified"
    if same_text:
        return SectionChange(kind, old.number, new.number, 1.0)
    return SectionChange(
        kind,
        old.number,
        new.number,
        round(similarity, 4),
        _unified(old, new),
        word_ops(_full(old), _full(new)),
    )


def _unified(old: Section, new: Section) -> str:
    lines = difflib.unified_diff(
        _full(old).splitlines(),
        _full(new).splitlines(),
        fromfile=old.number,
        tofile=new.number,
        lineterm="",
    )
    return "\n".join(lines)


def word_ops(old: str, new: str) -> list[DiffOp]:
    """Word-level runs turning ``old`` into ``new`` (Han characters compared one by one)."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(DiffOp(_OPS[tag], "".join(a[i1:i2]), "".join(b[j1:j2])))
    return ops
