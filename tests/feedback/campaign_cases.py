"""A labelled, seeded set of consultation feedback: form-letter campaigns among independent voices.

Each language has two form letters (library hours, a cycle lane); every signer may change the
salutation, add a personal sentence at the start or the end, sign with a name, make typos or
keep only part of the letter. Independent messages on the same topics are put together from
sentence pools with varied fillers, so they share vocabulary with the letters and with each
other without being copies. All texts were written for these tests.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from resonance.feedback.campaigns import Campaign, Message
from tests.feedback.campaign_lang import POOLS, LangPool

LANGS = tuple(POOLS)
SEED = 20261125


@dataclass(frozen=True)
class Case:
    """A message with its true campaign (None for an independent message) and what was added."""

    message: Message
    campaign: str | None
    added: tuple[str, ...] = ()


_CHOICE = re.compile(r"\[([^\]]*)\]")


def _fill(rng: random.Random, pool: LangPool, sentence: str) -> str:
    """Fill ``{n}`` and ``{place}`` and pick one of each ``[a|b|c]``: no two writers word alike."""
    sentence = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), sentence)
    return sentence.format(n=rng.randint(2, 90), place=rng.choice(pool.places))


def _typo(rng: random.Random, text: str) -> str:
    """Swap two neighbouring letters in one random place (not in the first line)."""
    letters = [i for i in range(len(text) - 1) if text[i].isalpha() and text[i + 1].isalpha()]
    if not letters:
        return text
    i = rng.choice(letters[len(letters) // 5 :])
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _body(rng: random.Random, letter: tuple[str, ...]) -> list[str]:
    roll = rng.random()
    if roll < 0.12:  # only the first part was pasted
        return list(letter[: rng.randint(3, len(letter) - 1)])
    if roll < 0.2:  # one sentence left out
        drop = rng.randrange(1, len(letter))
        return [s for i, s in enumerate(letter) if i != drop]
    return list(letter)


def signed_letter(
    rng: random.Random, pool: LangPool, letter: tuple[str, ...], lang: str
) -> tuple[str, tuple[str, ...]]:
    """One signer's copy of ``letter`` and the personal sentences they added."""
    sep = "" if lang == "zh" else " "
    added: list[str] = []
    parts = _body(rng, letter)
    if rng.random() < 0.3:
        added.append(_fill(rng, pool, rng.choice(pool.personal)))
        parts.insert(0, added[-1])
    if rng.random() < 0.4:
        added.append(_fill(rng, pool, rng.choice(pool.personal)))
        parts.append(added[-1])
    text = sep.join(parts)
    for _ in range(rng.choice((0, 0, 1, 2))):
        text = _typo(rng, text)
    if rng.random() < 0.7:
        text = f"{rng.choice(pool.salutations)}\n{text}"
    if rng.random() < 0.8:
        text = f"{text}\n{rng.choice(pool.names)}"
    return text, tuple(added)


def independent(rng: random.Random, pool: LangPool, lang: str) -> str:
    """A message of one's own: two or three points, maybe one quoted from a letter, a closing."""
    sep = "" if lang == "zh" else " "
    points = [*pool.opinions, *pool.reasons, *pool.requests]
    parts = rng.sample(points, rng.randint(2, 3))
    if rng.random() < 0.25:  # agrees with one point of a letter, in the letter's words
        parts.insert(rng.randint(0, len(parts)), rng.choice(rng.choice(pool.letters)))
    if rng.random() < 0.5:
        parts.append(rng.choice(pool.closings))
    text = sep.join(_fill(rng, pool, part) for part in parts)
    if rng.random() < 0.5:
        text = f"{rng.choice(pool.salutations)}\n{text}"
    if rng.random() < 0.5:
        text = f"{text}\n{rng.choice(pool.names)}"
    return text


def build_cases(seed: int = SEED, independents: int = 120) -> list[Case]:
    """Campaigns of 4 to 40 signers per letter and language, shuffled among independents."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for lang, pool in POOLS.items():
        for k, letter in enumerate(pool.letters):
            label = f"{lang}-letter-{k}"
            for _ in range(rng.choice((4, 12, 25, 40))):
                text, added = signed_letter(rng, pool, letter, lang)
                cases.append(Case(Message(len(cases), text, lang), label, added))
        for _ in range(independents):
            cases.append(Case(Message(len(cases), independent(rng, pool, lang), lang), None))
    rng.shuffle(cases)
    return cases


def true_pairs(cases: Iterable[Case]) -> set[frozenset[object]]:
    """Pairs of messages signed from the same letter."""
    by_campaign: dict[str, list[object]] = {}
    for case in cases:
        if case.campaign is not None:
            by_campaign.setdefault(case.campaign, []).append(case.message.id)
    return {frozenset(p) for ids in by_campaign.values() for p in itertools.combinations(ids, 2)}


def found_pairs(campaigns: Iterable[Campaign]) -> set[frozenset[object]]:
    """Pairs of messages in the same detected campaign."""
    return {frozenset(p) for c in campaigns for p in itertools.combinations(c.member_ids, 2)}


def precision_recall(
    found: set[frozenset[object]], expected: set[frozenset[object]]
) -> tuple[float, float]:
    """Pairwise precision and recall (1.0 when there is nothing to find or nothing found)."""
    hits = len(found & expected)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(expected) if expected else 1.0
    return precision, recall
