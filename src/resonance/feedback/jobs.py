"""Feedback tasks: the deadline watch that warns before a breach and escalates after it."""

from __future__ import annotations

import logging
from datetime import timedelta

from resonance.feedback.escalation import check_deadlines
from resonance.storage.base import utcnow
from resonance.tasks.api import TaskContext
from resonance.tasks.schedule import periodic

log = logging.getLogger(__name__)


@periodic(every=timedelta(minutes=5), name="feedback.deadlines", queue="default")
def watch_deadlines(ctx: TaskContext) -> None:
    """Idempotent: a warning or an escalation level already told is not told again."""
    with ctx.session() as session:
        report = check_deadlines(session, now=utcnow())
    log.info(
        "Feedback deadlines: %d open items checked, %d warned, %d escalated, %d people told.",
        report.checked,
        len(report.warned),
        len(report.escalated),
        report.notifications,
    )
