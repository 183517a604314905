"""Language identification for uk, ru, zh (Hans/Hant), vi, fr and en; everything else is "other"."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LANGUAGES: tuple[str, ...] = ("uk", "ru", "zh", "vi", "fr", "en")
OTHER = "other"

# Languages the n-gram model may also answer; a confident win by one of them means "other".
# They are the neighbours that short uk/ru/fr/en/vi posts are confused with most.
_CYRILLIC_OTHERS = ("be", "bg", "mk", "sr", "kk", "mn")
_LATIN_OTHERS = ("de", "es", "it", "pt", "nl", "pl", "cs", "tr", "id", "ro", "sv")
_OTHER_MIN_PROB = 0.95
_OTHER_MIN_LETTERS = 40

_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|ru|ua|cn|vn|fr)/\S*|\bhttps?\b"
)
_MENTION = re.compile(r"(?<!\w)@\w+")
_HASH_MARK = re.compile(r"#(?=\w)")
_HASHTAG = re.compile(r"#\w+")
_MIN_LETTERS_WITHOUT_TAGS = 8

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_UK_MARKS = re.compile(r"[іїєґІЇЄҐ]|(?<=[бпвмфрБПВМФР])['ʼ’](?=[яюєїЯЮЄЇ])")
_RU_MARKS = re.compile(r"[ыэъёЫЭЪЁ]")
_VI_MARKS = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")

# One Han character carries about as much as a short word; weigh it so that
# "我用iPhone拍的" counts as Chinese rather than as Latin text.
_HAN_WEIGHT = 3


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The detected language, a confidence in [0, 1] and, for Chinese, the script."""

    lang: str
    confidence: float
    script: str | None = None


UNKNOWN = LanguageGuess(OTHER, 0.0)


def strip_noise(text: str) -> str:
    """Remove URLs, @mentions and hashtags, which often carry no language or another one.

    Hashtags are dropped whole when the rest of the text has enough letters to decide on
    (``#HappyBoyfriendDay`` in a Russian tweet); otherwise only the ``#`` goes.
    """
    if "&" in text:
        text = html.unescape(text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    if "#" not in text:
        return text
    without_tags = _HASHTAG.sub(" ", text)
    if sum(1 for ch in without_tags if ch.isalpha()) >= _MIN_LETTERS_WITHOUT_TAGS:
        return without_tags
    return _HASH_MARK.sub("", text)


def detect_language(text: str, *, hint: str | None = None) -> LanguageGuess:
    """Guess the language of one text; never raises, "other" with confidence 0 if unknowable.

    ``hint`` (a language the source usually publishes in) breaks near-ties only.
    """
    if not isinstance(text, str) or not text:
        return UNKNOWN
    cleaned = strip_noise(text[:_MAX_CHARS])
    counts = _ScriptCounts.of(cleaned)
    if counts.letters == 0:
        return UNKNOWN
    guess = _by_script(cleaned, counts)
    if hint in LANGUAGES and hint != guess.lang and guess.confidence < _HINT_OVERRIDE:
        return _apply_hint(cleaned, counts, guess, hint)
    return guess


def detect_languages(texts: Iterable[str]) -> list[LanguageGuess]:
    """Batch form of :func:`detect_language` (the model is loaded once, then reused)."""
    return [detect_language(text) for text in texts]


# Longer texts add nothing to the decision and only cost time.
_MAX_CHARS = 2_000
_HINT_OVERRIDE = 0.6
_HINT_MIN_PROB = 0.3
_LATIN_LANGUAGES = ("vi", "fr", "en")
# Vietnamese marks one syllable in two or more; a French or English text quoting a
# Vietnamese name stays well below this share.
_VI_MARK_SHARE = 0.15


@dataclass(frozen=True, slots=True)
class _ScriptCounts:
    letters: int
    han: int
    kana: int
    hangul: int
    cyrillic: int
    latin: int

    @classmethod
    def of(cls, text: str) -> _ScriptCounts:
        letters = len(_LETTER.findall(text))
        return cls(
            letters=letters,
            han=len(_HAN.findall(text)),
            kana=len(_KANA.findall(text)),
            hangul=len(_HANGUL.findall(text)),
            cyrillic=len(_CYRILLIC.findall(text)),
            latin=len(_LATIN.findall(text)),
        )

    def dominant(self) -> tuple[str, float]:
        """The main script and its weighted share of the letters."""
        rest = self.letters - self.han - self.kana - self.hangul - self.cyrillic - self.latin
        weights = {
            "han": self.han * _HAN_WEIGHT,
            "kana": self.kana * _HAN_WEIGHT,
            "hangul": self.hangul * _HAN_WEIGHT,
            "cyrillic": self.cyrillic,
            "latin": self.latin,
            "rest": max(rest, 0),
        }
        name = max(weights, key=lambda key: weights[key])
        return name, weights[name] / max(sum(weights.values()), 1)


def _by_script(text: str, counts: _ScriptCounts) -> LanguageGuess:
    script, share = counts.dominant()
    if script == "han":
        if counts.kana * 5 > counts.han:
            return LanguageGuess(OTHER, round(share, 3))
        return LanguageGuess("zh", round(share, 3), chinese_script(text))
    if script == "cyrillic":
        return _scale(_cyrillic(text), share)
    if script == "latin":
        return _scale(_latin(text, counts.latin), share)
    return LanguageGuess(OTHER, round(share, 3))


def _scale(guess: LanguageGuess, share: float) -> LanguageGuess:
    return LanguageGuess(guess.lang, round(guess.confidence * share, 3), guess.script)


def _cyrillic(text: str) -> LanguageGuess:
    ranks = _rank(text)
    other = _confident_other(text, ranks, (*_CYRILLIC_OTHERS, "uk", "ru"))
    if other is not None:
        return other
    probs = _renormalise(ranks, ("uk", "ru"))
    uk_votes = len(_UK_MARKS.findall(text))
    ru_votes = len(_RU_MARKS.findall(text))
    if bool(uk_votes) != bool(ru_votes):
        lang = "uk" if uk_votes else "ru"
        return LanguageGuess(lang, _mark_confidence(probs[lang], uk_votes + ru_votes))
    word_uk, word_ru = _cyrillic_word_votes(text)
    uk_votes += word_uk
    ru_votes += word_ru
    if uk_votes != ru_votes:
        lang = "uk" if uk_votes > ru_votes else "ru"
        return LanguageGuess(lang, _mark_confidence(probs[lang], abs(uk_votes - ru_votes)))
    return _best(_absent_marks_prior(text, probs))


def _cyrillic_word_votes(text: str) -> tuple[int, int]:
    """Votes from words only one of the languages has: function words and dictionary entries."""
    from resonance.text.analyzer import known_in

    uk = ru = 0
    for word in _WORD.findall(text.lower()):
        if word in _UK_WORDS:
            uk += 2
        elif word in _RU_WORDS:
            ru += 2
        elif _CYRILLIC.match(word):
            in_uk, in_ru = known_in("uk", word), known_in("ru", word)
            uk += in_uk and not in_ru
            ru += in_ru and not in_uk
    return uk, ru


# Frequent words written without і/ї/є or ы/э/ъ/ё that exist in one language only.
_UK_WORDS = frozenset(
    str.split(
        "що це як але дуже мене вона вони чому зараз трохи хоч або коли тому щоб вже ще йому "
        "якщо треба буде може цей ця яка який яке де з ми ви ти був була було бо лише тепер "
        "завжди нема хто дякую зовсім чого тобто отже навіть будь наче ось геть"
    )
)
_RU_WORDS = frozenset(
    str.split(
        "что как очень меня она они почему сейчас немного хотя или когда потому чтобы уже еще "
        "если надо будет может где с и да нет только тоже мне мой моя вообще сегодня хорошо "
        "спасибо пожалуйста блин ща че кто ничего он нам вам себя даже вот был была было"
    )
)


def _absent_marks_prior(text: str, probs: dict[str, float]) -> dict[str, float]:
    """Weigh the model by how unlikely it is that a text shows none of its language's letters.

    About 8 % of Ukrainian letters are і/ї/є, about 2.5 % of Russian ones are ы/э/ъ/ё, so a
    Cyrillic text without either is more likely Russian, more so the longer it is.
    """
    n = len(_CYRILLIC.findall(text))
    log_uk = math.log(max(probs["uk"], 1e-9)) + n * math.log(0.92)
    log_ru = math.log(max(probs["ru"], 1e-9)) + n * math.log(0.975)
    top = max(log_uk, log_ru)
    p_uk = math.exp(log_uk - top)
    p_ru = math.exp(log_ru - top)
    return {"uk": p_uk / (p_uk + p_ru), "ru": p_ru / (p_uk + p_ru)}


def _latin(text: str, latin_letters: int) -> LanguageGuess:
    ranks = _rank(text)
    probs = _renormalise(ranks, _LATIN_LANGUAGES)
    vi_marks = len(_VI_MARKS.findall(text))
    words = max(len(_WORD.findall(text)), 1)
    if vi_marks and vi_marks / words >= _VI_MARK_SHARE:
        return LanguageGuess("vi", _mark_confidence(probs["vi"], vi_marks))
    if latin_letters >= _OTHER_MIN_LETTERS:
        other = _confident_other(text, ranks, _LATIN_OTHERS + _LATIN_LANGUAGES)
        if other is not None:
            return other
    return _best(probs)


def _mark_confidence(model_prob: float, marks: int) -> float:
    floor = 0.95 if marks >= 2 else 0.85
    return max(model_prob, floor)


def _best(probs: dict[str, float]) -> LanguageGuess:
    lang = max(probs, key=lambda key: probs[key])
    return LanguageGuess(lang, probs[lang])


def _confident_other(
    text: str, ranks: dict[str, float], candidates: tuple[str, ...]
) -> LanguageGuess | None:
    if len(text) < _OTHER_MIN_LETTERS:
        return None
    probs = _renormalise(ranks, candidates)
    lang = max(probs, key=lambda key: probs[key])
    if lang not in LANGUAGES and probs[lang] >= _OTHER_MIN_PROB:
        return LanguageGuess(OTHER, probs[lang])
    return None


def _apply_hint(text: str, counts: _ScriptCounts, guess: LanguageGuess, hint: str) -> LanguageGuess:
    script, _ = counts.dominant()
    compatible = {"cyrillic": ("uk", "ru"), "latin": _LATIN_LANGUAGES}.get(script, ())
    if hint not in compatible:
        return guess
    probs = _renormalise(_rank(text), compatible)
    if probs[hint] >= _HINT_MIN_PROB:
        return LanguageGuess(hint, round(probs[hint], 3))
    return guess


def _rank(text: str) -> dict[str, float]:
    """py3langid's naive-Bayes probabilities over the restricted language set."""
    return dict(_identifier().rank(text))


def _renormalise(ranks: dict[str, float], candidates: Sequence[str]) -> dict[str, float]:
    picked = [ranks.get(lang, 0.0) for lang in candidates]
    total = sum(picked)
    if total <= 0.0:
        return {lang: 1.0 / len(candidates) for lang in candidates}
    return {lang: value / total for lang, value in zip(candidates, picked, strict=True)}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES + _CYRILLIC_OTHERS + _LATIN_OTHERS)
    return identifier


def load_model() -> None:
    """Load the language model now rather than on first use (for start-up and benchmarks)."""
    _identifier()
    _converters()


@lru_cache(maxsize=1)
def _converters() -> tuple[Any, Any]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


def chinese_script(text: str) -> str:
    """ "Hant" or "Hans" for a Chinese text; ambiguous text (common to both) counts as "Hans".

    A character is Traditional-only when OpenCC's t2s changes it and Simplified-only when s2t
    changes it; the script with more such characters wins.
    """
    han = "".join(_HAN.findall(text))
    if not han:
        return "Hans"
    t2s, s2t = _converters()
    simplified = t2s.convert(han)
    traditional = s2t.convert(han)
    trad_only = sum(1 for a, b in zip(han, simplified, strict=False) if a != b)
    simp_only = sum(1 for a, b in zip(han, traditional, strict=False) if a != b)
    return "Hant" if trad_only > simp_only else "Hans"
