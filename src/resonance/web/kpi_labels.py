"""Translatable labels of KPI values: windows, comparators, visibility, status, metric titles."""

from __future__ import annotations

from typing import Any

from resonance.web.i18n import N_

WINDOW_LABELS = {
    "day": N_("Day"),
    "week": N_("Week (Monday to Sunday)"),
    "month": N_("Calendar month"),
    "rolling": N_("Rolling number of days"),
}
COMPARATOR_LABELS = {
    ">=": N_("at least (≥)"),
    "<=": N_("at most (≤)"),
    "between": N_("between"),
}
VISIBILITY_LABELS = {
    "unit": N_("The owner unit and the units under it"),
    "organisation": N_("The whole organisation"),
}
# Status: a colour class, an icon that does not rely on colour, and a text.
STATUS_LABELS = {
    "on_track": ("ok", "✓", N_("On track")),
    "at_risk": ("warn", "!", N_("At risk")),
    "off_track": ("bad", "✗", N_("Off track")),
    "no_data": ("none", "–", N_("No data")),
    "unavailable": ("none", "–", N_("Unavailable")),
}
METRIC_TITLES = {
    "mention_count": N_("Mentions"),
    "unique_sources": N_("Unique sources"),
    "reach": N_("Reach"),
    "negative_share": N_("Negative share"),
    "neutral_share": N_("Neutral share"),
    "positive_share": N_("Positive share"),
    "net_tone": N_("Net tone"),
    "share_of_voice": N_("Share of voice"),
}
UNIT_LABELS = {
    "mentions": N_("mentions"),
    "sources": N_("sources"),
    "people": N_("people"),
    "share": N_("share"),
    "index": N_("index"),
    "messages": N_("messages"),
    "hours": N_("hours"),
}
LABELS: dict[str, Any] = {
    "window_labels": WINDOW_LABELS,
    "comparator_labels": COMPARATOR_LABELS,
    "visibility_labels": VISIBILITY_LABELS,
    "status_labels": STATUS_LABELS,
    "metric_titles": METRIC_TITLES,
    "unit_labels": UNIT_LABELS,
}
