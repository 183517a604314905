"""Query text to tokens: words, prefixes, phrases, field filters, operators and parentheses."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from resonance.monitoring.query.ast import QUOTES
from resonance.monitoring.query.errors import QuerySyntaxError, syntax_error

FIELDS: tuple[str, ...] = ("lang", "source", "country", "region", "author")
LANG_VALUES: tuple[str, ...] = ("uk", "ru", "zh", "vi", "fr", "en", "other")
MIN_NEAR, MAX_NEAR = 1, 100
MIN_PREFIX_CHARS = 2  # one Han character is enough: it is a word on its own
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_WORDISH = re.compile(r"[^\W_]")
_FIELD_START = re.compile(r"([A-Za-z]+):(?!//)")
_NEAR = re.compile(r"NEAR(?:/([0-9]*))?")
_WORD_STOP = frozenset("()") | frozenset(QUOTES)
_VALUE_STOP = _WORD_STOP | frozenset(",")


class Kind(enum.Enum):
    """What a token is."""

    TERM = "term"
    PREFIX = "prefix"
    PHRASE = "phrase"
    FIELD = "field"
    AND = "AND"
    OR = "OR"
    NOT = "NOT"
    NEAR = "NEAR"
    LPAREN = "("
    RPAREN = ")"
    END = "end"


@dataclass(frozen=True, slots=True)
class Token:
    """One token; ``raw`` is its text in the query, ``value`` the term, phrase or field name."""

    kind: Kind
    position: int
    raw: str
    value: str = ""
    values: tuple[str, ...] = ()
    distance: int = 0


_OPERATORS = {"AND": Kind.AND, "OR": Kind.OR, "NOT": Kind.NOT}


def tokenize(query: str) -> list[Token]:
    """All tokens of ``query``, ending with an END token; raises QuerySyntaxError."""
    return _Lexer(query).run()


class _Lexer:
    def __init__(self, query: str) -> None:
        self.query = query
        self.i = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        query = self.query
        while True:
            while self.i < len(query) and query[self.i].isspace():
                self.i += 1
            if self.i >= len(query):
                break
            self.tokens.append(self.next_token())
        self.tokens.append(Token(Kind.END, len(query), ""))
        return self.tokens

    def next_token(self) -> Token:
        start, ch = self.i, self.query[self.i]
        if ch in "()":
            self.i += 1
            return Token(Kind.LPAREN if ch == "(" else Kind.RPAREN, start, ch)
        if ch in QUOTES:
            text = self.quoted()
            raw = self.query[start : self.i]
            return Token(Kind.PHRASE, start, raw, value=_phrase(text, start, self))
        if ch == "-":
            return self.minus()
        field = _FIELD_START.match(self.query, self.i)
        if field:
            return self.field(field.group(1), field.end())
        return _word(self.read_run(_WORD_STOP), start, self)

    def minus(self) -> Token:
        start = self.i
        self.i += 1
        if self.i >= len(self.query) or self.query[self.i].isspace() or self.query[self.i] == ")":
            raise self.error(start, "a term, phrase or '(' right after '-'", self.found_at(self.i))
        return Token(Kind.NOT, start, "-")

    def read_run(self, stop: frozenset[str]) -> str:
        start, query = self.i, self.query
        while self.i < len(query) and not query[self.i].isspace() and query[self.i] not in stop:
            self.i += 1
        return query[start : self.i]

    def quoted(self) -> str:
        """The text between the quote at ``self.i`` and its closing quote."""
        start = self.i
        closing = QUOTES[self.query[start]]
        end = self.query.find(closing, start + 1)
        if end < 0:
            self.i = len(self.query)
            hint = f"The quote at position {start} is not closed."
            raise syntax_error(self.query, self.i, f"a closing {closing!r}", "", hint)
        self.i = end + 1
        return self.query[start + 1 : end]

    def field(self, name: str, value_start: int) -> Token:
        start = self.i
        if name.lower() not in FIELDS:
            raise self.error(start, "a known field (" + ", ".join(FIELDS) + ")", f"'{name}:'")
        self.i = value_start
        values = [self.field_value(name)]
        while self.i < len(self.query) and self.query[self.i] == ",":
            self.i += 1
            values.append(self.field_value(name))
        raw = self.query[start : self.i]
        return Token(Kind.FIELD, start, raw, value=name.lower(), values=tuple(values))

    def field_value(self, name: str) -> str:
        start = self.i
        if self.i < len(self.query) and self.query[self.i] in QUOTES:
            value = self.quoted()
        else:
            value = self.read_run(_VALUE_STOP)
        _check_value(name.lower(), value, start, self)
        return value

    def found_at(self, position: int) -> str:
        if position >= len(self.query):
            return ""
        return "a space" if self.query[position].isspace() else repr(self.query[position])

    def error(self, position: int, expected: str, found: str) -> QuerySyntaxError:
        return syntax_error(self.query, position, expected, found)


def _check_value(name: str, value: str, position: int, lexer: _Lexer) -> None:
    found = repr(value) if value else lexer.found_at(position)
    if not value.strip():
        raise lexer.error(position, f"a value after '{name}:'", found)
    if "*" in value[:-1] or value.strip() == "*":
        raise lexer.error(position, "'*' only at the end of a value", found)
    if name == "lang" and value.lower() not in LANG_VALUES:
        raise lexer.error(position, "a language code (" + ", ".join(LANG_VALUES) + ")", found)


def _phrase(text: str, start: int, lexer: _Lexer) -> str:
    if not _WORDISH.search(text):
        found = "an empty phrase" if not text.strip() else f"a phrase without words {text!r}"
        raise lexer.error(start, "a phrase with at least one word", found)
    return text


def _word(word: str, start: int, lexer: _Lexer) -> Token:
    if word in _OPERATORS:
        return Token(_OPERATORS[word], start, word)
    if word.startswith("NEAR") and (near := _NEAR.fullmatch(word)):
        return _near(word, near.group(1), start, lexer)
    if "*" in word:
        return _prefix(word, start, lexer)
    if not _WORDISH.search(word):
        raise lexer.error(start, "a term with letters or digits", repr(word))
    return Token(Kind.TERM, start, word, value=word)


def _near(word: str, digits: str | None, start: int, lexer: _Lexer) -> Token:
    if not digits:
        raise lexer.error(start, "a distance after NEAR, like NEAR/5", repr(word))
    distance = int(digits)
    if not MIN_NEAR <= distance <= MAX_NEAR:
        expected = f"a NEAR distance from {MIN_NEAR} to {MAX_NEAR}"
        raise lexer.error(start + 5, expected, digits)
    return Token(Kind.NEAR, start, word, distance=distance)


def _prefix(word: str, start: int, lexer: _Lexer) -> Token:
    stem = word[:-1]
    if not word.endswith("*") or "*" in stem:
        raise lexer.error(start + word.index("*"), "'*' only at the end of a term", repr(word))
    if not _WORDISH.search(stem):
        raise lexer.error(start, "letters or digits before '*'", repr(word))
    if len(stem) < MIN_PREFIX_CHARS and not _HAN.search(stem):
        expected = f"at least {MIN_PREFIX_CHARS} characters before '*'"
        raise lexer.error(start, expected, repr(word))
    return Token(Kind.PREFIX, start, word, value=stem)
