"""Reply templates: per unit and language, with checked placeholders filled from the item."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping, Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from resonance.audit.services import record, snapshot
from resonance.config import SUPPORTED_LOCALES
from resonance.errors import Invalid, NotFound
from resonance.feedback.models import FeedbackItem, ReplyTemplate
from resonance.monitoring.models import Project
from resonance.organization.access import Actor, Permission
from resonance.organization.models import Unit
from resonance.organization.queries import get_unit, scope_filter

MAX_TEMPLATE_CHARS = 5_000
PLACEHOLDERS: Mapping[str, str] = {
    "reference": "the request's reference (RSN-…)",
    "date": "the day the request arrived (YYYY-MM-DD)",
    "form": "the title of the form, in the template's language",
    "unit": "the name of the unit that owns the project",
}
"""The placeholders a template may use, with what each becomes."""


def check_placeholders(body: str) -> list[str]:
    """The placeholder names used in `body`; Invalid for unknown ones or broken braces."""
    used: list[str] = []
    try:
        parsed = list(string.Formatter().parse(body))
    except ValueError as exc:
        raise Invalid(
            f"The template has a stray brace ({exc}); write {{{{ and }}}} for literal braces.",
            field="body",
        ) from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            known = ", ".join(f"{{{k}}}" for k in PLACEHOLDERS)
            raise Invalid(
                f"{{{name}}} is not a placeholder; use one of {known}.", field="body", name=name
            )
        used.append(name)
    return used


def placeholder_values(item: FeedbackItem, language: str) -> dict[str, str]:
    return {
        "reference": item.reference,
        "date": item.received_at.date().isoformat(),
        "form": item.form.title_in(language),
        "unit": item.project.owner_unit.name,
    }


def fill_template(body: str, item: FeedbackItem, language: str) -> str:
    """The template text for this item (placeholders were checked when it was saved)."""
    check_placeholders(body)
    return body.format_map(placeholder_values(item, language))


def _clean(name: str, language: str, body: str) -> tuple[str, str, str]:
    name = " ".join(name.split())
    if not name:
        raise Invalid("Give the template a name.", field="name")
    if len(name) > 200:
        raise Invalid("Keep the name under 200 characters.", field="name")
    if language not in SUPPORTED_LOCALES:
        known = ", ".join(SUPPORTED_LOCALES)
        raise Invalid(f"{language!r} is not a language of replies (use {known}).", field="language")
    body = unicodedata.normalize("NFC", body.replace("\x00", "")).strip()
    if not body:
        raise Invalid("Write the text of the template.", field="body")
    if len(body) > MAX_TEMPLATE_CHARS:
        raise Invalid(
            f"The template is {len(body):,} characters long; the limit is {MAX_TEMPLATE_CHARS:,}.",
            field="body",
        )
    check_placeholders(body)
    return name, language, body


def access_template_for(
    session: Session, actor: Actor, template_id: int, permission: Permission = Permission.VIEW
) -> ReplyTemplate:
    """The template, if its unit is in the actor's scope and they hold `permission` there."""
    template = session.get(ReplyTemplate, template_id)
    unit = session.get(Unit, template.unit_id) if template is not None else None
    if template is None or unit is None or not actor.can(Permission.VIEW, unit.path):
        raise NotFound(f"There is no reply template with id {template_id}.")
    actor.require(permission, unit.path, f"change the reply template {template.name!r}")
    return template


def _check_project(session: Session, unit: Unit, project_id: int | None) -> int | None:
    if project_id is None:
        return None
    project = session.get(Project, project_id)
    owner = session.get(Unit, project.owner_unit_id) if project is not None else None
    if owner is None or not owner.path.startswith(unit.path):
        raise Invalid(
            "A template may be limited only to a project of its unit or the units below.",
            field="project_id",
        )
    return project_id


def create_template(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    name: str,
    language: str,
    body: str,
    project_id: int | None = None,
) -> ReplyTemplate:
    unit = get_unit(session, unit_id)
    if not actor.can(Permission.VIEW, unit.path):
        raise NotFound(f"There is no unit with id {unit_id}.")
    actor.require(Permission.ANSWER_FEEDBACK, unit.path, "add reply templates to this unit")
    name, language, body = _clean(name, language, body)
    template = ReplyTemplate(
        unit_id=unit.id,
        project_id=_check_project(session, unit, project_id),
        name=name,
        language=language,
        body=body,
    )
    session.add(template)
    session.flush()
    record(
        session,
        actor=actor,
        action="reply_template.create",
        entity_type="reply_template",
        entity_id=template.id,
        unit_id=unit.id,
        after=snapshot(template),
    )
    return template


def update_template(
    session: Session,
    actor: Actor,
    template_id: int,
    *,
    name: str,
    language: str,
    body: str,
    project_id: int | None = None,
) -> ReplyTemplate:
    template = access_template_for(session, actor, template_id, Permission.ANSWER_FEEDBACK)
    before = snapshot(template)
    name, language, body = _clean(name, language, body)
    unit = get_unit(session, template.unit_id)
    template.project_id = _check_project(session, unit, project_id)
    template.name, template.language, template.body = name, language, body
    session.flush()
    record(
        session,
        actor=actor,
        action="reply_template.update",
        entity_type="reply_template",
        entity_id=template.id,
        unit_id=template.unit_id,
        before=before,
        after=snapshot(template),
    )
    return template


def delete_template(session: Session, actor: Actor, template_id: int) -> None:
    """Delete a template; replies written from it keep their text (template_id becomes NULL)."""
    template = access_template_for(session, actor, template_id, Permission.ANSWER_FEEDBACK)
    before = snapshot(template)
    session.delete(template)
    session.flush()
    record(
        session,
        actor=actor,
        action="reply_template.delete",
        entity_type="reply_template",
        entity_id=template_id,
        unit_id=before["unit_id"],
        before=before,
    )


def list_templates(
    session: Session, actor: Actor, *, language: str | None = None
) -> Sequence[ReplyTemplate]:
    """Templates of units in the actor's scope, by language then name."""
    stmt = (
        select(ReplyTemplate)
        .join(Unit, Unit.id == ReplyTemplate.unit_id)
        .where(scope_filter(actor, Permission.VIEW, Unit.path))
    )
    if language:
        stmt = stmt.where(ReplyTemplate.language == language)
    return session.scalars(stmt.order_by(ReplyTemplate.language, ReplyTemplate.name)).all()


def _ancestor_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part.isdigit()]


def templates_for_item(
    session: Session, item: FeedbackItem, *, language: str | None = None
) -> Sequence[ReplyTemplate]:
    """Templates usable on an item: of its owner or assigned unit or any unit above them."""
    units = _ancestor_ids(item.project.owner_unit.path)
    assigned = session.get(Unit, item.unit_id) if item.unit_id else None
    if assigned is not None:  # the unit the item was routed to answers it with its templates
        units += _ancestor_ids(assigned.path)
    stmt = select(ReplyTemplate).where(
        ReplyTemplate.unit_id.in_(units),
        or_(ReplyTemplate.project_id.is_(None), ReplyTemplate.project_id == item.project_id),
    )
    if language:
        stmt = stmt.where(ReplyTemplate.language == language)
    return session.scalars(stmt.order_by(ReplyTemplate.language, ReplyTemplate.name)).all()


def template_for_item(session: Session, item: FeedbackItem, template_id: int) -> ReplyTemplate:
    """A template usable on this item, or NotFound (another unit's template is not revealed)."""
    for template in templates_for_item(session, item):
        if template.id == template_id:
            return template
    raise NotFound(
        f"There is no reply template with id {template_id} for {item.reference}.",
        field="template_id",
    )
