"""Analysis tasks: every ten minutes for scopes with new messages, and on demand for one scope."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.feedback._analysis_overview import access_scope_for
from resonance.feedback._theme_space import EmbedFn
from resonance.feedback.analysis import analyse
from resonance.feedback.models import FeedbackItem
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow
from resonance.tasks.api import TaskContext, enqueue
from resonance.tasks.backend import Backend
from resonance.tasks.registry import task
from resonance.tasks.schedule import periodic

log = logging.getLogger(__name__)
ANALYSE_TASK = "feedback.analyse"


def embedder_for(settings: Settings) -> EmbedFn:
    """Embeddings with a disk cache under var_dir, shared by the worker and the web process."""
    from resonance.text.embedding import get_embedder

    return get_embedder(settings.var_dir / "cache").embed


@task(name=ANALYSE_TASK, max_attempts=2, retry_backoff=60.0)
def analyse_scope(ctx: TaskContext, project_id: int, consultation_id: int | None = None) -> None:
    """Analyse one project (messages outside consultations) or one consultation."""
    with ctx.session() as session:
        result = analyse(
            session,
            project_id=project_id,
            consultation_id=consultation_id,
            now=utcnow(),
            embed=embedder_for(ctx.settings),
        )
    if result.waiting:
        # Past the run's embedding budget: go on at once rather than in ten minutes.
        enqueue(
            ctx.backend,
            ANALYSE_TASK,
            unique_key=f"feedback-analyse-more:{result.run_id}",
            delay=1.0,
            project_id=project_id,
            consultation_id=consultation_id,
        )
    log.info(
        "Feedback analysis of project %d (consultation %s): %d new of %d in %.1f s.",
        project_id,
        consultation_id,
        result.items_new,
        result.items_total,
        result.timings.get("total", 0.0),
    )


def scopes_waiting(session: Session) -> list[tuple[int, int | None]]:
    """(project, consultation) pairs with messages not analysed or without a theme yet."""
    stmt = (
        select(FeedbackItem.project_id, FeedbackItem.consultation_id)
        .where(
            or_(FeedbackItem.analysed_at.is_(None), FeedbackItem.theme_id.is_(None)),
            FeedbackItem.held_for_moderation.is_(False),
        )
        .distinct()
    )
    return sorted((int(p), c) for p, c in session.execute(stmt).tuples())


@periodic(every=timedelta(minutes=10), name="feedback.analyse_waiting")
def analyse_waiting(ctx: TaskContext) -> None:
    """Queue an analysis for each scope with new messages (one queued task per scope)."""
    with ctx.session() as session:
        scopes = scopes_waiting(session)
    now = utcnow()
    for project_id, consultation_id in scopes:
        enqueue(
            ctx.backend,
            ANALYSE_TASK,
            unique_key=_key(project_id, consultation_id, now),
            project_id=project_id,
            consultation_id=consultation_id,
        )


@dataclass(frozen=True)
class AnalysisRequest:
    project_id: int
    consultation_id: int | None
    task_id: str


def request_analysis(
    session: Session,
    actor: Actor,
    *,
    project_id: int,
    consultation_id: int | None = None,
    backend: Backend,
    now: datetime,
) -> AnalysisRequest:
    """Queue an analysis of the scope now (once per scope and minute, however often asked)."""
    scope = access_scope_for(session, actor, project_id, consultation_id, Permission.ANALYSE)
    task_id = enqueue(
        backend,
        ANALYSE_TASK,
        unique_key=_key(scope.project_id, scope.consultation_id, now),
        project_id=scope.project_id,
        consultation_id=scope.consultation_id,
    )
    return AnalysisRequest(scope.project_id, scope.consultation_id, task_id)


def _key(project_id: int, consultation_id: int | None, now: datetime) -> str:
    return f"feedback-analyse:{project_id}:{consultation_id or 0}:{now:%Y%m%dT%H%M}"
