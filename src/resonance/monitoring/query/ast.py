"""The query syntax tree and its canonical text form (which parses back to the same tree)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Quote pairs a phrase or a field value may use; the printer picks the first whose closing
# mark the text does not contain.
QUOTES: dict[str, str] = {'"': '"', "«": "»", "“": "”"}
_BARE_VALUE = re.compile(r'[^\s(),"«“]+')


@dataclass(frozen=True, slots=True)
class Term:
    """One word as typed; matched by its lemma or stem in the document's language."""

    text: str


@dataclass(frozen=True, slots=True)
class Prefix:
    """``text*``: any word (surface form or lemma) that starts with ``text``."""

    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """``"text"``: the words of ``text`` next to each other, in order."""

    text: str


@dataclass(frozen=True, slots=True)
class Field:
    """``name:v1,v2``: a document attribute equal to one of the values (``v*`` is a prefix)."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """``NOT child`` or ``-child``."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """All children (two or more; nested ANDs are flattened)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any child (two or more; nested ORs are flattened)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Near:
    """``left NEAR/distance right``: both present, at most ``distance`` words apart, any order."""

    left: Node
    right: Node
    distance: int


Node = Term | Prefix | Phrase | Field | Not | And | Or | Near
Leaf = Term | Prefix | Phrase | Field
LEAF_TYPES = (Term, Prefix, Phrase, Field)


def make_and(children: list[Node]) -> Node:
    """One node for ``children`` joined by AND, flattening nested ANDs."""
    flat = [g for c in children for g in (c.children if isinstance(c, And) else (c,))]
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def make_or(children: list[Node]) -> Node:
    """One node for ``children`` joined by OR, flattening nested ORs."""
    flat = [g for c in children for g in (c.children if isinstance(c, Or) else (c,))]
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def is_positional(node: Node) -> bool:
    """Whether ``node`` has word positions, so that NEAR can measure distances to it."""
    if isinstance(node, Term | Prefix | Phrase | Near):
        return True
    return isinstance(node, Or) and all(is_positional(child) for child in node.children)


def walk(node: Node) -> Iterator[Node]:
    """``node`` and all nodes below it, parents first."""
    yield node
    if isinstance(node, Not):
        yield from walk(node.child)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from walk(child)
    elif isinstance(node, Near):
        yield from walk(node.left)
        yield from walk(node.right)


def quote(text: str) -> str:
    """``text`` in the first pair of quotes whose closing mark it does not contain."""
    for opening, closing in QUOTES.items():
        if closing not in text:
            return opening + text + closing
    raise ValueError(f"text contains every closing quote: {text!r}")  # the lexer prevents it


def _value(value: str) -> str:
    return value if _BARE_VALUE.fullmatch(value) else quote(value)


def _grouped(node: Node, needs_parens: bool) -> str:
    text = to_text(node)
    return f"({text})" if needs_parens else text


def _not_text(node: Not) -> str:
    return "NOT " + _grouped(node.child, not isinstance(node.child, (*LEAF_TYPES, Not)))


def _and_text(node: And) -> str:
    return " AND ".join(_grouped(c, isinstance(c, Or)) for c in node.children)


def _near_text(node: Near) -> str:
    left = _grouped(node.left, isinstance(node.left, Or))
    right = _grouped(node.right, isinstance(node.right, Or | Near))
    return f"{left} NEAR/{node.distance} {right}"


def to_text(node: Node) -> str:
    """The canonical query text of ``node``: explicit operators, parentheses only where needed."""
    if isinstance(node, Term):
        return node.text
    if isinstance(node, Prefix):
        return node.text + "*"
    if isinstance(node, Phrase):
        return quote(node.text)
    if isinstance(node, Field):
        return node.name + ":" + ",".join(_value(v) for v in node.values)
    if isinstance(node, Not):
        return _not_text(node)
    if isinstance(node, And):
        return _and_text(node)
    if isinstance(node, Or):
        return " OR ".join(to_text(c) for c in node.children)
    return _near_text(node)
