"""Replies to feedback: reply templates, checking a draft, sending a reply, listing replies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import Field

from resonance.api.openapi import problem_responses
from resonance.api.schemas import Body, Out, Patch
from resonance.feedback.models import FeedbackItem
from resonance.feedback.queries import access_item_for
from resonance.feedback.replies import (
    MAX_REPLY_CHARS,
    ReplyMailer,
    access_template_for,
    check_draft,
    create_template,
    delete_template,
    list_replies,
    list_templates,
    retry_reply_email,
    send_reply,
    update_template,
)
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission
from resonance.web.deps import SessionDep, SettingsDep, Viewer, access

router = APIRouter(tags=["feedback replies"])
Answerer = Annotated[Actor, Depends(access(Permission.ANSWER_FEEDBACK))]
Language = Literal["en", "uk", "ru", "vi", "zh", "fr"]
ITEM = "/projects/{project_id}/feedback/{item_id}/replies"


class TemplateIn(Body):
    unit_id: int = Field(description="The unit that owns the template; units below may use it.")
    name: str = Field(max_length=200)
    language: Language
    body: str = Field(
        max_length=5_000, description="Text with placeholders {reference}, {date}, {form}, {unit}."
    )
    project_id: int | None = Field(default=None, description="Only for this project's items.")


class TemplatePatch(Patch):
    nullable = frozenset({"project_id"})
    name: str | None = Field(default=None, max_length=200)
    language: Language | None = None
    body: str | None = Field(default=None, max_length=5_000)
    project_id: int | None = None


class TemplateOut(Out):
    id: int
    unit_id: int
    project_id: int | None
    name: str
    language: str
    body: str
    updated_at: datetime


class DraftIn(Body):
    body: str = Field(max_length=MAX_REPLY_CHARS)
    template_id: int | None = Field(default=None, description="The template the reply starts from.")
    language: Language | None = Field(
        default=None, description="Default: the template's, else the message's language."
    )


class ReplyIn(DraftIn):
    confirm_warnings: bool = Field(
        default=False, description="Send even when the check finds the reply vacuous."
    )


class WarningOut(Out):
    code: Literal["template_only", "too_short", "generic"]
    message: str


class DraftOut(Out):
    language: str
    warnings: list[WarningOut]


class ReplyOut(Out):
    id: int
    item_id: int
    author_id: int | None
    template_id: int | None
    body: str
    language: str | None
    warnings: list[str]
    sent_despite_warnings: bool
    email_status: Literal["sent", "failed", "no_contact", "pending"]
    email_error: str | None
    created_at: datetime


def _item(session: SessionDep, actor: Actor, project_id: int, item_id: int) -> FeedbackItem:
    item = access_item_for(session, actor, item_id)
    if item.project_id != project_id:
        access_project_for(session, actor, project_id)
        access_item_for(session, actor, -1)
    return item


@router.get("/reply-templates")
def list_reply_templates(
    session: SessionDep,
    actor: Viewer,
    language: Annotated[Language | None, Query(description="Only this language.")] = None,
) -> list[TemplateOut]:
    """Reply templates of the units you may see."""
    return [
        TemplateOut.model_validate(t) for t in list_templates(session, actor, language=language)
    ]


@router.get("/reply-templates/{template_id}", responses=problem_responses(404))
def get_reply_template(session: SessionDep, actor: Viewer, template_id: int) -> TemplateOut:
    return TemplateOut.model_validate(access_template_for(session, actor, template_id))


@router.post(
    "/reply-templates", status_code=status.HTTP_201_CREATED, responses=problem_responses(404)
)
def create_reply_template(
    session: SessionDep, actor: Answerer, body: TemplateIn, request: Request, response: Response
) -> TemplateOut:
    """Add a template; unknown placeholders are refused (422 names the allowed ones)."""
    template = create_template(session, actor, **body.model_dump())
    response.headers["Location"] = f"{request.url.path}/{template.id}"
    return TemplateOut.model_validate(template)


@router.patch("/reply-templates/{template_id}", responses=problem_responses(404))
def update_reply_template(
    session: SessionDep, actor: Answerer, template_id: int, body: TemplatePatch
) -> TemplateOut:
    template = access_template_for(session, actor, template_id, Permission.ANSWER_FEEDBACK)
    values: dict[str, Any] = {
        "name": template.name,
        "language": template.language,
        "body": template.body,
        "project_id": template.project_id,
        **body.changes(),
    }
    return TemplateOut.model_validate(update_template(session, actor, template_id, **values))


@router.delete(
    "/reply-templates/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404),
)
def delete_reply_template(session: SessionDep, actor: Answerer, template_id: int) -> None:
    """Delete a template; replies written from it keep their text."""
    delete_template(session, actor, template_id)


@router.get(ITEM, responses=problem_responses(404))
def list_feedback_replies(
    session: SessionDep, actor: Viewer, project_id: int, item_id: int
) -> list[ReplyOut]:
    """Replies sent on an item, oldest first, with their e-mail status."""
    item = _item(session, actor, project_id, item_id)
    return [ReplyOut.model_validate(r) for r in list_replies(session, actor, item.id)]


@router.post(f"{ITEM}/check", responses=problem_responses(404))
def check_feedback_reply(
    session: SessionDep, actor: Answerer, project_id: int, item_id: int, body: DraftIn
) -> DraftOut:
    """Run the vacuous-reply check on a draft; nothing is stored or sent."""
    item = _item(session, actor, project_id, item_id)
    draft = check_draft(session, actor, item.id, **body.model_dump())
    warnings = [WarningOut(code=w.code, message=w.message) for w in draft.warnings]
    return DraftOut(language=draft.language, warnings=warnings)


@router.post(ITEM, status_code=status.HTTP_201_CREATED, responses=problem_responses(404, 409))
def send_feedback_reply(
    session: SessionDep,
    settings: SettingsDep,
    actor: Answerer,
    project_id: int,
    item_id: int,
    body: ReplyIn,
) -> ReplyOut:
    """Answer an item: 422 lists the warnings of a vacuous reply unless `confirm_warnings`.

    The item moves to answered (from assigned through in progress, both recorded); the citizen
    is e-mailed when they left an address, and `email_status` says how that went.
    """
    item = _item(session, actor, project_id, item_id)
    reply = send_reply(
        session, actor, item.id, **body.model_dump(), mailer=ReplyMailer.from_settings(settings)
    )
    return ReplyOut.model_validate(reply)


@router.post(f"{ITEM}/{{reply_id}}/retry", responses=problem_responses(404, 409))
def retry_feedback_reply_email(
    session: SessionDep,
    settings: SettingsDep,
    actor: Answerer,
    project_id: int,
    item_id: int,
    reply_id: int,
) -> ReplyOut:
    """Send a reply's e-mail again after a failure; 409 when it was sent or has no address."""
    item = _item(session, actor, project_id, item_id)
    reply = retry_reply_email(
        session, actor, item.id, reply_id, mailer=ReplyMailer.from_settings(settings)
    )
    return ReplyOut.model_validate(reply)
