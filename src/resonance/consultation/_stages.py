"""Stages of a consultation: planned dates, and moving forward one step by an explicit action."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from resonance.audit.services import record
from resonance.config import SUPPORTED_LOCALES
from resonance.consultation.models import Consultation, ConsultationStage, Stage
from resonance.consultation.queries import access_consultation_for
from resonance.errors import Conflict, Invalid
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow

ORDER: tuple[Stage, ...] = tuple(Stage)
MAX_DECISION = 5_000
DatePair = tuple[date | None, date | None]


def next_stage(stage: Stage) -> Stage | None:
    """The stage after `stage`, or None after implementation."""
    position = ORDER.index(stage)
    return ORDER[position + 1] if position + 1 < len(ORDER) else None


def _stage_row(consultation: Consultation, stage: Stage) -> ConsultationStage:
    for row in consultation.stages:
        if row.stage is stage:
            return row
    row = ConsultationStage(stage=stage, decisions={})
    consultation.stages.append(row)
    return row


def _parse_stage(value: str | Stage, name: str = "stage") -> Stage:
    if value not in set(Stage):
        raise Invalid(f"{value!r} is not a stage of a consultation.", field=name)
    return Stage(value)


def plan_stages(
    session: Session,
    actor: Actor,
    consultation_id: int,
    *,
    dates: Mapping[str, DatePair],
) -> Consultation:
    """Set the planned start and end of stages (planning never changes the current stage)."""
    consultation = access_consultation_for(
        session, actor, consultation_id, Permission.MANAGE_PROJECTS
    )
    before, after = {}, {}
    for name, (starts_on, ends_on) in dates.items():
        stage = _parse_stage(name)
        if starts_on and ends_on and ends_on < starts_on:
            raise Invalid(
                f"The {stage.value} stage cannot end before it starts.", field=f"{stage.value}_ends"
            )
        row = _stage_row(consultation, stage)
        before[stage.value] = [_iso(row.starts_on), _iso(row.ends_on)]
        row.starts_on, row.ends_on = starts_on, ends_on
        after[stage.value] = [_iso(starts_on), _iso(ends_on)]
    session.flush()
    record(
        session,
        actor=actor,
        action="consultation.plan_stages",
        entity_type="consultation",
        entity_id=consultation.id,
        unit_id=consultation.project.owner_unit_id,
        before=before,
        after=after,
    )
    return consultation


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def advance_stage(
    session: Session,
    actor: Actor,
    consultation_id: int,
    *,
    to: str | Stage,
    decision_texts: Mapping[str, str],
) -> Consultation:
    """Move to the next stage, recording when, by whom and what was decided.

    Stages move forward one step only: a stage that was entered is a public fact, so there is
    no way back. `to` must name the next stage, so a repeated or stale form cannot skip one.
    """
    consultation = access_consultation_for(
        session, actor, consultation_id, Permission.MANAGE_PROJECTS
    )
    target = _parse_stage(to, "to")
    following = next_stage(consultation.stage)
    if target is not following:
        raise Conflict(
            f"The consultation is in the {consultation.stage.value} stage; it can only move "
            f"forward to the next stage"
            + (f" ({following.value})." if following else ", and this is the last one."),
            field="to",
        )
    decisions = {
        k: str(v).strip()[:MAX_DECISION] for k, v in decision_texts.items() if str(v).strip()
    }
    if set(decisions) - set(SUPPORTED_LOCALES):
        raise Invalid("The decision is written in an unknown language.", field="decision")
    if not decisions:
        raise Invalid("Write what was decided: it is shown on the public page.", field="decision")
    previous = consultation.stage
    row = _stage_row(consultation, target)
    row.entered_at = utcnow()
    row.entered_by_id = actor.user_id
    row.decisions = decisions
    consultation.stage = target
    session.flush()
    record(
        session,
        actor=actor,
        action="consultation.advance_stage",
        entity_type="consultation",
        entity_id=consultation.id,
        unit_id=consultation.project.owner_unit_id,
        before={"stage": previous.value},
        after={"stage": target.value, "decisions": decisions},
    )
    return consultation
