"""Demo alerts: run the real detector at the busiest hours of the demo history.

Detection normally runs every hour on new data; the demo corpus arrives all at once, so the
loader replays detection at the few hours where the corpus has its spikes (and now), which is
what the hourly job would have found had it been running. It runs once: a database that has
alerts already is left as it is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.alerts.runs import run_detection
from resonance.monitoring.models import MentionRollup, Project
from resonance.storage.base import utcnow

SPIKE_HOURS_PER_PROJECT = 3
BASELINE_DAYS = 56  # the detector's default of 8 weeks of same-hour-of-week history


def _busiest_hours(session: Session, project_id: int, *, since: datetime) -> list[datetime]:
    stmt = (
        select(MentionRollup.hour)
        .where(MentionRollup.project_id == project_id, MentionRollup.hour >= since)
        .group_by(MentionRollup.hour)
        .order_by(func.sum(MentionRollup.mentions).desc())
        .limit(SPIKE_HOURS_PER_PROJECT)
    )
    return list(session.scalars(stmt))


def load_demo_alerts(session: Session, *, now: datetime | None = None) -> int:
    """Replay detection over the demo's spike hours; returns how many alerts there are."""
    from resonance.alerts.models import Alert

    now = now or utcnow()
    if session.scalar(select(func.count()).select_from(Alert)):
        return int(session.scalar(select(func.count()).select_from(Alert)) or 0)
    earliest = session.scalar(select(func.min(MentionRollup.hour)))
    if earliest is None:
        return 0
    since = max(earliest + timedelta(days=BASELINE_DAYS), now - timedelta(days=60))
    for project in session.scalars(select(Project).order_by(Project.id)):
        for hour in _busiest_hours(session, project.id, since=since):
            run_detection(session, now=hour + timedelta(hours=1), project_ids=[project.id])
    return int(session.scalar(select(func.count()).select_from(Alert)) or 0)
