"""Suggest the draft section a comment quotes, cites or discusses, for an analyst to confirm."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from resonance.feedback._draft_model import ZH_NUMERAL, Draft, Section, parse_chinese_number
from resonance.text.analyzer import analyzer
from resonance.text.language import LANGUAGES, detect_language
from resonance.text.normalize import fold_chinese

MIN_SCORE = 0.3
MAX_SUGGESTIONS = 3
CITED = 0.9  # "стаття 5", "第五条": the commenter names the section
CITED_POINT = 0.45  # "п. 3" in a law: usually a part of some article, maybe article 3
CITED_NUMBER = 0.6  # a bare "2.1" where the draft has a clause 2.1
_QUOTE_DECAY = 0.75  # each shared rare phrase leaves this share of doubt
_LEXICAL_WEIGHT = 1.2
_MIN_COSINE = 0.12

_REF_NUMBER = r"(\d{1,4}(?:[.\-]\d{1,3})*)"
_MORE_NUMBERS = r"((?:\s*(?:,|та|і|й|и|and|et|và|або|или|or|ou)\s*\d{1,4}(?:[.\-]\d{1,3})*)*)"
_ARTICLE_REF = re.compile(
    rf"(?<!\w)(?:стат\w*|ст\.?|articles?|art\.?|sections?|sec\.|§§?|điều|dieu)\s*"
    rf"{_REF_NUMBER}{_MORE_NUMBERS}",
    re.I,
)
_POINT_REF = re.compile(
    r"(?<!\w)(?:пункт\w*|пп?\.|points?|clauses?|items?|paragraphs?|para\.|khoản|mục|alinéa"
    rf"|ч\.|частин\w*|част[ьи])\s*{_REF_NUMBER}{_MORE_NUMBERS}",
    re.I,
)
_CHAPTER_REF = re.compile(
    r"(?<!\w)(?:розділ\w*|глав\w*|раздел\w*|chapters?|chapitre|chương)\s*([IVXLC]+|\d{1,3})\b",
    re.I,
)
_ZH_REF = re.compile(rf"第({ZH_NUMERAL})([条章编节])")
_DOTTED = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3})+)(?![\w.]*\d)")
_UNIT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+")
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class AnchorSuggestion:
    """A section the comment probably concerns, a score in [0, 1] and why."""

    section_number: str
    score: float
    reason: str


def anchor_comment(
    text: str, draft: Draft, *, limit: int = MAX_SUGGESTIONS, threshold: float = MIN_SCORE
) -> list[AnchorSuggestion]:
    """Ranked section suggestions for one comment; empty when nothing is convincing.

    Evidence: sections the comment cites by number, passages it quotes (rare shared phrases),
    and TF-IDF similarity of analyzer terms. Independent pieces of evidence add up as
    1 - Π(1 - score).
    """
    if not isinstance(text, str) or not text.strip() or not draft.sections:
        return []
    index = _index(tuple(draft.sections), draft.language)
    evidence: dict[str, list[tuple[float, str]]] = defaultdict(list)
    cited: dict[str, tuple[float, str]] = {}
    for number, score, reason in _cited(text, index):
        # "Section 3.2" also reads as the bare number 3.2: one citation, counted once.
        cited[number] = max(cited.get(number, (0.0, "")), (score, reason))
    for number, item in cited.items():
        evidence[number].append(item)
    for number, score, reason in _quoted(text, index):
        evidence[number].append((score, reason))
    for number, score, reason in _lexical(text, index):
        evidence[number].append((score, reason))
    suggestions = []
    for number, items in evidence.items():
        doubt = math.prod(1.0 - min(score, 0.99) for score, _ in items)
        score = round(1.0 - doubt, 4)
        if score >= threshold:
            reasons = "; ".join(reason for _, reason in sorted(items, reverse=True))
            suggestions.append(AnchorSuggestion(number, score, reasons))
    suggestions.sort(key=lambda s: (-s.score, index.order[s.section_number]))
    return suggestions[:limit]


@dataclass(frozen=True, slots=True)
class _Index:
    numbers: tuple[str, ...]
    order: dict[str, int]
    has_articles: bool
    lang: str
    shingle_size: int
    shingles: tuple[frozenset[str], ...]
    shingle_df: Counter[str]
    idf: dict[str, float]
    vectors: tuple[dict[str, float], ...]


@lru_cache(maxsize=32)
def _index(sections: tuple[Section, ...], language: str) -> _Index:
    texts = [f"{s.heading}\n{s.heading}\n{s.text}" for s in sections]
    sample = "\n".join(texts)[:4000]
    lang = language if language in LANGUAGES else detect_language(sample).lang
    size = 4 if _HAN.search(sample) else 3
    shingles = tuple(frozenset(_shingles(t, size)) for t in texts)
    shingle_df: Counter[str] = Counter(sh for group in shingles for sh in group)
    terms = [_terms(t, lang) for t in texts]
    df: Counter[str] = Counter(term for doc in terms for term in set(doc))
    n = len(sections)
    # No "+1": a word in every section (articles, "закон", "的") should weigh next to nothing.
    idf = {term: math.log((n + 1) / count) for term, count in df.items()}
    article_like = re.compile(r"^(?:Стаття|Статья|Article|Art\.|Điều|§|第)", re.I)
    return _Index(
        numbers=tuple(s.number for s in sections),
        order={s.number: k for k, s in enumerate(sections)},
        has_articles=any(article_like.match(s.heading) for s in sections),
        lang=lang,
        shingle_size=size,
        shingles=shingles,
        shingle_df=shingle_df,
        idf=idf,
        vectors=tuple(_vector(doc, idf) for doc in terms),
    )


def _cited(text: str, index: _Index) -> Iterator[tuple[str, float, str]]:
    known = set(index.numbers)
    articles = list(_ARTICLE_REF.finditer(text)) + [
        m for m in _ZH_REF.finditer(text) if m.group(2) == "条"
    ]
    for match in articles:
        yield from _known(match, _ref_numbers(match), CITED, known)
    if not (index.has_articles and articles):
        score = CITED_POINT if index.has_articles else CITED
        for match in _POINT_REF.finditer(text):
            yield from _known(match, _ref_numbers(match), score, known)
    for match in _CHAPTER_REF.finditer(text):
        yield from _known(match, [f"ch.{match.group(1).upper()}"], CITED, known)
    for match in _ZH_REF.finditer(text):
        if match.group(2) != "条":
            value = parse_chinese_number(match.group(1))
            yield from _known(match, [f"ch.{value}"], CITED, known)
    if not index.has_articles:
        for match in _DOTTED.finditer(text):
            yield from _known(match, [match.group(1)], CITED_NUMBER, known)


def _known(
    match: re.Match[str], numbers: list[str], score: float, known: set[str]
) -> Iterator[tuple[str, float, str]]:
    for number in numbers:
        if number in known:
            yield number, score, f"cites {match.group(0).strip()!r}"


def _ref_numbers(match: re.Match[str]) -> list[str]:
    if match.re is _ZH_REF:
        value = parse_chinese_number(match.group(1))
        return [] if value is None else [str(value)]
    numbers = [match.group(1)]
    numbers += re.findall(r"\d{1,4}(?:[.\-]\d{1,3})*", match.group(2) or "")
    return numbers


def _quoted(text: str, index: _Index) -> Iterator[tuple[str, float, str]]:
    comment = _shingles(text, index.shingle_size)
    if not comment:
        return
    rare = max(2, len(index.numbers) // 5)
    for number, group in zip(index.numbers, index.shingles, strict=True):
        shared = sum(1 for sh in comment & group if index.shingle_df[sh] <= rare)
        if shared:
            score = 1.0 - _QUOTE_DECAY**shared
            yield number, score, f"quotes the section ({shared} shared phrases)"


def _lexical(text: str, index: _Index) -> Iterator[tuple[str, float, str]]:
    # Words the draft never uses still count in the comment's length, as if rare: a comment
    # about something else that shares one common word with a section is not about it.
    unseen = math.log(len(index.numbers) + 1)
    query = _vector(_terms(text, index.lang), index.idf, default=unseen)
    if not query:
        return
    for number, vector in zip(index.numbers, index.vectors, strict=True):
        cosine = sum(weight * vector.get(term, 0.0) for term, weight in query.items())
        if cosine >= _MIN_COSINE:
            score = min(0.95, cosine * _LEXICAL_WEIGHT)
            yield number, score, f"similar wording (tf-idf {cosine:.2f})"


def _shingles(text: str, size: int) -> set[str]:
    units = _UNIT.findall(fold_chinese(text).casefold())
    return {" ".join(units[k : k + size]) for k in range(len(units) - size + 1)}


def _terms(text: str, lang: str) -> list[str]:
    return [t for t in analyzer(lang).tokens(text) if len(t) > 1 and not t[0].isdigit()]


def _vector(terms: list[str], idf: dict[str, float], default: float = 0.0) -> dict[str, float]:
    counts = Counter(terms)
    weights = {t: (1.0 + math.log(c)) * idf.get(t, default) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}
