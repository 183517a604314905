"""Readable theme labels per language (distinctive key phrases) and representative quotes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from resonance.feedback._theme_space import EmbedFn, LanguageMeans, unit_rows
from resonance.text.analyzer import analyzer
from resonance.text.summary import key_phrases, split_sentences

PHRASES_PER_LABEL = 2
_CANDIDATES = 15
_SEPARATOR = {"zh": "、"}
_MIN_QUOTE_CHARS = {"zh": 6}
_MIN_QUOTE_CHARS_DEFAULT = 20


class MessageLike(Protocol):
    """What labels and quotes need of a message."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def lang(self) -> str: ...


class Quote(NamedTuple):
    """A sentence from a theme's message and the id of that message."""

    message_id: str
    sentence: str


def label_themes(
    messages: Sequence[MessageLike], groups: Sequence[Sequence[MessageLike]]
) -> list[dict[str, str]]:
    """A label per language for each group, from phrases frequent in it and rare elsewhere.

    Candidates are the group's key phrases in that language (as written, not lemmas); each is
    scored by the share of the group's messages that contain it minus the share of the other
    messages in that language that do, so words every comment uses ("the portal") lose to
    the ones that set the group apart.
    """
    terms = {m.id: analyzer(m.lang).tokens(m.text) for m in messages}
    labels: list[dict[str, str]] = []
    for group in groups:
        member_ids = {m.id for m in group}
        label: dict[str, str] = {}
        for lang in sorted({m.lang for m in group}):
            inside = [
                terms.get(m.id) or analyzer(lang).tokens(m.text) for m in group if m.lang == lang
            ]
            outside = [terms[m.id] for m in messages if m.lang == lang and m.id not in member_ids]
            texts = [m.text for m in group if m.lang == lang]
            label[lang] = _label(texts, lang, inside, outside)
        labels.append(label)
    return labels


def _label(texts: list[str], lang: str, inside: list[list[str]], outside: list[list[str]]) -> str:
    tool = analyzer(lang)
    scored: list[tuple[float, int, str]] = []
    for rank, phrase in enumerate(key_phrases(texts, lang, k=_CANDIDATES)):
        gram = tool.tokens(phrase)
        if not _readable(phrase, lang):
            continue
        share_in = _share(gram, inside)
        share_out = _share(gram, outside)
        scored.append((share_in - share_out, -rank, phrase))
    if not scored:
        return texts[0][:40] if texts else ""
    scored.sort(reverse=True)
    best = [phrase for score, _, phrase in scored if score > 0][:PHRASES_PER_LABEL]
    return _SEPARATOR.get(lang, ", ").join(best or [scored[0][2]])


def _readable(phrase: str, lang: str) -> bool:
    """Skip phrases of only very short words ("mes", "все", "我"): mostly function words."""
    shortest = 2 if lang == "zh" else 4
    return len(phrase.replace(" ", "")) >= shortest


def _share(gram: list[str], docs: list[list[str]]) -> float:
    if not docs or not gram:
        return 0.0
    return sum(1 for doc in docs if _contains(doc, gram)) / len(docs)


def _contains(doc: list[str], gram: list[str]) -> bool:
    n = len(gram)
    return any(doc[i : i + n] == gram for i in range(len(doc) - n + 1))


def pick_quotes(
    members: Sequence[MessageLike],
    centroid: npt.NDArray[np.float32],
    means: LanguageMeans,
    n: int,
    embed: EmbedFn | None,
) -> list[Quote]:
    """The ``n`` sentences closest to the centroid, at most one per message, citing it."""
    sentences: list[tuple[str, str, str]] = []
    for m in members:
        minimum = _MIN_QUOTE_CHARS.get(m.lang, _MIN_QUOTE_CHARS_DEFAULT)
        found = [s for s in split_sentences(m.text, m.lang) if len(s) >= minimum]
        sentences.extend((m.id, m.lang, s) for s in found or [m.text.strip()])
    if not sentences or n <= 0:
        return []
    vectors = unit_rows(np.asarray(_embedder(embed)([s for _, _, s in sentences]), np.float32))
    scores = means.centre(vectors, [lang for _, lang, _ in sentences]) @ centroid
    quotes: list[Quote] = []
    used: set[str] = set()
    for index in np.argsort(-scores, kind="stable"):
        message_id, _, sentence = sentences[int(index)]
        if message_id not in used:
            used.add(message_id)
            quotes.append(Quote(message_id, sentence))
        if len(quotes) == n:
            break
    return quotes


def _embedder(embed: EmbedFn | None) -> EmbedFn:
    if embed is not None:
        return embed
    from resonance.text.embedding import embed as embed_default

    return embed_default
