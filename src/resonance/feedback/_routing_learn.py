"""Learned routing suggestions per project, trained on past rule and manual assignments."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.feedback._routing_model import RoutingExample, RoutingModel, Suggestion
from resonance.feedback.models import FeedbackItem
from resonance.monitoring.models import Project

# Assignments a person (or a rule a person wrote) made; auto-applied suggestions are left out so
# the model does not learn from itself.
TAUGHT_BY = ("rule", "manual", "accepted")
MAX_EXAMPLES = 5000
STALE_SECONDS = 3600.0
MIN_RETRAIN_SECONDS = 30.0
_lock = threading.Lock()


@dataclass(frozen=True)
class _Cached:
    model: RoutingModel
    count: int
    trained: float


_models: dict[tuple[str, int, str], _Cached] = {}


def example_of(item: FeedbackItem) -> RoutingExample:
    answers = " ".join(str(v) for v in (item.answers or {}).values())
    return RoutingExample(
        text=f"{item.text}\n{answers}".strip(),
        form_id=item.form_id,
        region=item.region,
        section_key=item.section_key,
        unit_id=item.unit_id,
    )


def _taught(project_id: int) -> object:
    return (
        (FeedbackItem.project_id == project_id)
        & FeedbackItem.unit_id.is_not(None)
        & FeedbackItem.routing_method.in_(TAUGHT_BY)
    )


def _train(session: Session, project_id: int) -> RoutingModel:
    stmt = (
        select(FeedbackItem)
        .where(_taught(project_id))  # type: ignore[arg-type]
        .order_by(FeedbackItem.id.desc())
        .limit(MAX_EXAMPLES)
    )
    return RoutingModel([example_of(item) for item in session.scalars(stmt)])


def _key(session: Session, project: Project) -> tuple[str, int, str]:
    bind = session.get_bind()
    url = str(bind.engine.url)
    return (url, project.id, project.created_at.isoformat() if project.created_at else "")


def _stale(cached: _Cached | None, count: int) -> bool:
    if cached is None or count < cached.count:
        return True
    age = time.monotonic() - cached.trained
    if age > STALE_SECONDS:
        return True
    if count - cached.count < max(5, cached.count // 10):
        return False
    # Enough new assignments: retrain at once when they doubled, else at most every
    # MIN_RETRAIN_SECONDS (a bulk import would otherwise retrain dozens of times).
    return count >= 2 * cached.count or age >= MIN_RETRAIN_SECONDS


def project_model(session: Session, project: Project) -> RoutingModel:
    """The project's model, retrained when enough new assignments came in or it is an hour old."""
    count = session.scalar(
        select(func.count(FeedbackItem.id)).where(_taught(project.id))  # type: ignore[arg-type]
    )
    key = _key(session, project)
    with _lock:
        cached = _models.get(key)
    if not _stale(cached, int(count or 0)) and cached is not None:
        return cached.model
    model = _train(session, project.id)
    with _lock:
        _models[key] = _Cached(model, int(count or 0), time.monotonic())
    return model


def suggest_unit(session: Session, item: FeedbackItem) -> Suggestion | None:
    """The unit the project's past assignments point to, with its probability."""
    model = project_model(session, item.project)
    if not model.ready:
        return None
    return model.suggest(example_of(item))


def forget_models() -> None:
    """Drop every cached model (tests, or after a bulk re-assignment)."""
    with _lock:
        _models.clear()
