"""What every channel shares: the message built from an alert and the transport error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from resonance.alerts.models import Alert, AlertKind

KIND_TITLES = {
    AlertKind.VOLUME_SPIKE: "Spike in mentions",
    AlertKind.VOLUME_DROP: "Drop in mentions",
    AlertKind.NEGATIVE_SHARE: "Rise in the negative share",
    AlertKind.SOURCE_SILENT: "Source went silent",
    AlertKind.KPI_STATUS: "KPI status changed",
    AlertKind.FEEDBACK_DEADLINE: "Feedback response deadline",
}


class TransportError(Exception):
    """A delivery failed; `permanent` says that retrying cannot help (bad address, no config)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Message:
    """One alert rendered for delivery: a subject, plain text and a JSON document."""

    subject: str
    text: str
    payload: dict[str, Any]
    delivery_id: str


def _summary(alert: Alert) -> str:
    e = alert.explanation
    rule = e.get("rule")
    if rule == "volume":
        return (
            f"Observed {e['observed']} mentions, expected {e['expected']:g} "
            f"(interval {e['low']:g}–{e['high']:g})."
        )
    if rule == "negative_share":
        return (
            f"Negative share {e['observed_share']:.0%} of {e['n']} mentions "
            f"(95% CI {e['low']:.0%}–{e['high']:.0%}), baseline {e['baseline_share']:.0%}."
        )
    if rule == "kpi_status":
        return f"KPI {e.get('kpi_id')}: {e.get('old') or '—'} → {e.get('new')}. {e.get('text', '')}"
    if rule == "feedback_deadline":
        when = "overdue since" if e.get("overdue") else "due at"
        return f"Feedback {e.get('reference')} ({e.get('stage')}): {when} {e.get('due_at', '?')}."
    if rule == "source_silent":
        return f"Source {e.get('source_name', '')} delivered nothing since {e.get('since', '?')}."
    return ""


def _drivers(alert: Alert) -> list[str]:
    lines = []
    for dimension, rows in (alert.explanation.get("drivers") or {}).items():
        if rows:
            items = ", ".join(f"{r['label']} ({r['difference']:+g})" for r in rows)
            lines.append(f"{dimension}: {items}")
    return lines


def compose(
    alert: Alert, *, project_name: str | None, base_url: str, notification_id: int
) -> Message:
    """The message every channel sends (English: these leave the UI's translations behind)."""
    title = KIND_TITLES[alert.kind]
    where = project_name or "—"
    url = f"{base_url.rstrip('/')}/alerts/{alert.id}"
    subject = f"[Resonance] {title}: {where}"
    if alert.subject:
        subject += f" ({alert.subject})"
    lines = [subject, "", _summary(alert), *_drivers(alert)]
    lines += ["", f"Occurrences: {alert.occurrences}; severity: {alert.severity.value}.", url]
    payload = {
        "id": alert.id,
        "kind": alert.kind.value,
        "severity": alert.severity.value,
        "status": alert.status.value,
        "project_id": alert.project_id,
        "project": project_name,
        "subject": alert.subject,
        "first_seen_at": alert.first_seen_at.isoformat(),
        "last_seen_at": alert.last_seen_at.isoformat(),
        "occurrences": alert.occurrences,
        "explanation": alert.explanation,
        "url": url,
    }
    return Message(subject, "\n".join(lines), payload, f"alert-notification-{notification_id}")
