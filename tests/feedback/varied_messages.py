"""Varied feedback messages with a known theme each, for the analysis tests and benchmark.

Theme messages are composed like a citizen writes: an opener, one to three sentences on a theme
(from the demo phrases, six themes, or the labelled test comments, five subjects; "rural" and
"privacy" are one theme in both), sometimes a sentence on a second theme, a detail and a closer,
with a word left out here and there and an occasional typo. 15 % sign one of three form
letters, 4 % are remarks on nothing in particular. Languages are uneven (Ukrainian most).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from resonance.demo import _feedback_phrases as demo
from tests.feedback.campaign_cases import _typo, independent, signed_letter
from tests.feedback.campaign_lang import POOLS
from tests.feedback.theme_corpus import COMMENTS

LANG_WEIGHTS = {"uk": 30, "ru": 15, "en": 20, "fr": 10, "vi": 10, "zh": 15}
SAME = {"rural": "rural_internet"}
"""Test-corpus subjects that are a demo theme under another name."""


@dataclass(frozen=True, slots=True)
class Generated:
    text: str
    lang: str
    theme: str
    """Gold theme; "campaign:<n>" for a form letter, "none" for a remark on nothing."""


def _sentences() -> dict[str, dict[str, list[str]]]:
    """Theme → language → sentences, both sources together."""
    out: dict[str, dict[str, list[str]]] = {}
    for theme, by_lang in demo.THEMES.items():
        for lang, sentences in by_lang.items():
            out.setdefault(theme, {}).setdefault(lang, []).extend(sentences)
    for lang, by_theme in COMMENTS.items():
        for subject, sentences in by_theme.items():
            theme = SAME.get(subject, subject)
            out.setdefault(theme, {}).setdefault(lang, []).extend(sentences)
    return out


def generate(
    n: int,
    seed: int = 11,
    *,
    langs: tuple[str, ...] = tuple(LANG_WEIGHTS),
    themes: tuple[str, ...] | None = None,
    letters: float = 0.15,
    remarks: float = 0.04,
) -> list[Generated]:
    """``n`` messages, the same for the same arguments; ``letters`` and ``remarks`` are shares."""
    rng = random.Random(seed)
    sentences = _sentences()
    chosen = sorted(themes or sentences)
    weights = [1.0 / (rank + 1) ** 0.6 for rank in range(len(chosen))]
    rng.shuffle(weights)
    lang_weights = [LANG_WEIGHTS[lang] for lang in langs]
    forms = [("en", POOLS["en"].letters[0]), ("uk", POOLS["uk"].letters[1])]
    out: list[Generated] = []
    for _ in range(n):
        roll = rng.random()
        if roll < letters:
            out.append(_letter(rng, rng.randrange(3), forms))
            continue
        lang = rng.choices(langs, lang_weights)[0]
        if roll < letters + remarks:
            out.append(Generated(independent(rng, POOLS[lang], lang), lang, "none"))
            continue
        theme = rng.choices(chosen, weights)[0]
        out.append(Generated(_compose(rng, sentences, theme, lang), lang, theme))
    return out


def _letter(rng: random.Random, k: int, letters: list[tuple[str, tuple[str, ...]]]) -> Generated:
    if k < len(letters):
        lang, letter = letters[k]
        return Generated(signed_letter(rng, POOLS[lang], letter, lang)[0], lang, f"campaign:{k}")
    text = demo.CAMPAIGN_TEMPLATE
    if rng.random() < 0.5:
        text = f"{text} {rng.choice(demo.CAMPAIGN_ADDITIONS)}"
    if rng.random() < 0.6:
        text = f"{rng.choice(demo.OPENERS['uk'])}\n{text}".strip()
    return Generated(text, "uk", f"campaign:{k}")


def _compose(
    rng: random.Random, sentences: dict[str, dict[str, list[str]]], theme: str, lang: str
) -> str:
    pool = sentences[theme][lang]
    parts = rng.sample(pool, rng.choice((1, 2, 2, 3, 3)))
    if rng.random() < 0.1:
        other = rng.choice([t for t in sentences if t != theme])
        parts.insert(rng.randint(1, len(parts)), rng.choice(sentences[other][lang]))
    parts = [_reword(rng, part, lang) for part in parts]
    if rng.random() < 0.5:
        parts.append(rng.choice(demo.DETAILS[lang]))
    parts = [rng.choice(demo.OPENERS[lang]), *parts, rng.choice(demo.CLOSERS[lang])]
    sep = "" if lang == "zh" else " "
    text = sep.join(p for p in parts if p)
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        text = _typo(rng, text)
    return text


def _reword(rng: random.Random, sentence: str, lang: str) -> str:
    """Most writers leave a word out somewhere (a character in Chinese): no two copy a sentence
    whole, as the campaign detector would otherwise count them as signers of one letter."""
    for _ in range(rng.choice((0, 1, 1, 2))):
        if lang == "zh":
            i = rng.randrange(1, max(len(sentence) - 2, 2))
            sentence = sentence[:i] + sentence[i + 1 :]
            continue
        words = sentence.split(" ")
        if len(words) > 5:
            del words[rng.randrange(1, len(words) - 1)]
        sentence = " ".join(words)
    return sentence
