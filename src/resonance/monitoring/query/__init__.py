"""Monitoring query language: parse, compile once, match analysed items, percolate at ingest."""

from resonance.monitoring.query.ast import (
    And,
    Field,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    to_text,
)
from resonance.monitoring.query.compiler import CompiledQuery, collector_paused, compile_query
from resonance.monitoring.query.document import AnalyzedDocument
from resonance.monitoring.query.errors import QuerySyntaxError, render_caret
from resonance.monitoring.query.lexer import FIELDS, LANG_VALUES, MAX_NEAR, MIN_NEAR
from resonance.monitoring.query.parser import MAX_DEPTH, MAX_QUERY_CHARS, MAX_TERMS, parse
from resonance.monitoring.query.percolator import Percolator

__all__ = [
    "FIELDS",
    "LANG_VALUES",
    "MAX_DEPTH",
    "MAX_NEAR",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "MIN_NEAR",
    "AnalyzedDocument",
    "And",
    "CompiledQuery",
    "Field",
    "Near",
    "Node",
    "Not",
    "Or",
    "Percolator",
    "Phrase",
    "Prefix",
    "QuerySyntaxError",
    "Term",
    "collector_paused",
    "compile_query",
    "parse",
    "render_caret",
    "to_text",
]
