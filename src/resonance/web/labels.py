"""Translatable labels of domain values (roles, unit kinds) and of post-redirect notices."""

from __future__ import annotations

from resonance.web.i18n import N_

ROLE_LABELS: dict[str, str] = {
    "administrator": N_("Administrator"),
    "communication_lead": N_("Communication lead"),
    "analyst": N_("Analyst"),
    "focal_point": N_("Focal point"),
    "viewer": N_("Viewer"),
}

KIND_LABELS: dict[str, str] = {
    "ministry": N_("Ministry"),
    "agency": N_("Agency"),
    "department": N_("Department"),
    "province": N_("Province"),
    "district": N_("District"),
    "office": N_("Office"),
}

# Notices shown after a redirect (?notice=key); only these fixed texts, never the query itself.
NOTICES: dict[str, str] = {
    "saved": N_("Your changes were saved."),
    "created": N_("Created."),
    "deleted": N_("Deleted."),
    "moved": N_("The unit was moved."),
    "granted": N_("The role was granted."),
    "revoked": N_("The role was removed."),
    "token-revoked": N_("The token was revoked; it no longer works."),
    "password": N_("Your password was changed."),
    "signed-out": N_("You are signed out."),
    "analysis-queued": N_("The analysis is queued; refresh this page in a minute."),
}

FEEDBACK_STATUS_LABELS: dict[str, str] = {
    "new": N_("New"),
    "assigned": N_("Assigned"),
    "in_progress": N_("In progress"),
    "waiting_for_citizen": N_("Waiting for the citizen"),
    "answered": N_("Answered"),
    "closed": N_("Closed"),
    "reopened": N_("Reopened"),
}

TONE_LABELS: dict[str, str] = {
    "negative": N_("Negative"),
    "neutral": N_("Neutral"),
    "positive": N_("Positive"),
}
