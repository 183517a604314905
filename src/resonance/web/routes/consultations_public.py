"""Public consultation pages: the draft by section, comment forms, comments, changes, decisions."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response

from resonance.config import SUPPORTED_LOCALES
from resonance.consultation import queries, services
from resonance.consultation.models import Consultation, ConsultationSection
from resonance.errors import NotFound, ResonanceError
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import FeedbackChannel
from resonance.feedback.redaction import redact
from resonance.web.deps import SessionDep, SettingsDep, access
from resonance.web.pagination import paginate
from resonance.web.routes._consultation_common import LABELS
from resonance.web.routes.feedback_public import HONEYPOT, _receipt_context, _submission
from resonance.web.templating import form_errors, page_router, render, request_locale

router = page_router()
router.dependencies.append(Depends(access("public")))
PER_PAGE = 20


def _base(request: Request, consultation: Consultation) -> dict[str, Any]:
    locale = request_locale(request)
    summary = consultation.summaries.get(locale) or consultation.summaries.get("en") or ""
    return {
        "consultation": consultation,
        "summary": summary or next(iter(consultation.summaries.values()), ""),
        "open": services.comments_open(consultation),
        "draft_lang": consultation.language if consultation.language in SUPPORTED_LOCALES else "",
        **LABELS,
    }


@router.get("/c/{slug}")
def consultation_page(request: Request, session: SessionDep, slug: str) -> Response:
    consultation = queries.get_public_consultation(session, slug)
    context = {
        **_base(request, consultation),
        "version": queries.find_current_version(session, consultation.id),
        "counts": queries.public_comment_counts(session, consultation.id),
        "stages": queries.stage_rows(session, consultation.id),
        "rows": queries.you_said_we_did(session, consultation, request_locale(request)),
        "form": consultation.form,
        "honeypot": HONEYPOT,
        "values": {},
        "errors": {},
    }
    return render(request, "consultations/public.html", context)


def _section(
    session: SessionDep, consultation: Consultation, key: str
) -> ConsultationSection | None:
    if not key:
        return None
    version = queries.find_current_version(session, consultation.id)
    section = queries.find_section(session, version.id, key) if version else None
    if section is None:
        raise NotFound("The draft has no such section.")
    return section


def _comment_page(
    request: Request,
    consultation: Consultation,
    section: ConsultationSection | None,
    *,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        **_base(request, consultation),
        "section": section,
        "form": consultation.form,
        "honeypot": HONEYPOT,
        "values": values,
        "errors": errors or {},
    }
    return render(request, "consultations/public_comment.html", context, status=status)


@router.get("/c/{slug}/comment")
def comment_page(request: Request, session: SessionDep, slug: str, section: str = "") -> Response:
    consultation = queries.get_public_consultation(session, slug)
    found = _section(session, consultation, section[:64])
    return _comment_page(request, consultation, found, values={})


@router.post("/c/{slug}/comment")
async def submit_comment(
    request: Request, session: SessionDep, settings: SettingsDep, slug: str, section: str = ""
) -> Response:
    consultation = queries.get_public_consultation(session, slug)
    found = _section(session, consultation, section[:64])
    data = await request.form()
    try:
        receipt = services.submit_comment(
            session,
            consultation=consultation,
            submission=_submission(data, consultation.form, FeedbackChannel.WEB),
            section_key=found.key if found else None,
            keys=IntakeKeys.from_settings(settings),
            sender_address=request.client.host if request.client else "unknown",
        )
    except ResonanceError as exc:
        session.rollback()
        values = {k: v for k, v in data.items() if isinstance(v, str) and k != "csrf_token"}
        return _comment_page(
            request,
            consultation,
            found,
            values=values,
            errors=form_errors(exc),
            status=exc.status,
        )
    return render(request, "feedback/thanks.html", _receipt_context(request, receipt))


@router.get("/c/{slug}/comments")
def comments_page(
    request: Request, session: SessionDep, slug: str, section: str = "", page: int = 1
) -> Response:
    consultation = queries.get_public_consultation(session, slug)
    section = section[:64]
    found = None if section in ("", queries.WHOLE) else _section(session, consultation, section)
    stmt = queries.public_comments_query(consultation.id, section=section)
    listed = paginate(session, stmt, page=page, per_page=PER_PAGE, filters={"section": section})
    context = {
        **_base(request, consultation),
        "page": listed,
        "texts": {item.id: redact(item.text).text for item in listed.items},
        "section": found,
        "whole": section == queries.WHOLE,
    }
    return render(request, "consultations/public_comments.html", context)


@router.get("/c/{slug}/changes")
def changes_page(request: Request, session: SessionDep, slug: str, version: int = 0) -> Response:
    consultation = queries.get_public_consultation(session, slug)
    current = queries.find_current_version(session, consultation.id)
    number = version or (current.number if current else 0)
    shown = queries.get_version(session, consultation.id, number) if current else None
    context = {
        **_base(request, consultation),
        "version": shown,
        "versions": consultation.versions,
        "changes": queries.version_changes(session, shown) if shown else [],
    }
    return render(request, "consultations/public_changes.html", context)
