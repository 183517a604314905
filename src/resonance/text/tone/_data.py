"""Labelled tone data: JSONL reading, checks and the reproducible train/validation split."""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from resonance.text.tone._metrics import LABELS

SPLIT_SEED = "resonance-tone-split-v1"
VALIDATION_SHARE = 0.2


@dataclass(frozen=True)
class Example:
    """One labelled text; ``binary`` rows carry only negative/positive labels."""

    id: str
    lang: str
    text: str
    label: str
    binary: bool
    weight: float = 1.0
    source: str = ""


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_examples(path: Path, *, weight: float = 1.0) -> list[Example]:
    """Read a JSONL file of {"id","lang","text","label"[,"labels"]} rows; raises on bad rows."""
    out: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                out.append(_parse(json.loads(line), f"{path}:{n}", weight))
    return out


def _parse(row: dict[str, object], where: str, weight: float) -> Example:
    text, lang, label = row.get("text"), row.get("lang"), row.get("label")
    if not isinstance(text, str) or not isinstance(lang, str) or label not in LABELS:
        raise ValueError(f"{where}: need string 'text', string 'lang' and a label in {LABELS}")
    binary = row.get("labels") == "binary"
    if binary and label == "neutral":
        raise ValueError(f"{where}: a binary row cannot be neutral")
    ident = str(row.get("id") or where)
    return Example(ident, lang, text, str(label), binary, weight, ident.rsplit("-", 1)[0])


def split(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
    """Stratified (lang, label) 80/20 split with a fixed seed; independent of row order."""
    groups: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for ex in examples:
        groups[(ex.lang, ex.label)].append(ex)
    train: list[Example] = []
    valid: list[Example] = []
    for (lang, label), rows in sorted(groups.items()):
        rows = sorted(rows, key=lambda e: (e.id, e.text))
        random.Random(f"{SPLIT_SEED}:{lang}:{label}").shuffle(rows)  # noqa: S311
        cut = round(len(rows) * VALIDATION_SHARE)
        valid.extend(rows[:cut])
        train.extend(rows[cut:])
    return train, valid
