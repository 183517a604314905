"""Routing pages: unit queues, the routing block of an item, a project's rules and settings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from resonance.errors import Invalid
from resonance.feedback.deadlines import routing_settings
from resonance.feedback.models import RoutingRule
from resonance.feedback.queries import forms_query
from resonance.feedback.queue import (
    organisation_units,
    queue_query,
    queue_units,
    routing_panel,
    unit_names,
    waiting_query,
)
from resonance.feedback.routing import (
    accept_suggestion,
    access_rule_for,
    assign_item,
    create_rule,
    delete_rule,
    list_rules,
    set_routing_settings,
    update_rule,
)
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission
from resonance.storage.base import utcnow
from resonance.web.deps import ProjectManager, SessionDep, Viewer, access
from resonance.web.labels import FEEDBACK_STATUS_LABELS
from resonance.web.pagination import paginate
from resonance.web.templating import form_errors, page_router, render, render_page, see_other

router = page_router()
Answerer = Annotated[Actor, Depends(access(Permission.ANSWER_FEEDBACK))]
Text = Annotated[str, Form(max_length=400)]
LongText = Annotated[str, Form(max_length=5_000)]
WAITING_SHOWN = 50


@router.get("/feedback/queue")
def queue_page(
    request: Request,
    session: SessionDep,
    actor: Answerer,
    unit: str = "",
    overdue: str = "",
    page: int = 1,
) -> Response:
    now = utcnow()
    filters = {"unit": unit[:12], "overdue": "yes" if overdue == "yes" else ""}
    stmt = queue_query(
        actor,
        unit_id=int(unit) if unit.isdigit() else None,
        overdue_at=now if overdue == "yes" else None,
    )
    found = paginate(session, stmt, page=page, filters=filters)
    waiting = session.scalars(waiting_query(actor).limit(WAITING_SHOWN)).all()
    ids = [i.unit_id for i in found.items] + [i.suggested_unit_id for i in waiting]
    context = {
        "page": found,
        "waiting": waiting,
        "names": unit_names(session, ids),
        "units": queue_units(session, actor),
        "filters": filters,
        "now": now,
        "status_labels": FEEDBACK_STATUS_LABELS,
    }
    return render_page(request, "feedback/queue.html", context, fragment="feedback/_queue.html")


def _panel(
    request: Request, session: SessionDep, actor: Actor, item_id: int, **extra: Any
) -> Response:
    context = {"p": routing_panel(session, actor, item_id), "now": utcnow(), "errors": {}, **extra}
    template = "feedback/_routing_panel.html"
    if request.headers.get("hx-request") != "true":
        template = "feedback/routing_item.html"
    return render(request, template, context, status=422 if extra else 200)


@router.get("/feedback/items/{item_id}/routing")
def item_routing(request: Request, session: SessionDep, actor: Viewer, item_id: int) -> Response:
    return _panel(request, session, actor, item_id)


@router.post("/feedback/items/{item_id}/assign")
def item_assign(
    request: Request,
    session: SessionDep,
    actor: Answerer,
    item_id: int,
    unit_id: Text = "",
    note: LongText = "",
) -> Response:
    try:
        if not unit_id.isdigit():
            raise Invalid("Choose the unit to assign the message to.", field="unit_id")
        assign_item(session, actor, item_id, int(unit_id), note=note)
    except Invalid as exc:
        session.rollback()
        return _panel(request, session, actor, item_id, errors=form_errors(exc))
    return see_other(f"/feedback/items/{item_id}?notice=saved")


@router.post("/feedback/items/{item_id}/accept")
def item_accept(session: SessionDep, actor: Answerer, item_id: int, back: Text = "") -> Response:
    accept_suggestion(session, actor, item_id)
    target = "/feedback/queue" if back == "queue" else f"/feedback/items/{item_id}"
    return see_other(f"{target}?notice=saved")


def _rules_page(
    request: Request, session: SessionDep, actor: Actor, project_id: int, **extra: Any
) -> Response:
    project = access_project_for(session, actor, project_id, Permission.MANAGE_PROJECTS)
    rules = list_rules(session, actor, project.id)
    settings = routing_settings(session, project.id)
    units = organisation_units(session, project)
    context = {
        "project": project,
        "rules": rules,
        "settings": settings,
        "escalation_text": "\n".join(
            f"{s['after_hours']:g} {s['level']}" for s in settings.escalation or []
        ),
        "units": units,
        "names": {u.id: u.name for u in units},
        "forms": session.scalars(forms_query(actor, project_id=project.id)).all(),
        "errors": {},
        "rule": None,
        "values": {},
        **extra,
    }
    status = 422 if extra.get("errors") else 200
    return render(request, "feedback/routing_rules.html", context, status=status)


@router.get("/projects/{project_id}/routing")
def rules_page(
    request: Request, session: SessionDep, actor: ProjectManager, project_id: int
) -> Response:
    return _rules_page(request, session, actor, project_id)


def _escalation(text: str) -> list[dict[str, Any]]:
    steps = []
    for line in text.splitlines():
        parts = line.replace(",", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            raise Invalid(
                f"Write each escalation step as hours and level, e.g. '8 1' (not {line!r}).",
                field="escalation",
            )
        steps.append({"after_hours": parts[0], "level": parts[1]})
    return steps


@router.post("/projects/{project_id}/routing/settings")
def save_settings(
    request: Request,
    session: SessionDep,
    actor: ProjectManager,
    project_id: int,
    auto_apply_threshold: Text = "",
    default_deadline_hours: Text = "",
    escalation: LongText = "",
) -> Response:
    try:
        values = {
            "auto_apply_threshold": auto_apply_threshold.strip() or None,
            "default_deadline_hours": default_deadline_hours.strip() or "40",
            "escalation": _escalation(escalation),
        }
        set_routing_settings(session, actor, project_id=project_id, values=values)
    except Invalid as exc:
        session.rollback()
        return _rules_page(request, session, actor, project_id, errors=form_errors(exc))
    return see_other(f"/projects/{project_id}/routing?notice=saved")


async def _rule_values(request: Request) -> dict[str, Any]:
    form = await request.form()

    def get(name: str, limit: int = 400) -> str:
        value = form.get(name)
        return value[:limit] if isinstance(value, str) else ""

    return {
        "name": get("name"),
        "priority": get("priority") or "100",
        "form_id": get("form_id") or None,
        "section_key": get("section_key"),
        "keywords": get("keywords", 10_000),
        "regions": get("regions", 10_000),
        "unit_id": get("unit_id") or None,
        "deadline_hours": get("deadline_hours") or "40",
        "enabled": get("enabled") == "on",
    }


@router.post("/projects/{project_id}/routing/rules")
async def add_rule(
    request: Request, session: SessionDep, actor: ProjectManager, project_id: int
) -> Response:
    values = await _rule_values(request)
    try:
        create_rule(session, actor, project_id=project_id, values=values)
    except Invalid as exc:
        session.rollback()
        return _rules_page(
            request, session, actor, project_id, errors=form_errors(exc), values=values
        )
    return see_other(f"/projects/{project_id}/routing?notice=saved")


def _rule_of(session: SessionDep, actor: Actor, project_id: int, rule_id: int) -> RoutingRule:
    rule = access_rule_for(session, actor, rule_id, Permission.MANAGE_PROJECTS)
    if rule.project_id != project_id:
        access_project_for(session, actor, project_id)
        return access_rule_for(session, actor, -1)
    return rule


@router.get("/projects/{project_id}/routing/rules/{rule_id}")
def edit_rule_page(
    request: Request, session: SessionDep, actor: ProjectManager, project_id: int, rule_id: int
) -> Response:
    rule = _rule_of(session, actor, project_id, rule_id)
    return _rules_page(request, session, actor, project_id, rule=rule, values=_values_of(rule))


def _values_of(rule: RoutingRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "priority": rule.priority,
        "form_id": rule.form_id,
        "section_key": rule.section_key or "",
        "keywords": "\n".join(rule.keywords),
        "regions": "\n".join(rule.regions),
        "unit_id": rule.unit_id,
        "deadline_hours": f"{rule.deadline_hours:g}",
        "enabled": rule.enabled,
    }


@router.post("/projects/{project_id}/routing/rules/{rule_id}")
async def save_rule(
    request: Request, session: SessionDep, actor: ProjectManager, project_id: int, rule_id: int
) -> Response:
    rule = _rule_of(session, actor, project_id, rule_id)
    values = await _rule_values(request)
    try:
        update_rule(session, actor, rule.id, values=values)
    except Invalid as exc:
        session.rollback()
        rule = _rule_of(session, actor, project_id, rule_id)
        return _rules_page(
            request, session, actor, project_id, errors=form_errors(exc), values=values, rule=rule
        )
    return see_other(f"/projects/{project_id}/routing?notice=saved")


@router.post("/projects/{project_id}/routing/rules/{rule_id}/delete")
def remove_rule(
    session: SessionDep, actor: ProjectManager, project_id: int, rule_id: int
) -> Response:
    rule = _rule_of(session, actor, project_id, rule_id)
    delete_rule(session, actor, rule.id)
    return see_other(f"/projects/{project_id}/routing?notice=deleted")
