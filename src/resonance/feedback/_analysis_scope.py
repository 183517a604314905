"""What one analysis covers: a project's messages outside consultations, or one consultation's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from resonance.errors import Invalid, NotFound
from resonance.feedback.models import (
    FeedbackAnalysisRun,
    FeedbackCampaign,
    FeedbackItem,
    FeedbackTheme,
)


@dataclass(frozen=True, slots=True)
class Scope:
    """A project, or one consultation of it; the two never share messages, themes or campaigns.

    With ``consultation_id`` None the scope holds the project's messages that belong to no
    consultation, so that a message has one theme and one campaign whatever page shows it.
    """

    project_id: int
    consultation_id: int | None = None

    def query(self) -> str:
        """The scope as URL query parameters."""
        tail = f"&consultation={self.consultation_id}" if self.consultation_id else ""
        return f"project={self.project_id}{tail}"


def item_filter(scope: Scope) -> list[ColumnElement[bool]]:
    """Conditions on FeedbackItem for the scope's analysable (not held) messages."""
    return [
        FeedbackItem.project_id == scope.project_id,
        _same(FeedbackItem.consultation_id, scope.consultation_id),
        FeedbackItem.held_for_moderation.is_(False),
    ]


def theme_filter(scope: Scope) -> list[ColumnElement[bool]]:
    return [
        FeedbackTheme.project_id == scope.project_id,
        _same(FeedbackTheme.consultation_id, scope.consultation_id),
    ]


def _same(column: Any, value: int | None) -> ColumnElement[bool]:
    result: ColumnElement[bool] = column.is_(None) if value is None else column == value
    return result


def items_of(scope: Scope) -> Select[FeedbackItem]:
    """The scope's analysable messages, oldest first (the order analysis depends on)."""
    return select(FeedbackItem).where(*item_filter(scope)).order_by(FeedbackItem.id)


def list_items(session: Session, scope: Scope) -> Sequence[FeedbackItem]:
    return session.scalars(items_of(scope)).all()


def list_themes(
    session: Session, scope: Scope, *, retired: bool = False
) -> Sequence[FeedbackTheme]:
    """The scope's themes in creation order; retired ones (merged, split) only when asked."""
    stmt = select(FeedbackTheme).where(*theme_filter(scope))
    if not retired:
        stmt = stmt.where(FeedbackTheme.retired.is_(False))
    return session.scalars(stmt.order_by(FeedbackTheme.id)).all()


def list_campaigns(session: Session, scope: Scope) -> Sequence[FeedbackCampaign]:
    """Campaigns that hold messages of the scope, largest first."""
    ids = select(FeedbackItem.campaign_id).where(*item_filter(scope)).distinct()
    stmt = select(FeedbackCampaign).where(FeedbackCampaign.id.in_(ids))
    return session.scalars(stmt.order_by(FeedbackCampaign.size.desc(), FeedbackCampaign.id)).all()


def latest_run(session: Session, scope: Scope) -> FeedbackAnalysisRun | None:
    stmt = (
        select(FeedbackAnalysisRun)
        .where(
            FeedbackAnalysisRun.project_id == scope.project_id,
            _same(FeedbackAnalysisRun.consultation_id, scope.consultation_id),
        )
        .order_by(FeedbackAnalysisRun.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def check_consultation(session: Session, scope: Scope) -> None:
    """Invalid unless the scope's consultation belongs to its project."""
    if scope.consultation_id is None:
        return
    from resonance.consultation.models import Consultation

    consultation = session.get(Consultation, scope.consultation_id)
    if consultation is None:
        raise NotFound(f"There is no consultation with id {scope.consultation_id}.")
    if consultation.project_id != scope.project_id:
        raise Invalid(
            f"Consultation {scope.consultation_id} belongs to another project.",
            field="consultation",
        )
