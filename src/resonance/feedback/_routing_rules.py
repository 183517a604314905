"""Routing rules and settings of a project: validated, audited writes."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.services import record, snapshot
from resonance.errors import Invalid, NotFound
from resonance.feedback._routing_match import clean_keywords
from resonance.feedback.models import FeedbackForm, FeedbackTheme, RoutingRule, RoutingSettings
from resonance.monitoring.models import Project
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit

MAX_DEADLINE_HOURS = 2000.0
MAX_ESCALATION_STEPS = 5
_SPLIT = re.compile(r"[\n,;]+")


def same_organisation(project: Project, unit: Unit) -> bool:
    """Whether `unit` is in the tree (same top-level unit) of the project's owner unit."""
    root = project.owner_unit.ancestor_ids[0]
    return unit.path.startswith(f"/{root}/")


def organisation_unit(session: Session, project: Project, unit_id: Any, field: str) -> Unit:
    """The unit with this id, if it is in the project's organisation; Invalid otherwise."""
    unit = session.get(Unit, _int(unit_id, field)) if unit_id not in (None, "") else None
    if unit is None or not same_organisation(project, unit):
        raise Invalid("Choose a unit of this project's organisation.", field=field)
    return unit


def _int(value: Any, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid(f"{value!r} is not a whole number.", field=field) from None


def _hours(value: Any, field: str) -> float:
    try:
        hours = float(value)
    except (TypeError, ValueError):
        raise Invalid(f"{value!r} is not a number of hours.", field=field) from None
    if not math.isfinite(hours) or not 0 < hours <= MAX_DEADLINE_HOURS:
        raise Invalid(f"Give between 0 and {MAX_DEADLINE_HOURS:g} business hours.", field=field)
    return hours


def _words(value: Any) -> list[str]:
    items = _SPLIT.split(value) if isinstance(value, str) else list(value or [])
    return [str(v).strip() for v in items if str(v).strip()]


def _optional_id(session: Session, model: Any, value: Any, project: Project, field: str) -> Any:
    if value in (None, ""):
        return None
    found = session.get(model, _int(value, field))
    if found is None or getattr(found, "project_id", None) != project.id:
        raise Invalid("Choose one of this project's own.", field=field)
    return found.id


def _clean_rule(session: Session, project: Project, values: dict[str, Any]) -> dict[str, Any]:
    name = " ".join(str(values.get("name", "")).split())
    if not 1 <= len(name) <= 200:
        raise Invalid("Give the rule a name of 1–200 characters.", field="name")
    priority = _int(values.get("priority", 100), "priority")
    if not 0 <= priority <= 10_000:
        raise Invalid("Use a priority from 0 (first) to 10000.", field="priority")
    section = str(values.get("section_key") or "").strip()
    if len(section) > 64:
        raise Invalid("A section key has at most 64 characters.", field="section_key")
    from resonance.consultation.models import Consultation

    return {
        "name": name,
        "priority": priority,
        "form_id": _optional_id(session, FeedbackForm, values.get("form_id"), project, "form_id"),
        "consultation_id": _optional_id(
            session, Consultation, values.get("consultation_id"), project, "consultation_id"
        ),
        "section_key": section or None,
        "theme_id": _optional_id(
            session, FeedbackTheme, values.get("theme_id"), project, "theme_id"
        ),
        "keywords": clean_keywords(_words(values.get("keywords"))),
        "regions": sorted({r[:200] for r in _words(values.get("regions"))})[:200],
        "unit_id": organisation_unit(session, project, values.get("unit_id"), "unit_id").id,
        "deadline_hours": _hours(values.get("deadline_hours", 40), "deadline_hours"),
        "enabled": bool(values.get("enabled", True)),
    }


def list_rules(session: Session, actor: Actor, project_id: int) -> Sequence[RoutingRule]:
    """The project's rules in the order they are tried."""
    access_project_for(session, actor, project_id)
    stmt = select(RoutingRule).where(RoutingRule.project_id == project_id)
    return session.scalars(stmt.order_by(RoutingRule.priority, RoutingRule.id)).all()


def access_rule_for(
    session: Session, actor: Actor, rule_id: int, permission: Permission = Permission.VIEW
) -> RoutingRule:
    rule = session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound(f"There is no routing rule with id {rule_id}.")
    try:
        access_project_for(session, actor, rule.project_id, permission)
    except NotFound:
        raise NotFound(f"There is no routing rule with id {rule_id}.") from None
    return rule


def _audit(
    session: Session, actor: Actor, action: str, project: Project, entity: Any, **states: Any
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        entity_type="feedback_routing_rule" if "rule" in action else "feedback_routing_settings",
        entity_id=getattr(entity, "id", None) or project.id,
        unit_id=project.owner_unit_id,
        **states,
    )


def create_rule(
    session: Session, actor: Actor, *, project_id: int, values: dict[str, Any]
) -> RoutingRule:
    project = access_project_for(session, actor, project_id, Permission.MANAGE_PROJECTS)
    rule = RoutingRule(project_id=project.id, **_clean_rule(session, project, values))
    session.add(rule)
    session.flush()
    _audit(session, actor, "feedback_routing_rule.create", project, rule, after=snapshot(rule))
    return rule


def update_rule(
    session: Session, actor: Actor, rule_id: int, *, values: dict[str, Any]
) -> RoutingRule:
    rule = access_rule_for(session, actor, rule_id, Permission.MANAGE_PROJECTS)
    project = session.get(Project, rule.project_id)
    assert project is not None  # noqa: S101 - access_rule_for found it
    before = snapshot(rule)
    for key, value in _clean_rule(session, project, values).items():
        setattr(rule, key, value)
    session.flush()
    _audit(
        session,
        actor,
        "feedback_routing_rule.update",
        project,
        rule,
        before=before,
        after=snapshot(rule),
    )
    return rule


def delete_rule(session: Session, actor: Actor, rule_id: int) -> None:
    rule = access_rule_for(session, actor, rule_id, Permission.MANAGE_PROJECTS)
    project = session.get(Project, rule.project_id)
    assert project is not None  # noqa: S101 - access_rule_for found it
    before = snapshot(rule)
    session.delete(rule)
    session.flush()
    _audit(session, actor, "feedback_routing_rule.delete", project, rule, before=before)


def _threshold(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        threshold = float(value)
    except (TypeError, ValueError):
        raise Invalid(f"{value!r} is not a number.", field="auto_apply_threshold") from None
    if not 0 <= threshold <= 1:
        raise Invalid(
            "Give a confidence from 0 to 1, or leave it empty.", field="auto_apply_threshold"
        )
    return threshold


def _escalation(steps: Any) -> list[dict[str, Any]]:
    out = []
    for step in list(steps or [])[: MAX_ESCALATION_STEPS + 1]:
        after = step.get("after_hours") if isinstance(step, dict) else None
        level = step.get("level") if isinstance(step, dict) else None
        try:
            after_f, level_i = float(after), int(level)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise Invalid(
                "Each escalation step needs hours after the breach and a level.",
                field="escalation",
            ) from None
        if not (math.isfinite(after_f) and 0 <= after_f <= MAX_DEADLINE_HOURS):
            raise Invalid("Escalate 0 or more business hours after the breach.", field="escalation")
        if not 1 <= level_i <= 10:
            raise Invalid("An escalation level goes from 1 (parent) to 10.", field="escalation")
        out.append({"after_hours": after_f, "level": level_i})
    if len(out) > MAX_ESCALATION_STEPS:
        raise Invalid(f"At most {MAX_ESCALATION_STEPS} escalation steps.", field="escalation")
    return sorted(out, key=lambda s: (s["after_hours"], s["level"]))


def set_routing_settings(
    session: Session, actor: Actor, *, project_id: int, values: dict[str, Any]
) -> RoutingSettings:
    """Threshold for applying learned suggestions, the default deadline, escalation steps."""
    project = access_project_for(session, actor, project_id, Permission.MANAGE_PROJECTS)
    found = session.get(RoutingSettings, project.id)
    before = snapshot(found) if found is not None else None
    settings = found or RoutingSettings(project_id=project.id)
    settings.auto_apply_threshold = _threshold(values.get("auto_apply_threshold"))
    settings.default_deadline_hours = _hours(
        values.get("default_deadline_hours", 40), "default_deadline_hours"
    )
    settings.escalation = _escalation(values.get("escalation"))
    if found is None:
        session.add(settings)
    session.flush()
    _audit(
        session,
        actor,
        "feedback_routing_settings.update",
        project,
        settings,
        before=before,
        after=snapshot(settings),
    )
    return settings
