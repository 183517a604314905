"""Extractive summaries (central sentences citing their source) and key phrases of texts."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from resonance.text.analyzer import Token, analyzer
from resonance.text.language import detect_language
from resonance.text.normalize import normalize_text

EmbedFn = Callable[[Sequence[str]], npt.ArrayLike]

# Sentence ends: Chinese full-width marks end a sentence on their own; elsewhere . ! ? … need
# whitespace after them, so "3.5" and "e.g." inside words do not split. Line breaks also end one.
_ZH_END = re.compile(r"(?<=[。！？；!?])")
_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|\n+")
_MIN_SENTENCE_CHARS = {"zh": 4}
_MIN_SENTENCE_CHARS_DEFAULT = 12
_PHRASE_BREAK = re.compile(r"[.!?;:,。！？；，、()\"«»“”\n]")
_MAX_SENTENCES = 2_000
# Sentences this similar to one already picked add nothing new.
_REDUNDANT_COSINE = 0.95


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of the summary, the id of the text it was taken from and its centrality."""

    text: str
    source_id: str
    score: float


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of ``text``: after 。！？ in Chinese, after . ! ? … and a space elsewhere."""
    text = normalize_text(text)
    pieces: list[str] = []
    for line in text.split("\n"):
        splitter = _ZH_END if lang == "zh" else _END
        pieces.extend(part.strip() for part in splitter.split(line))
    return [piece for piece in pieces if piece]


def summarize(
    items: Sequence[tuple[str, str]],
    *,
    max_sentences: int = 5,
    embed: EmbedFn | None = None,
) -> list[SummarySentence]:
    """Pick the ``max_sentences`` most central sentences of ``items`` ((source_id, text) pairs).

    Centrality is the mean cosine of a sentence to all sentences (a sentence that says what
    many others say ranks high); near-identical sentences are picked once. Sentences keep
    their own language and cite the id of their text. ``embed`` defaults to
    :func:`resonance.text.embedding.embed`.
    """
    candidates = _candidate_sentences(items)
    if not candidates or max_sentences <= 0:
        return []
    vectors = _unit_rows(np.asarray(_embedder(embed)([text for _, text in candidates])))
    scores = (vectors @ vectors.sum(axis=0)) / len(candidates)
    picked: list[int] = []
    for index in np.argsort(-scores, kind="stable"):
        if all(float(vectors[index] @ vectors[j]) < _REDUNDANT_COSINE for j in picked):
            picked.append(int(index))
        if len(picked) == max_sentences:
            break
    return [
        SummarySentence(candidates[i][1], candidates[i][0], round(float(scores[i]), 4))
        for i in picked
    ]


def _candidate_sentences(items: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for source_id, text in items:
        lang = detect_language(text).lang
        for sentence in split_sentences(text, lang):
            minimum = _MIN_SENTENCE_CHARS.get(lang, _MIN_SENTENCE_CHARS_DEFAULT)
            if len(sentence) >= minimum and len(found) < _MAX_SENTENCES:
                found.append((str(source_id), sentence))
    return found


def _embedder(embed: EmbedFn | None) -> EmbedFn:
    if embed is not None:
        return embed
    from resonance.text.embedding import embed as default_embed

    return default_embed


def _unit_rows(matrix: npt.NDArray[np.floating]) -> npt.NDArray[np.float32]:
    rows = np.nan_to_num(matrix.astype(np.float32, copy=False))
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: npt.NDArray[np.float32] = (rows / np.where(norms == 0, 1, norms)).astype(np.float32)
    return unit


def key_phrases(texts: Sequence[str], lang: str, k: int = 10) -> list[str]:
    """The ``k`` most characteristic 1-3-word phrases of ``texts``, as they are written.

    Phrases are n-grams of analyzer terms (so inflected forms count together), scored by
    document frequency times an IDF-like weight against the term's frequency in the set; a
    phrase with a stop-like term at either end is skipped. Each is shown in its most frequent
    surface form.
    """
    texts = [normalize_text(text) for text in texts if isinstance(text, str)]
    counts, surfaces, doc_freq = _ngram_stats(texts, lang)
    if not counts:
        return []
    n_docs = len(texts)
    scores = {
        gram: doc_freq[gram] * math.log(1 + n_docs / doc_freq[gram]) * (1 + 0.5 * (len(gram) - 1))
        + 0.1 * count
        for gram, count in counts.items()
        if len(gram) == 1 or doc_freq[gram] > 1 or n_docs == 1
    }
    ranked = sorted(scores, key=lambda gram: (-scores[gram], gram))
    return _distinct_surfaces(ranked, surfaces, k)


def _ngram_stats(
    texts: Sequence[str], lang: str
) -> tuple[Counter[tuple[str, ...]], dict[tuple[str, ...], Counter[str]], Counter[tuple[str, ...]]]:
    tool = analyzer(lang)
    stop = _stop_terms(texts, lang)
    counts: Counter[tuple[str, ...]] = Counter()
    doc_freq: Counter[tuple[str, ...]] = Counter()
    surfaces: dict[tuple[str, ...], Counter[str]] = {}
    for text in texts:
        tokens = [t for t in tool.tokens_with_offsets(text) if not t.term.isdigit()]
        seen: set[tuple[str, ...]] = set()
        for n in (1, 2, 3):
            for i in range(len(tokens) - n + 1):
                window = tokens[i : i + n]
                gram = tuple(t.term for t in window)
                if gram[0] in stop or gram[-1] in stop or not _contiguous(text, window):
                    continue
                counts[gram] += 1
                seen.add(gram)
                surface = text[window[0].start : window[-1].end]
                surfaces.setdefault(gram, Counter())[surface] += 1
        doc_freq.update(seen)
    return counts, surfaces, doc_freq


def _contiguous(text: str, window: Sequence[Token]) -> bool:
    """True when no punctuation lies between the words of an n-gram."""
    return not _PHRASE_BREAK.search(text, window[0].start, window[-1].end)


def _stop_terms(texts: Sequence[str], lang: str) -> set[str]:
    """Function words: terms in the language's stop list or shorter than two letters."""
    tool = analyzer(lang)
    stop = {term for word in _STOP_WORDS.get(lang, ()) for term in tool.tokens(word)}
    for text in texts:
        stop.update(t for t in tool.tokens(text) if len(t) < 2 and lang != "zh")
    return stop


def _distinct_surfaces(
    ranked: list[tuple[str, ...]], surfaces: dict[tuple[str, ...], Counter[str]], k: int
) -> list[str]:
    chosen: list[str] = []
    for gram in ranked:
        surface = surfaces[gram].most_common(1)[0][0]
        lowered = surface.casefold()
        if any(lowered in c.casefold() or c.casefold() in lowered for c in chosen):
            continue
        chosen.append(surface)
        if len(chosen) == k:
            break
    return chosen


_STOP_WORDS: dict[str, list[str]] = {
    "en": str.split(
        "the a an and or but of to in on at for with by from is are was were be been it this "
        "that these those as not no will would can could has have had do does did their its "
        "our your his her they we you he she them than then there here also all any new through"
    ),
    "fr": str.split(
        "le la les un une des de du et ou mais à au aux en dans sur pour par avec est sont "
        "été être a ont ce cette ces il elle ils elles nous vous on qui que quoi ne pas plus "
        "se sa son ses leur leurs y peuvent peut"
    ),
    "uk": str.split(
        "і й та а але або в у на з із до від для по за про що це як не ні так він вона вони "
        "ми ви я ти його її їх бути є був була було буде також вже ще через можуть може нові"
    ),
    "ru": str.split(
        "и а но или в во на с со к ко от для по за о об что это как не ни так он она они мы "
        "вы я ты его её их быть есть был была было будет также уже ещё через могут может новые"
    ),
    "vi": str.split(
        "và của là có được cho với các những một này đó trong trên tại từ đến để không thì "
        "mà sẽ đã đang rất có_thể"
    ),
    "zh": str.split(
        "的 了 和 是 在 也 有 就 都 而 及 与 或 这 那 一 个 将 对 为 于 从 把 被 可 上"
    ),
}
