"""Recursive-descent parser: precedence NOT > NEAR > AND (also implicit) > OR, with limits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from resonance.monitoring.query.ast import (
    Field,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    is_positional,
    make_and,
    make_or,
)
from resonance.monitoring.query.errors import QuerySyntaxError, syntax_error
from resonance.monitoring.query.lexer import Kind, Token, tokenize

MAX_QUERY_CHARS = 4_000
MAX_DEPTH = 32
MAX_TERMS = 200

_LEAVES = (Kind.TERM, Kind.PREFIX, Kind.PHRASE, Kind.FIELD)
# Tokens that can start an operand; one of them right after an operand means an implicit AND.
_STARTS = frozenset((*_LEAVES, Kind.LPAREN, Kind.NOT))
_TERM_OR_GROUP = "a term or '('"
_NEAR_OPERAND = "a term, phrase, prefix* or an OR group of them next to NEAR"


def parse(query: str) -> Node:
    """The syntax tree of ``query``; raises QuerySyntaxError with position and expectation."""
    if not isinstance(query, str):
        raise TypeError(f"a query is a str, not {type(query).__name__}")
    if len(query) > MAX_QUERY_CHARS:
        expected = f"a query of at most {MAX_QUERY_CHARS} characters"
        raise syntax_error(query, MAX_QUERY_CHARS, expected, f"{len(query)} characters")
    return _Parser(query, tokenize(query)).parse()


def _found(token: Token) -> str:
    if token.kind is Kind.END:
        return ""
    if token.kind in (Kind.LPAREN, Kind.RPAREN):
        return repr(token.raw)
    if token.kind in (Kind.AND, Kind.OR, Kind.NOT, Kind.NEAR):
        return token.raw
    return repr(token.raw)


def _describe_node(node: Node) -> str:
    if isinstance(node, Not):
        return "a NOT"
    if isinstance(node, Field):
        return "a field filter"
    if isinstance(node, Or):
        return "an OR group with something other than terms, phrases and prefixes"
    return "an AND group"


class _Parser:
    def __init__(self, query: str, tokens: list[Token]) -> None:
        self.query = query
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.leaves = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is not Kind.END:
            self.index += 1
        return token

    def error(self, token: Token, expected: str) -> QuerySyntaxError:
        return syntax_error(self.query, token.position, expected, _found(token))

    def parse(self) -> Node:
        node = self.or_expr()
        token = self.peek()
        if token.kind is not Kind.END:
            hint = "This ')' has no matching '('."
            expected = "an operator or the end of the query"
            raise syntax_error(self.query, token.position, expected, _found(token), hint)
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while self.peek().kind is Kind.OR:
            self.advance()
            children.append(self.and_expr())
        return make_or(children)

    def and_expr(self) -> Node:
        children = [self.near_expr()]
        while True:
            kind = self.peek().kind
            if kind is Kind.AND:
                self.advance()
            elif kind not in _STARTS:
                break
            children.append(self.near_expr())
        return make_and(children)

    def near_expr(self) -> Node:
        first = self.peek()
        node = self.unary()
        while self.peek().kind is Kind.NEAR:
            distance = self.advance().distance
            self.check_near_operand(node, first)
            second = self.peek()
            right = self.unary()
            self.check_near_operand(right, second)
            node = Near(node, right, distance)
        return node

    def check_near_operand(self, node: Node, start: Token) -> None:
        if not is_positional(node):
            message = (
                f"Expected {_NEAR_OPERAND} at position {start.position}, "
                f"found {_describe_node(node)}."
            )
            raise QuerySyntaxError(
                message, position=start.position, expected=_NEAR_OPERAND, query=self.query
            )

    def unary(self) -> Node:
        token = self.peek()
        if token.kind is not Kind.NOT:
            return self.primary()
        self.advance()
        with self.nested(token):
            return Not(self.unary())

    def primary(self) -> Node:
        token = self.advance()
        if token.kind in _LEAVES:
            return self.leaf(token)
        if token.kind is Kind.LPAREN:
            return self.group(token)
        raise self.error(token, _TERM_OR_GROUP)

    def group(self, opening: Token) -> Node:
        with self.nested(opening):
            node = self.or_expr()
        closing = self.peek()
        if closing.kind is not Kind.RPAREN:
            hint = f"The '(' at position {opening.position} is not closed."
            raise syntax_error(self.query, closing.position, "an operator or ')'", "", hint)
        self.advance()
        return node

    def leaf(self, token: Token) -> Node:
        self.leaves += 1
        if self.leaves > MAX_TERMS:
            raise self.error(token, f"at most {MAX_TERMS} terms, phrases and filters")
        if token.kind is Kind.TERM:
            return Term(token.value)
        if token.kind is Kind.PREFIX:
            return Prefix(token.value)
        if token.kind is Kind.PHRASE:
            return Phrase(token.value)
        return Field(token.value, token.values)

    @contextmanager
    def nested(self, token: Token) -> Iterator[None]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(token, f"at most {MAX_DEPTH} levels of parentheses and NOT")
        try:
            yield
        finally:
            self.depth -= 1
