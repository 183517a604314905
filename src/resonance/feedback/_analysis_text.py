"""Per-message analysis: language, tone (fast model) and the detailed flag."""

from __future__ import annotations

from collections.abc import Sequence

from resonance.feedback.detail import is_detailed
from resonance.feedback.models import FeedbackItem
from resonance.text.language import detect_language


def detect_languages(items: Sequence[FeedbackItem]) -> None:
    """Set each item's language (one of resonance.text's six, or "other")."""
    for item in items:
        item.language = detect_language(item.text).lang


def score_tones(items: Sequence[FeedbackItem]) -> None:
    """Set tone and tone_score (P(positive) - P(negative), in [-1, 1]) with the fast model."""
    if not items:
        return
    from resonance.text.tone import predict_tone

    results = predict_tone(
        [item.text for item in items], [item.language for item in items], path="fast"
    )
    for item, result in zip(items, results, strict=True):
        item.tone = result.label
        item.tone_score = round(result.scores["positive"] - result.scores["negative"], 4)


def mark_detailed(items: Sequence[FeedbackItem]) -> None:
    for item in items:
        item.detailed = is_detailed(item.text, item.language or "other")
