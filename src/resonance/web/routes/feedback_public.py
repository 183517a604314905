"""Public feedback pages: a project's form, the private status page and the embeddable widget."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from resonance.errors import Invalid, RateLimited
from resonance.feedback.intake import (
    ContactInput,
    IntakeKeys,
    RateLimits,
    Receipt,
    Submission,
    submit_feedback,
)
from resonance.feedback.models import FeedbackChannel, FeedbackForm
from resonance.feedback.queries import get_public_form, item_for_citizen
from resonance.feedback.replies import citizen_view
from resonance.storage.engine import serialized_write
from resonance.web.csrf import embed_token_for
from resonance.web.deps import SessionDep, SettingsDep, access
from resonance.web.labels import FEEDBACK_STATUS_LABELS
from resonance.web.templating import form_errors, page_router, render

router = page_router()
router.dependencies.append(Depends(access("public")))
HONEYPOT = "website"


def _submission(form_data: Any, form: FeedbackForm, channel: FeedbackChannel) -> Submission:
    def get(name: str) -> str:
        value = form_data.get(name, "")
        return value if isinstance(value, str) else ""

    keys = [spec["key"] for spec in form.fields if spec.get("type") != "region"]
    contact = ContactInput(name=get("name"), email=get("email"), phone=get("phone"))
    return Submission(
        text=get("text"),
        channel=channel,
        answers={key: get(f"q_{key}") for key in keys},
        region=get("region") or None,
        contact=contact if form.collect_contact else None,
        consent=get("consent") == "yes",
        honeypot=get(HONEYPOT),
    )


def _form_context(request: Request, form: FeedbackForm, **extra: Any) -> dict[str, Any]:
    locale = getattr(request.state, "locale", None)
    context = {"form": form, "honeypot": HONEYPOT, "locale_hint": locale, **extra}
    if request.url.path.endswith("/embed"):
        # Inside a third-party iframe our cookies are not sent: use a form-bound token.
        context["csrf_token"] = embed_token_for(request, form.slug)
    return context


async def _submit(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form: FeedbackForm,
    channel: FeedbackChannel,
    template: str,
) -> Response:
    data = await request.form()
    submission = _submission(data, form, channel)

    def store() -> Receipt:
        # SQLite: concurrent posts queue for the write lock instead of failing. Database work
        # stays off the event loop, so a request waiting for the lock (or for a pooled
        # connection) never stops the holder from finishing.
        with serialized_write(session):
            receipt = submit_feedback(
                session,
                form=form,
                submission=submission,
                keys=IntakeKeys.from_settings(settings),
                sender_address=request.client.host if request.client else "unknown",
                limits=RateLimits.from_settings(settings),
            )
            session.commit()  # hold the write lock only while storing, not while rendering
        return receipt

    try:
        receipt = await run_in_threadpool(store)
    except (Invalid, RateLimited) as exc:
        values = {k: v for k, v in data.items() if isinstance(v, str) and k != "csrf_token"}
        context = _form_context(request, form, errors=form_errors(exc), values=values)
        return render(request, template, context, status=exc.status)
    return render(request, "feedback/thanks.html", _receipt_context(request, receipt))


def _receipt_context(request: Request, receipt: Receipt) -> dict[str, Any]:
    reference = receipt.item.reference
    link = None
    if receipt.token:
        link = str(request.base_url).rstrip("/") + f"/f/status/{reference}?t={receipt.token}"
    return {"reference": reference, "status_link": link, "duplicate": receipt.duplicate}


@router.get("/f/status/{reference}")
def status_page(request: Request, session: SessionDep, reference: str, t: str = "") -> Response:
    item = item_for_citizen(session, reference, t[:100])
    context = {
        "item": item,
        "status_labels": FEEDBACK_STATUS_LABELS,
        "reply_view": citizen_view(session, item),
    }
    response = render(request, "feedback/status.html", context)
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/f/{form_slug}")
def form_page(request: Request, session: SessionDep, form_slug: str) -> Response:
    form = get_public_form(session, form_slug)
    return render(request, "feedback/public_form.html", _form_context(request, form, values={}))


@router.post("/f/{form_slug}")
async def submit_form(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form_slug: str,
) -> Response:
    form = await run_in_threadpool(get_public_form, session, form_slug)
    return await _submit(
        request, session, settings, form, FeedbackChannel.WEB, "feedback/public_form.html"
    )


def _referring_origin(request: Request) -> str | None:
    raw = request.headers.get("origin") or request.headers.get("referer")
    if not raw:
        return None
    parts = urlsplit(raw)
    return f"{parts.scheme}://{parts.netloc.lower()}" if parts.scheme and parts.netloc else None


def _embed_response(request: Request, form: FeedbackForm, response: Response) -> Response:
    own = str(request.base_url).rstrip("/")
    origin = _referring_origin(request)
    if not form.allowed_origins or (
        origin and origin != own and origin not in form.allowed_origins
    ):
        return render(request, "feedback/embed_refused.html", {"origin": origin}, status=403)
    ancestors = " ".join(["'self'", *form.allowed_origins])
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        f"frame-ancestors {ancestors}; form-action 'self'"
    )
    return response


@router.get("/f/{form_slug}/embed")
def embed_page(request: Request, session: SessionDep, form_slug: str) -> Response:
    form = get_public_form(session, form_slug)
    page = render(request, "feedback/embed.html", _form_context(request, form, values={}))
    return _embed_response(request, form, page)


@router.post("/f/{form_slug}/embed")
async def submit_embed(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form_slug: str,
) -> Response:
    form = await run_in_threadpool(get_public_form, session, form_slug)
    refused = _embed_response(request, form, Response())
    if refused.status_code == 403:  # checked before anything is stored
        return refused
    page = await _submit(
        request, session, settings, form, FeedbackChannel.WIDGET, "feedback/embed.html"
    )
    return _embed_response(request, form, page)
