"""Housekeeping: purge expired web sessions, citizens' expired contacts and old done tasks."""

from __future__ import annotations

import logging
from datetime import timedelta

from resonance.auth.services import purge_expired_sessions
from resonance.feedback.handling import purge_expired_contacts
from resonance.feedback.privacy import purge_expired_items
from resonance.tasks.api import TaskContext
from resonance.tasks.backend import DONE_RETENTION
from resonance.tasks.schedule import periodic

log = logging.getLogger(__name__)


@periodic(every=timedelta(hours=1), name="housekeeping.purge", queue="default")
def purge(ctx: TaskContext) -> None:
    """Idempotent: deleting what is already gone deletes nothing."""
    with ctx.session() as session:
        sessions = purge_expired_sessions(session)
        contacts = purge_expired_contacts(session)
        expired = purge_expired_items(session)
    tasks = ctx.backend.purge_done(DONE_RETENTION)
    log.info(
        "Housekeeping purged %d expired web sessions, %d expired feedback contacts, %d feedback "
        "items past their retention and %d done tasks.",
        sessions,
        contacts + expired.contacts,
        expired.items,
        tasks,
    )
