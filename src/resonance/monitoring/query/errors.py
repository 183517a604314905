"""Query errors: where the query went wrong, what was expected there, and a caret line for UIs."""

from __future__ import annotations

from resonance.errors import Invalid

# Characters of the query shown around the caret when a query is longer than one line of a UI.
_CARET_WINDOW = 72


class QuerySyntaxError(Invalid):
    """A query that cannot be parsed; ``position`` is a 0-based character offset into ``query``."""

    code = "query-syntax"
    title = "Invalid monitoring query"

    def __init__(self, message: str, *, position: int, expected: str, query: str = "") -> None:
        super().__init__(message, position=position, expected=expected)
        self.message = message
        self.position = position
        self.expected = expected
        self.query = query

    def caret(self, width: int = _CARET_WINDOW) -> str:
        """The query (or the part around the error) and a caret line under ``position``."""
        return render_caret(self.query, self.position, width=width)


def render_caret(query: str, position: int, *, width: int = _CARET_WINDOW) -> str:
    """Two lines: ``query`` cut to about ``width`` characters around ``position``, then a caret.

    Tabs and line breaks are shown as spaces so the caret stays under the right character.
    """
    flat = "".join(" " if ch.isspace() else ch for ch in query)
    position = max(0, min(position, len(flat)))
    start = max(0, min(position - width // 2, len(flat) - width))
    end = min(len(flat), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    line = prefix + flat[start:end] + suffix
    return line + "\n" + " " * (len(prefix) + position - start) + "^"


def describe(found: str) -> str:
    """How the error message names what was found ('' means the end of the query)."""
    return found or "the end of the query"


def syntax_error(
    query: str, position: int, expected: str, found: str, hint: str = ""
) -> QuerySyntaxError:
    """The standard "Expected X at position N, found Y." error, with an optional hint after it."""
    message = f"Expected {expected} at position {position}, found {describe(found)}."
    if hint:
        message += " " + hint
    return QuerySyntaxError(message, position=position, expected=expected, query=query)
