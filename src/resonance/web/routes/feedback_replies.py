"""Reply pages: the answer form and history of an item, templates, the citizen's rating/reopen."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from resonance.errors import ResonanceError
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.queries import access_item_for, can_handle, item_for_citizen
from resonance.feedback.replies import (
    MAX_REASON_CHARS,
    PLACEHOLDERS,
    ReplyMailer,
    access_template_for,
    check_draft,
    citizen_view,
    create_template,
    delete_template,
    fill_template,
    item_language,
    list_replies,
    list_templates,
    rate_answer,
    reopen_request,
    retry_reply_email,
    send_reply,
    templates_for_item,
    update_template,
)
from resonance.organization.access import Actor, Permission
from resonance.organization.queries import list_units
from resonance.web.deps import SessionDep, SettingsDep, Viewer, access
from resonance.web.i18n import N_
from resonance.web.labels import FEEDBACK_STATUS_LABELS
from resonance.web.templating import form_errors, page_router, render, render_page, see_other

router = page_router()
Answerer = Annotated[Actor, Depends(access(Permission.ANSWER_FEEDBACK))]
Citizen = Depends(access("public"))
Body = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=400)]

WARNING_LABELS: dict[str, str] = {
    "template_only": N_("It is the template with nothing specific to this message."),
    "too_short": N_("It is far shorter than the message it answers."),
    "generic": N_("It shares no word with the message and says nothing specific."),
}
EMAIL_LABELS: dict[str, str] = {
    "sent": N_("e-mailed"),
    "failed": N_("e-mail failed"),
    "no_contact": N_("no e-mail address"),
    "pending": N_("e-mail pending"),
}


def _int(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def _replies_context(
    session: SessionDep, actor: Actor, item_id: int, **extra: Any
) -> dict[str, Any]:
    item = access_item_for(session, actor, item_id)
    language = item_language(item)
    templates = templates_for_item(session, item)
    values = extra.pop("values", {})
    chosen = _int(str(values.get("template_id", "")))
    if chosen is not None and "body" not in values:
        template = next((t for t in templates if t.id == chosen), None)
        if template is not None:
            values = {**values, "body": fill_template(template.body, item, template.language)}
    return {
        "item": item,
        "replies": list_replies(session, actor, item_id),
        "templates": templates,
        "language": language,
        "can_answer": can_handle(session, actor, item, Permission.ANSWER_FEEDBACK),
        "values": values,
        "errors": {},
        "warnings": [],
        "status_labels": FEEDBACK_STATUS_LABELS,
        "warning_labels": WARNING_LABELS,
        "email_labels": EMAIL_LABELS,
        **extra,
    }


def _replies_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    item_id: int,
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    context = _replies_context(session, actor, item_id, **extra)
    return render_page(
        request,
        "feedback/replies.html",
        context,
        fragment="feedback/_replies_panel.html",
        status=status,
    )


@router.get("/feedback/items/{item_id}/replies")
def replies_page(
    request: Request, session: SessionDep, actor: Viewer, item_id: int, template: str = ""
) -> Response:
    return _replies_page(request, session, actor, item_id, values={"template_id": template[:12]})


@router.post("/feedback/items/{item_id}/replies")
def post_reply(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: Answerer,
    item_id: int,
    body: Body = "",
    template_id: Short = "",
    confirm: Short = "",
    intent: Short = "send",
) -> Response:
    values = {"body": body, "template_id": template_id}
    try:
        if intent == "check":
            draft = check_draft(session, actor, item_id, body=body, template_id=_int(template_id))
            return _replies_page(
                request,
                session,
                actor,
                item_id,
                values=values,
                warnings=draft.warnings,
                checked=True,
            )
        send_reply(
            session,
            actor,
            item_id,
            body=body,
            template_id=_int(template_id),
            confirm_warnings=confirm == "yes",
            mailer=ReplyMailer.from_settings(settings),
        )
    except ResonanceError as exc:
        session.rollback()
        warnings = []
        if exc.extra.get("warnings"):
            draft = check_draft(session, actor, item_id, body=body, template_id=_int(template_id))
            warnings = draft.warnings
        return _replies_page(
            request,
            session,
            actor,
            item_id,
            status=exc.status,
            values=values,
            errors=form_errors(exc, default="body"),
            warnings=warnings,
        )
    return see_other(f"/feedback/items/{item_id}/replies?notice=saved")


@router.post("/feedback/items/{item_id}/replies/{reply_id}/retry")
def retry_reply(
    session: SessionDep, settings: SettingsDep, actor: Answerer, item_id: int, reply_id: int
) -> Response:
    retry_reply_email(session, actor, item_id, reply_id, mailer=ReplyMailer.from_settings(settings))
    return see_other(f"/feedback/items/{item_id}/replies?notice=saved")


# --- templates ---


def _template_units(session: SessionDep, actor: Actor) -> list[tuple[int, str]]:
    return [
        (u.id, u.name)
        for u in list_units(session, actor)
        if actor.can(Permission.ANSWER_FEEDBACK, u.path)
    ]


def _templates_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    *,
    template_id: int | None = None,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    editing = access_template_for(session, actor, template_id) if template_id else None
    context = {
        "templates": list_templates(session, actor),
        "editing": editing,
        "units": _template_units(session, actor),
        "values": values or {},
        "errors": errors or {},
        "placeholders": PLACEHOLDERS,
        "can_write": actor.can_anywhere(Permission.ANSWER_FEEDBACK),
    }
    page = "feedback/template_edit.html" if editing else "feedback/templates.html"
    return render(request, page, context, status=status)


@router.get("/feedback/templates")
def templates_page(request: Request, session: SessionDep, actor: Viewer) -> Response:
    return _templates_page(request, session, actor, values={"language": "en"})


@router.post("/feedback/templates")
def add_template(
    request: Request,
    session: SessionDep,
    actor: Answerer,
    name: Short = "",
    language: Short = "",
    body: Body = "",
    unit_id: Short = "",
) -> Response:
    values = {"name": name, "language": language, "body": body, "unit_id": unit_id}
    try:
        create_template(
            session, actor, unit_id=_int(unit_id) or 0, name=name, language=language, body=body
        )
    except ResonanceError as exc:
        session.rollback()
        return _templates_page(
            request, session, actor, values=values, errors=form_errors(exc), status=exc.status
        )
    return see_other("/feedback/templates?notice=created")


@router.get("/feedback/templates/{template_id}")
def template_page(
    request: Request, session: SessionDep, actor: Answerer, template_id: int
) -> Response:
    template = access_template_for(session, actor, template_id, Permission.ANSWER_FEEDBACK)
    values = {"name": template.name, "language": template.language, "body": template.body}
    return _templates_page(request, session, actor, template_id=template_id, values=values)


@router.post("/feedback/templates/{template_id}")
def save_template(
    request: Request,
    session: SessionDep,
    actor: Answerer,
    template_id: int,
    name: Short = "",
    language: Short = "",
    body: Body = "",
) -> Response:
    values = {"name": name, "language": language, "body": body}
    try:
        update_template(session, actor, template_id, name=name, language=language, body=body)
    except ResonanceError as exc:
        session.rollback()
        return _templates_page(
            request,
            session,
            actor,
            template_id=template_id,
            values=values,
            errors=form_errors(exc),
            status=exc.status,
        )
    return see_other("/feedback/templates?notice=saved")


@router.post("/feedback/templates/{template_id}/delete")
def remove_template(session: SessionDep, actor: Answerer, template_id: int) -> Response:
    delete_template(session, actor, template_id)
    return see_other("/feedback/templates?notice=deleted")


# --- the citizen's status page: rate the answer, reopen the request ---


async def _token(request: Request) -> str:
    data = await request.form()
    value = data.get("t") or request.query_params.get("t", "")
    return value[:100] if isinstance(value, str) else ""


def _back_to_status(reference: str, token: str, notice: str) -> Response:
    return see_other(f"/f/status/{quote(reference)}?t={quote(token)}&notice={notice}#replies")


def _status_again(
    request: Request,
    session: SessionDep,
    reference: str,
    token: str,
    exc: ResonanceError,
    values: dict[str, str],
) -> Response:
    item = item_for_citizen(session, reference, token)
    context = {
        "item": item,
        "status_labels": FEEDBACK_STATUS_LABELS,
        "reply_view": citizen_view(session, item),
        "reply_errors": form_errors(exc),
        "reply_values": values,
        "status_token": token,
    }
    response = render(request, "feedback/status.html", context, status=exc.status)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/f/status/{reference}/rate", dependencies=[Citizen])
async def rate_reply(
    request: Request, session: SessionDep, settings: SettingsDep, reference: str, rating: Short = ""
) -> Response:
    token = await _token(request)
    try:
        rate_answer(
            session,
            reference=reference,
            token=token,
            rating=_int(rating) or 0,
            keys=IntakeKeys.from_settings(settings),
            sender_address=request.client.host if request.client else "unknown",
        )
    except ResonanceError as exc:
        if exc.status == 404:
            raise
        session.commit()  # the attempt counts against the rate limit; nothing else changed
        return _status_again(request, session, reference, token, exc, {"rating": rating})
    return _back_to_status(reference, token, "saved")


@router.post("/f/status/{reference}/reopen", dependencies=[Citizen])
async def reopen_reply(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    reference: str,
    reason: Annotated[str, Form(max_length=MAX_REASON_CHARS * 2)] = "",
) -> Response:
    token = await _token(request)
    try:
        reopen_request(
            session,
            reference=reference,
            token=token,
            reason=reason,
            keys=IntakeKeys.from_settings(settings),
            sender_address=request.client.host if request.client else "unknown",
        )
    except ResonanceError as exc:
        if exc.status == 404:
            raise
        session.commit()
        return _status_again(request, session, reference, token, exc, {"reason": reason})
    return _back_to_status(reference, token, "saved")
