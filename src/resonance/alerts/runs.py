"""One detection run: every project's windows, silent sources, and stale groups closed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.alerts.baseline import DetectionConfig, Occurrence
from resonance.alerts.evaluation import detect_project
from resonance.alerts.models import AlertKind, Severity
from resonance.alerts.services import Throttle, close_stale_alerts, raise_alert
from resonance.monitoring.models import MentionRollup, Project
from resonance.sources.health import HISTORY_DAYS, source_health
from resonance.sources.models import Source


@dataclass
class RunReport:
    """What a run found: occurrences, new alerts, notifications to deliver, groups closed."""

    occurrences: int = 0
    created: int = 0
    closed: int = 0
    notifications: list[int] = field(default_factory=list)


def _raise(
    session: Session, occurrence: Occurrence, throttle: Throttle, now: datetime, report: RunReport
) -> None:
    outcome = raise_alert(session, occurrence, throttle=throttle, now=now)
    report.occurrences += 1
    report.created += outcome.created
    report.notifications += outcome.notifications


def silent_source_occurrences(session: Session, *, now: datetime) -> list[Occurrence]:
    """A silent source alerts each project it fed lately (or its own unit if it fed none)."""
    found: list[Occurrence] = []
    for source in session.scalars(
        select(Source).where(Source.enabled.is_(True)).order_by(Source.id)
    ):
        health = source_health(session, source.id, now)
        if not health.silent:
            continue
        since = health.last_delivery_at.isoformat() if health.last_delivery_at else None
        explanation = {
            "rule": "source_silent",
            "source_id": source.id,
            "source_name": source.name,
            "since": since,
            "baseline_per_day": health.baseline_per_day,
            "silence_after_hours": health.silence_after / timedelta(hours=1),
            "status": health.status,
        }
        rows = session.execute(
            select(Project.id, Project.owner_unit_id)
            .join(MentionRollup, MentionRollup.project_id == Project.id)
            .where(
                MentionRollup.source_id == source.id,
                MentionRollup.hour >= now - timedelta(days=HISTORY_DAYS),
            )
            .distinct()
            .order_by(Project.id)
        ).all()
        targets: list[tuple[int, int | None]] = [(unit, project) for project, unit in rows]
        for unit_id, project_id in targets or [(source.owner_unit_id, None)]:
            found.append(
                Occurrence(
                    kind=AlertKind.SOURCE_SILENT,
                    severity=Severity.WARNING,
                    unit_id=unit_id,
                    project_id=project_id,
                    subject=f"source:{source.id}",
                    at=now.replace(minute=0, second=0, microsecond=0),
                    explanation=explanation,
                )
            )
    return found


def run_detection(
    session: Session,
    *,
    now: datetime,
    config: DetectionConfig = DetectionConfig(),
    throttle: Throttle = Throttle(),
    project_ids: list[int] | None = None,
) -> RunReport:
    """Detect on every project (or the given ones), raise alerts, close quiet groups."""
    report = RunReport()
    stmt = select(Project).order_by(Project.id)
    if project_ids is not None:
        stmt = stmt.where(Project.id.in_(project_ids))
    today = now.date()
    for project in session.scalars(stmt).all():
        if project.ends_on is not None and project.ends_on < today:
            continue
        for occurrence in detect_project(session, project, at=now, config=config):
            _raise(session, occurrence, throttle, now, report)
    for occurrence in silent_source_occurrences(session, now=now):
        _raise(session, occurrence, throttle, now, report)
    report.closed = close_stale_alerts(session, throttle=throttle, now=now)
    return report
