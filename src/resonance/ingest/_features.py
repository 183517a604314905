"""Text features of a batch: language and script, tone (fast path), reprint cluster keys."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.ingest.models import Item
from resonance.text.language import LanguageGuess, detect_language
from resonance.text.neardup import ReprintIndex

log = logging.getLogger(__name__)

# How much recent history a worker's reprint index holds: reprints arrive within days.
REPRINT_WINDOW = timedelta(days=3)
REPRINT_MAX_ITEMS = 200_000
# Language and near-duplicates look at the start of a text; a long article is decided by then.
FEATURE_CHARS = 5_000
LANG_CHARS = 8


@dataclass(frozen=True)
class Tone:
    """A tone label with its scores and the model version."""

    label: str
    scores: dict[str, float]
    model: str


ToneFn = Callable[[Sequence[str], Sequence[str]], list[Tone | None]]


def detect(text: str, title: str | None, hint: str | None) -> LanguageGuess:
    """Language of the item's title and text together, truncated to the column width."""
    sample = f"{title}\n{text}" if title else text
    guess = detect_language(sample[:FEATURE_CHARS], hint=hint)
    return LanguageGuess(guess.lang[:LANG_CHARS] or "other", guess.confidence, guess.script)


def _load_predict_tone() -> Callable[..., Any] | None:
    try:
        from resonance.text.tone import predict_tone
    except ImportError:  # the tone package is optional in stripped-down installs
        return None
    fn: Callable[..., Any] = predict_tone
    return fn


def default_tone() -> ToneFn:
    """The text package's fast tone path; an absent or broken model leaves tone empty."""
    predict = _load_predict_tone()
    failed = False

    def run(texts: Sequence[str], langs: Sequence[str]) -> list[Tone | None]:
        nonlocal failed
        if predict is None or failed or not texts:
            return [None] * len(texts)
        try:
            results = predict([t[:FEATURE_CHARS] for t in texts], list(langs), path="fast")
        except Exception as exc:  # the model missing must not stop ingestion; tone stays empty
            log.warning("Tone prediction is unavailable, items are stored without tone: %r", exc)
            failed = True
            return [None] * len(texts)
        return [Tone(r.label, dict(r.scores), str(r.model)[:64]) for r in results]

    return run


class Reprints:
    """A worker's ReprintIndex over recent items, warmed from the database on first use."""

    def __init__(self, *, window: timedelta = REPRINT_WINDOW, max_items: int = REPRINT_MAX_ITEMS):
        self.window = window
        self.max_items = max_items
        self._index: ReprintIndex | None = None
        self._size = 0

    def cluster_keys(
        self, session: Session, rows: Sequence[tuple[int, str, str]], *, now: datetime
    ) -> list[str]:
        """Add (item id, text, lang) rows; returns each one's cluster key (earliest item id)."""
        index = self._index
        if index is None or self._size + len(rows) > self.max_items:
            index = self._warm(session, now=now, exclude={r[0] for r in rows})
        keys = []
        for item_id, text, lang in rows:
            keys.append(str(index.add(item_id, text[:FEATURE_CHARS], lang)))
            self._size += 1
        return keys

    def reset(self) -> None:
        self._index = None
        self._size = 0

    def _warm(self, session: Session, *, now: datetime, exclude: set[int]) -> ReprintIndex:
        index = ReprintIndex()
        recent = session.execute(
            select(Item.id, Item.title, Item.text, Item.lang)
            .where(Item.created_at >= now - self.window, Item.duplicate_of_id.is_(None))
            .order_by(Item.id.desc())
            .limit(self.max_items // 2)
        ).all()
        for item_id, title, text, lang in reversed(recent):
            if item_id not in exclude:
                index.add(item_id, _feature_text(title, text), lang)
        self._index = index
        self._size = len(recent)
        return index


def _feature_text(title: str | None, text: str) -> str:
    return (f"{title}\n{text}" if title else text)[:FEATURE_CHARS]
