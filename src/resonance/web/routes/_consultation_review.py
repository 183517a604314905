"""Staff consultation pages for review: version diffs and change links, anchors, dispositions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from resonance.consultation import queries, services
from resonance.errors import Invalid, ResonanceError
from resonance.feedback.models import FeedbackTheme
from resonance.feedback.redaction import redact
from resonance.organization.access import Actor, Permission
from resonance.web.deps import Analyst, ProjectManager, SessionDep, Viewer
from resonance.web.pagination import paginate
from resonance.web.routes._consultation_common import LABELS
from resonance.web.templating import form_errors, render, request_locale, see_other

# Included by resonance.web.routes.consultations, whose page dependencies (CSRF) apply.
router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
Text = Annotated[str, Form(max_length=400)]
LongText = Annotated[str, Form(max_length=20_000)]


def _themes(session: SessionDep, consultation_id: int) -> list[FeedbackTheme]:
    stmt = select(FeedbackTheme).where(
        FeedbackTheme.consultation_id == consultation_id, FeedbackTheme.retired.is_(False)
    )
    return list(session.scalars(stmt.order_by(FeedbackTheme.id)))


def _diff_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    consultation_id: int,
    number: int,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    consultation = queries.access_consultation_for(session, actor, consultation_id)
    version = queries.get_version(session, consultation.id, number)
    context = {
        "consultation": consultation,
        "version": version,
        "changes": queries.version_changes(session, version),
        "themes": _themes(session, consultation.id),
        "can_manage": actor.can(Permission.MANAGE_PROJECTS, consultation.project.owner_unit.path),
        "errors": errors or {},
        **LABELS,
    }
    return render(request, "consultations/diff.html", context, status=status)


def _diff_url(consultation_id: int, number: int, change_id: int) -> str:
    return f"/consultations/{consultation_id}/versions/{number}?notice=saved#c{change_id}"


@router.get("/consultations/{consultation_id}/versions/{number}")
def diff_page(
    request: Request, session: SessionDep, actor: Viewer, consultation_id: int, number: int
) -> Response:
    return _diff_page(request, session, actor, consultation_id, number)


@router.post("/consultations/{consultation_id}/changes/{change_id}/reason")
def change_reason(
    session: SessionDep,
    actor: ProjectManager,
    consultation_id: int,
    change_id: int,
    number: Annotated[int, Form()] = 1,
    reason: LongText = "",
) -> Response:
    services.set_change_reason(session, actor, consultation_id, change_id=change_id, reason=reason)
    return see_other(
        f"/consultations/{consultation_id}/versions/{number}?notice=saved#c{change_id}"
    )


@router.post("/consultations/{consultation_id}/changes/{change_id}/links")
def change_link(
    request: Request,
    session: SessionDep,
    actor: ProjectManager,
    consultation_id: int,
    change_id: int,
    number: Annotated[int, Form()] = 1,
    reference: Text = "",
    theme: Text = "",
) -> Response:
    try:
        services.link_change(
            session,
            actor,
            consultation_id,
            change_id=change_id,
            item_reference=reference or None,
            theme_id=int(theme) if theme.isdigit() else None,
        )
    except Invalid as exc:
        session.rollback()
        errors = {f"link-{change_id}": exc.detail}
        return _diff_page(
            request, session, actor, consultation_id, number, errors=errors, status=exc.status
        )
    return see_other(
        f"/consultations/{consultation_id}/versions/{number}?notice=saved#c{change_id}"
    )


def _anchors_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    consultation_id: int,
    *,
    page: int = 1,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    consultation = queries.access_consultation_for(session, actor, consultation_id)
    version = queries.find_current_version(session, consultation.id)
    found = paginate(session, queries.anchor_queue_query(consultation.id), page=page)
    sections = {s.key: s for s in version.sections} if version else {}
    manages = actor.can(Permission.MANAGE_PROJECTS, consultation.project.owner_unit.path)
    context = {
        "consultation": consultation,
        "page": found,
        "texts": {i.id: i.text if manages else redact(i.text).text for i in found.items},
        "sections": sections,
        "unanchored": queries.count_unanchored(session, consultation),
        "errors": errors or {},
        **LABELS,
    }
    return render(request, "consultations/anchors.html", context, status=status)


@router.get("/consultations/{consultation_id}/anchors")
def anchors_page(
    request: Request, session: SessionDep, actor: Analyst, consultation_id: int, page: int = 1
) -> Response:
    return _anchors_page(request, session, actor, consultation_id, page=page)


@router.post("/consultations/{consultation_id}/anchors/suggest")
def anchors_suggest(
    request: Request, session: SessionDep, actor: Analyst, consultation_id: int
) -> Response:
    try:
        services.suggest_anchors(session, consultation_id, actor=actor)
    except ResonanceError as exc:
        session.rollback()
        errors = form_errors(exc)
        return _anchors_page(
            request, session, actor, consultation_id, errors=errors, status=exc.status
        )
    return see_other(f"/consultations/{consultation_id}/anchors?notice=saved")


@router.post("/consultations/{consultation_id}/anchors/{item_id}/confirm")
def anchor_confirm(
    request: Request,
    session: SessionDep,
    actor: Analyst,
    consultation_id: int,
    item_id: int,
    section: Text = "",
) -> Response:
    try:
        services.confirm_anchor(
            session, actor, consultation_id, item_id=item_id, section_key=section or None
        )
    except ResonanceError as exc:
        session.rollback()
        errors = {f"item-{item_id}": exc.detail}
        return _anchors_page(
            request, session, actor, consultation_id, errors=errors, status=exc.status
        )
    return see_other(f"/consultations/{consultation_id}/anchors?notice=saved")


@router.post("/consultations/{consultation_id}/anchors/{item_id}/reject")
def anchor_reject(
    session: SessionDep, actor: Analyst, consultation_id: int, item_id: int
) -> Response:
    services.reject_anchor(session, actor, consultation_id, item_id=item_id)
    return see_other(f"/consultations/{consultation_id}/anchors?notice=saved")


def _dispositions_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    consultation_id: int,
    *,
    errors: dict[str, str] | None = None,
    values: dict[int, Any] | None = None,
    status: int = 200,
) -> Response:
    consultation = queries.access_consultation_for(session, actor, consultation_id)
    context = {
        "consultation": consultation,
        "rows": queries.you_said_we_did(session, consultation, request_locale(request)),
        "can_manage": actor.can(Permission.MANAGE_PROJECTS, consultation.project.owner_unit.path),
        "dispositions": services.DISPOSITIONS,
        "errors": errors or {},
        "values": values or {},
        **LABELS,
    }
    return render(request, "consultations/dispositions.html", context, status=status)


@router.get("/consultations/{consultation_id}/dispositions")
def dispositions_page(
    request: Request, session: SessionDep, actor: Viewer, consultation_id: int
) -> Response:
    return _dispositions_page(request, session, actor, consultation_id)


@router.post("/consultations/{consultation_id}/dispositions/{theme_id}")
def disposition_set(
    request: Request,
    session: SessionDep,
    actor: ProjectManager,
    consultation_id: int,
    theme_id: int,
    disposition: Text = "",
    reason: LongText = "",
) -> Response:
    try:
        services.set_disposition(
            session,
            actor,
            consultation_id,
            theme_id=theme_id,
            disposition=disposition,
            reason=reason,
        )
    except Invalid as exc:
        session.rollback()
        return _dispositions_page(
            request,
            session,
            actor,
            consultation_id,
            errors={f"theme-{theme_id}": exc.detail},
            values={theme_id: {"disposition": disposition, "reason": reason}},
            status=exc.status,
        )
    return see_other(f"/consultations/{consultation_id}/dispositions?notice=saved#t{theme_id}")
