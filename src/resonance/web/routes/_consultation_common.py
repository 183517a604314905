"""Labels and small helpers shared by the staff and public consultation pages."""

from __future__ import annotations

from resonance.web.i18n import N_
from resonance.web.labels import TONE_LABELS

STAGE_LABELS: dict[str, str] = {
    "draft_consultation": N_("Consultation on the draft"),
    "approval": N_("Approval"),
    "promulgation": N_("Promulgation"),
    "implementation": N_("Implementation"),
}
DISPOSITION_LABELS: dict[str, str] = {
    "accepted": N_("Accepted"),
    "partly": N_("Partly accepted"),
    "rejected": N_("Not accepted"),
    "out_of_scope": N_("Out of scope"),
}
CHANGE_LABELS: dict[str, str] = {
    "added": N_("Added"),
    "removed": N_("Removed"),
    "changed": N_("Text changed"),
    "moved": N_("Moved or renumbered"),
}
# The heatmap also counts comments whose tone is not analysed yet.
SECTION_TONE_LABELS: dict[str, str] = {**TONE_LABELS, "not_analysed": N_("Not analysed")}
ANCHOR_LABELS: dict[str, str] = {
    "citizen": N_("Chosen by the citizen"),
    "suggested": N_("Suggested"),
    "confirmed": N_("Confirmed by an analyst"),
    "rejected": N_("Suggestion rejected"),
}

LABELS = {
    "stage_labels": STAGE_LABELS,
    "disposition_labels": DISPOSITION_LABELS,
    "change_labels": CHANGE_LABELS,
    "tone_labels": SECTION_TONE_LABELS,
    "anchor_labels": ANCHOR_LABELS,
}
