"""Per-language token streams (lemmas, stems, segmented words) for search and the query language."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from typing import Any, NamedTuple

# A word is a run of letters/digits, with inner apostrophes ("п'ять", "don't") and inner
# hyphens kept out (they split compounds the way search users expect). Numbers keep their
# decimal separators so "3.5" and "2,4" stay one token.
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’ʼ][^\W\d_]+)*|\d+|[^\W_]+")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_FRENCH_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)'", re.IGNORECASE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_WORD_CACHE_SIZE = 200_000


class Token(NamedTuple):
    """One search term and the span of the original text it comes from."""

    term: str
    start: int
    end: int


class Analyzer:
    """Turns text into search terms; subclasses say how one surface word becomes a term."""

    lang = "other"

    def __init__(self) -> None:
        self._term: Callable[[str], str] = lru_cache(maxsize=_WORD_CACHE_SIZE)(self.term)

    def tokens(self, text: str) -> list[str]:
        """The terms of ``text`` in order; punctuation dropped, numbers kept."""
        return [token.term for token in self.tokens_with_offsets(text)]

    def tokens_with_offsets(self, text: str) -> list[Token]:
        """Terms with the [start, end) span of the word each comes from.

        Spans index the NFC form of ``text`` (stored text is NFC already, see normalize_text).
        """
        if not isinstance(text, str) or not text:
            return []
        if not text.isascii():
            text = _valid_unicode(text)
        source = self.prepare(text)
        tokens = []
        for start, end in self.spans(source):
            term = self._term(source[start:end])
            if term:
                tokens.append(Token(term, start, end))
        return tokens

    def prepare(self, text: str) -> str:
        """The text words are read from: the same length as ``text``, so spans carry over."""
        return text

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Word boundaries in ``text``."""
        for match in _WORD.finditer(text):
            yield match.span()

    def term(self, word: str) -> str:
        """The search term of one surface word (case-folded for "other")."""
        return word.casefold()


class SlavicAnalyzer(Analyzer):
    """Ukrainian and Russian: pymorphy3 lemmas, so any inflected form finds all others."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._morph = morph_analyzer(lang)
        # Lemmas by lower-case form: "Київ", "КИЇВ" and "київ" share one pymorphy3 parse
        # (~0.1 ms each, the largest cost of analysing Slavic text).
        self._lemma: Callable[[str], str] = lru_cache(maxsize=_WORD_CACHE_SIZE)(self.lemma)
        super().__init__()

    def term(self, word: str) -> str:
        word = word.lower().translate(_APOSTROPHES)
        if self.lang == "ru":
            word = word.replace("ё", "е")
        if word[0].isdigit() or not _is_cyrillic(word):
            return word
        return self._lemma(word)

    def lemma(self, word: str) -> str:
        """The pymorphy3 normal form of a lower-case Cyrillic word, "ё" written "е"."""
        lemma: str = self._morph.parse(word)[0].normal_form
        return lemma.replace("ё", "е")


class SnowballAnalyzer(Analyzer):
    """French and English: Snowball stems (PyStemmer); French accents stay for the stemmer."""

    def __init__(self, lang: str) -> None:
        import Stemmer

        self.lang = lang
        self._stemmer = Stemmer.Stemmer({"fr": "french", "en": "english"}[lang])
        super().__init__()

    def term(self, word: str) -> str:
        word = word.lower().translate(_APOSTROPHES)
        if self.lang == "fr":
            word = _FRENCH_ELISION.sub("", word)
        elif word.endswith("'s"):
            word = word[:-2]
        if not word or word[0].isdigit():
            return word
        stem: str = self._stemmer.stemWord(word)
        return stem


class ChineseAnalyzer(Analyzer):
    """Chinese: Traditional folded to Simplified, then jieba words; the text itself is unchanged."""

    lang = "zh"

    def __init__(self) -> None:
        from resonance.text.normalize import fold_chinese

        self._fold = fold_chinese
        self._jieba = _jieba()
        super().__init__()

    def prepare(self, text: str) -> str:
        folded = self._fold(text)
        if len(folded) != len(text):  # OpenCC t2s maps char to char; keep spans right if not
            folded = _fold_per_char(text, self._fold)
        return folded

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        for word, start, end in self._jieba.tokenize(text):
            if _WORD.search(word):
                yield start, end


class VietnameseAnalyzer(Analyzer):
    """Vietnamese: pyvi joins the syllables of one word with "_" ("Đào_tạo" → "đào_tạo")."""

    lang = "vi"

    def __init__(self) -> None:
        self._tokenizer = _pyvi()
        super().__init__()

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        cursor = 0
        for word in self._tokenizer.tokenize(text).split():
            first = True
            start = end = cursor
            for syllable in word.split("_"):
                found = text.find(syllable, cursor)
                if found < 0:
                    break
                start = found if first else start
                first = False
                end = cursor = found + len(syllable)
            if not first and _WORD.search(text, start, end):
                yield start, end

    def term(self, word: str) -> str:
        return "_".join(part.lower() for part in word.split())


def _valid_unicode(text: str) -> str:
    """NFC, with lone surrogates (not encodable, fatal to C tokenizers) replaced by "?"."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _fold_per_char(text: str, fold: Callable[[str], str]) -> str:
    return "".join(ch if len(f := fold(ch)) != 1 else f for ch in text)


def _is_cyrillic(word: str) -> bool:
    return "CYRILLIC" in unicodedata.name(word[0], "")


@cache
def analyzer(lang: str) -> Analyzer:
    """The cached analyzer for ``lang``; unknown languages get the Unicode word analyzer."""
    if lang in ("uk", "ru"):
        return SlavicAnalyzer(lang)
    if lang in ("fr", "en"):
        return SnowballAnalyzer(lang)
    if lang == "zh":
        return ChineseAnalyzer()
    if lang == "vi":
        return VietnameseAnalyzer()
    return Analyzer()


def query_term(lang: str, term: str) -> str:
    """A query word analysed like stored text; several terms (a Chinese phrase) joined by " "."""
    return " ".join(analyzer(lang).tokens(term))


@cache
def morph_analyzer(lang: str) -> Any:
    """The shared pymorphy3 analyzer for "uk" or "ru" (its dictionaries load once)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=_WORD_CACHE_SIZE)
def known_in(lang: str, word: str) -> bool:
    """Whether the pymorphy3 dictionary of ``lang`` lists ``word`` (lower-case)."""
    return bool(morph_analyzer(lang).word_is_known(word.translate(_APOSTROPHES)))


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=1)
def _pyvi() -> Any:
    from pyvi import ViTokenizer

    return ViTokenizer
