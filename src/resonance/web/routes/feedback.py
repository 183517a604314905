"""Staff feedback pages: inbox with filters, item detail, status, moderation, contacts, forms."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from resonance.config import SUPPORTED_LOCALES
from resonance.errors import Invalid, ResonanceError
from resonance.feedback.handling import (
    change_status,
    create_form,
    has_contact,
    release_item,
    update_form,
    view_contact,
)
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import FeedbackForm, FeedbackStatus
from resonance.feedback.queries import (
    access_form_for,
    access_item_for,
    can_handle,
    items_query,
    list_forms,
    list_regions,
)
from resonance.feedback.redaction import redact
from resonance.feedback.statuses import allowed_actions
from resonance.monitoring.queries import list_projects
from resonance.organization.access import Actor, Permission
from resonance.web.deps import ProjectManager, SessionDep, SettingsDep, Viewer, access
from resonance.web.labels import FEEDBACK_STATUS_LABELS
from resonance.web.pagination import paginate
from resonance.web.templating import form_errors, page_router, render, render_page, see_other

router = page_router()
Answerer = Annotated[Actor, Depends(access(Permission.ANSWER_FEEDBACK))]
Text = Annotated[str, Form(max_length=400)]
LongText = Annotated[str, Form(max_length=20_000)]


def _status(value: str) -> FeedbackStatus | None:
    return FeedbackStatus(value) if value in set(FeedbackStatus) else None


@router.get("/feedback")
def inbox_page(
    request: Request,
    session: SessionDep,
    actor: Viewer,
    status: str = "",
    form: str = "",
    region: str = "",
    held: str = "",
    page: int = 1,
) -> Response:
    filters = {"status": status[:32], "form": form[:16], "region": region[:200], "held": held[:4]}
    stmt = items_query(
        actor,
        status=_status(status),
        form_id=int(form) if form.isdigit() else None,
        region=region or None,
        held={"yes": True, "no": False}.get(held),
    )
    context = {
        "page": paginate(session, stmt, page=page, filters=filters),
        "filters": filters,
        "forms": list_forms(session, actor),
        "regions": list_regions(session, actor),
        "status_labels": FEEDBACK_STATUS_LABELS,
        "can_manage": actor.can_anywhere(Permission.MANAGE_PROJECTS),
    }
    return render_page(request, "feedback/inbox.html", context, fragment="feedback/_list.html")


def _detail(
    request: Request, session: SessionDep, actor: Actor, item_id: int, **extra: Any
) -> Response:
    item = access_item_for(session, actor, item_id)
    path = item.project.owner_unit.path
    manages = actor.can(Permission.MANAGE_PROJECTS, path)
    context = {
        "item": item,
        "text": item.text if manages else redact(item.text).text,
        "redacted": not manages,
        "can_answer": can_handle(session, actor, item, Permission.ANSWER_FEEDBACK),
        "can_see_contact": manages and has_contact(session, item.id),
        "actions": [a.value for a in allowed_actions(item.status)],
        "status_labels": FEEDBACK_STATUS_LABELS,
        "errors": {},
        **extra,
    }
    return render(request, "feedback/detail.html", context, status=422 if extra else 200)


@router.get("/feedback/items/{item_id}")
def item_page(request: Request, session: SessionDep, actor: Viewer, item_id: int) -> Response:
    return _detail(request, session, actor, item_id)


@router.post("/feedback/items/{item_id}/status")
def item_status(
    request: Request,
    session: SessionDep,
    actor: Answerer,
    item_id: int,
    action: Text = "",
    note: LongText = "",
    answer: LongText = "",
) -> Response:
    try:
        change_status(session, actor, item_id, action=action, note=note, answer=answer)
    except Invalid as exc:
        session.rollback()
        return _detail(request, session, actor, item_id, errors=form_errors(exc))
    return see_other(f"/feedback/items/{item_id}?notice=saved")


@router.post("/feedback/items/{item_id}/release")
def item_release(session: SessionDep, actor: Answerer, item_id: int) -> Response:
    release_item(session, actor, item_id)
    return see_other(f"/feedback/items/{item_id}?notice=saved")


@router.get("/feedback/items/{item_id}/contact")
def item_contact(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: ProjectManager,
    item_id: int,
) -> Response:
    contact = view_contact(session, actor, item_id, keys=IntakeKeys.from_settings(settings))
    item = access_item_for(session, actor, item_id)
    response = render(request, "feedback/contact.html", {"item": item, "contact": contact})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/feedback/forms")
def forms_page(request: Request, session: SessionDep, actor: Viewer) -> Response:
    context = {
        "forms": list_forms(session, actor),
        "can_manage": actor.can_anywhere(Permission.MANAGE_PROJECTS),
    }
    return render(request, "feedback/forms.html", context)


def _values_of(form: FeedbackForm) -> dict[str, Any]:
    values: dict[str, Any] = {f"title_{k}": form.titles.get(k, "") for k in SUPPORTED_LOCALES}
    values.update({f"consent_{k}": form.consent_texts.get(k, "") for k in SUPPORTED_LOCALES})
    values.update(
        slug=form.slug,
        project_id=form.project_id,
        fields=json.dumps(form.fields, ensure_ascii=False, indent=2),
        collect_contact=form.collect_contact,
        allowed_origins="\n".join(form.allowed_origins),
        retention_days=form.retention_days,
        enabled=form.enabled,
    )
    return values


async def _posted_values(request: Request) -> dict[str, Any]:
    data = await request.form()

    def get(name: str) -> str:
        value = data.get(name, "")
        return value[:20_000] if isinstance(value, str) else ""

    try:
        fields = json.loads(get("fields") or "[]")
    except json.JSONDecodeError as exc:
        raise Invalid(
            f"The fields are not valid JSON: {exc.msg} (line {exc.lineno}).", field="fields"
        ) from None
    retention = get("retention_days").strip()
    return {
        "slug": get("slug"),
        "project_id": get("project_id"),
        "titles": {k: get(f"title_{k}") for k in SUPPORTED_LOCALES},
        "consent_texts": {k: get(f"consent_{k}") for k in SUPPORTED_LOCALES},
        "fields": fields,
        "collect_contact": get("collect_contact") == "yes",
        "allowed_origins": get("allowed_origins").split(),
        "retention_days": int(retention) if retention.isdigit() else 0,
        "enabled": get("enabled") == "yes",
    }


def _form_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    *,
    form: FeedbackForm | None,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> Response:
    projects = [
        p
        for p in list_projects(session, actor)
        if actor.can(Permission.MANAGE_PROJECTS, p.owner_unit.path)
    ]
    snippet = None
    if form is not None:
        base = str(request.base_url).rstrip("/")
        snippet = (
            f'<iframe src="{base}/f/{form.slug}/embed" title="{form.title_in("en")}" '
            'width="100%" height="640" loading="lazy"></iframe>'
        )
    context = {
        "form": form,
        "values": values,
        "errors": errors or {},
        "projects": projects,
        "snippet": snippet,
    }
    return render(request, "feedback/form_edit.html", context, status=422 if errors else 200)


@router.get("/feedback/forms/new")
def new_form_page(request: Request, session: SessionDep, actor: ProjectManager) -> Response:
    values = {"fields": "[]", "retention_days": 365, "enabled": True}
    return _form_page(request, session, actor, form=None, values=values)


@router.post("/feedback/forms")
async def add_form(request: Request, session: SessionDep, actor: ProjectManager) -> Response:
    values: dict[str, Any] = {}
    try:
        values = await _posted_values(request)
        project_id = int(values["project_id"]) if str(values["project_id"]).isdigit() else 0
        form = create_form(session, actor, project_id=project_id, values=values)
    except ResonanceError as exc:
        session.rollback()
        return _form_page(
            request, session, actor, form=None, values=_flat(values), errors=form_errors(exc)
        )
    return see_other(f"/feedback/forms/{form.id}?notice=created")


def _flat(values: dict[str, Any]) -> dict[str, Any]:
    flat = dict(values)
    for key in SUPPORTED_LOCALES:
        flat[f"title_{key}"] = values.get("titles", {}).get(key, "")
        flat[f"consent_{key}"] = values.get("consent_texts", {}).get(key, "")
    flat["fields"] = json.dumps(values.get("fields", []), ensure_ascii=False)
    flat["allowed_origins"] = "\n".join(values.get("allowed_origins", []))
    return flat


@router.get("/feedback/forms/{form_id}")
def edit_form_page(
    request: Request, session: SessionDep, actor: ProjectManager, form_id: int
) -> Response:
    form = access_form_for(session, actor, form_id, Permission.MANAGE_PROJECTS)
    return _form_page(request, session, actor, form=form, values=_values_of(form))


@router.post("/feedback/forms/{form_id}")
async def save_form(
    request: Request, session: SessionDep, actor: ProjectManager, form_id: int
) -> Response:
    form = access_form_for(session, actor, form_id, Permission.MANAGE_PROJECTS)
    values: dict[str, Any] = {}
    try:
        values = await _posted_values(request)
        update_form(session, actor, form_id, values=values)
    except ResonanceError as exc:
        session.rollback()
        return _form_page(
            request, session, actor, form=form, values=_flat(values), errors=form_errors(exc)
        )
    return see_other(f"/feedback/forms/{form_id}?notice=saved")
