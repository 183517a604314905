"""Alert pages: the list with filters, the explained detail, acknowledgement, subscriptions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.alerts.models import AlertKind, AlertStatus, Channel
from resonance.alerts.queries import (
    alert_detail,
    alerts_query,
    list_subscriptions,
    projects_by_id,
    unread_alert_ids,
    unread_count,
)
from resonance.alerts.services import acknowledge_alert, mark_read
from resonance.alerts.subscriptions import create_subscription, delete_subscription
from resonance.errors import ResonanceError
from resonance.monitoring.queries import list_projects
from resonance.organization.access import Actor
from resonance.web.deps import Analyst, SessionDep, SignedIn, Viewer
from resonance.web.i18n import N_
from resonance.web.pagination import paginate
from resonance.web.templating import form_errors, page_router, render, render_page, see_other

router = page_router()
PER_PAGE = 25
Note = Annotated[str, Form(max_length=2000)]

KIND_LABELS: dict[str, str] = {
    AlertKind.VOLUME_SPIKE: N_("Spike in mentions"),
    AlertKind.VOLUME_DROP: N_("Drop in mentions"),
    AlertKind.NEGATIVE_SHARE: N_("Rise in the negative share"),
    AlertKind.SOURCE_SILENT: N_("Source went silent"),
    AlertKind.KPI_STATUS: N_("KPI status changed"),
    AlertKind.FEEDBACK_DEADLINE: N_("Feedback response deadline"),
}
STATUS_LABELS: dict[str, str] = {
    AlertStatus.OPEN: N_("open"),
    AlertStatus.ACKNOWLEDGED: N_("acknowledged"),
    AlertStatus.CLOSED: N_("closed"),
}
SEVERITY_LABELS: dict[str, str] = {
    "info": N_("information"),
    "warning": N_("warning"),
    "critical": N_("critical"),
}
CHANNEL_LABELS: dict[str, str] = {
    Channel.INAPP: N_("In the app"),
    Channel.EMAIL: N_("E-mail"),
    Channel.WEBHOOK: N_("Webhook"),
    Channel.TELEGRAM: N_("Telegram"),
}
DIMENSION_LABELS: dict[str, str] = {
    "sources": N_("Sources"),
    "languages": N_("Languages"),
    "clusters": N_("Stories (clusters)"),
    "queries": N_("Queries"),
}
KPI_LABELS: dict[str, str] = {
    "on_track": N_("on track"),
    "at_risk": N_("at risk"),
    "off_track": N_("off track"),
}
DONE: dict[str, str] = {
    "acknowledged": N_("The alert was acknowledged."),
    "read": N_("All alerts are marked as read."),
    "subscribed": N_("Subscription saved."),
    "unsubscribed": N_("Subscription removed."),
}
LABELS = {
    "kinds": KIND_LABELS,
    "statuses": STATUS_LABELS,
    "severities": SEVERITY_LABELS,
    "channels": CHANNEL_LABELS,
    "dimensions": DIMENSION_LABELS,
    "kpi": KPI_LABELS,
}


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@router.get("/alerts")
def alerts_page(
    request: Request,
    session: SessionDep,
    actor: Viewer,
    project: str = "",
    kind: str = "",
    status: str = "",
    unread: str = "",
    page: int = 1,
    done: str = "",
) -> Response:
    filters = {
        "project": project[:12],
        "kind": kind if kind in KIND_LABELS else "",
        "status": status if status in STATUS_LABELS else "",
        "unread": "1" if unread else "",
    }
    stmt = alerts_query(
        actor,
        project_id=_int_or_none(filters["project"]),
        kind=filters["kind"] or None,
        status=filters["status"] or None,
        unread=bool(filters["unread"]),
    )
    listing = paginate(session, stmt, page=page, per_page=PER_PAGE, filters=filters)
    ids = [a.id for a in listing.items]
    context = {
        "page": listing,
        "filters": filters,
        "projects": list_projects(session, actor),
        "names": projects_by_id(session, [a.project_id for a in listing.items]),
        "unread_ids": unread_alert_ids(session, actor.user_id or -1, ids),
        "labels": LABELS,
        "done": DONE.get(done),
    }
    return render_page(request, "alerts/index.html", context, fragment="alerts/_list.html")


@router.get("/alerts/unread")
def unread_badge(request: Request, session: SessionDep, actor: SignedIn) -> Response:
    """The nav badge, fetched by HTMX: one COUNT."""
    count = unread_count(session, actor.user_id) if actor.user_id is not None else 0
    return render(request, "alerts/_unread.html", {"count": count})


@router.post("/alerts/read")
def read_all(request: Request, session: SessionDep, actor: Viewer) -> Response:
    del request
    mark_read(session, actor)
    return see_other("/alerts?done=read")


def _subscriptions_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    projects = list_projects(session, actor)
    context = {
        "subscriptions": list_subscriptions(session, actor),
        "projects": projects,
        "names": {p.id: p for p in projects},
        "values": values or {"channels": [Channel.INAPP.value], "kinds": []},
        "errors": errors or {},
        "labels": LABELS,
        "done": DONE.get(done),
    }
    return render(request, "alerts/subscriptions.html", context, status=status)


@router.get("/alerts/subscriptions")
def subscriptions_page(
    request: Request, session: SessionDep, actor: SignedIn, done: str = ""
) -> Response:
    return _subscriptions_page(request, session, actor, done=done)


@router.post("/alerts/subscriptions")
async def subscribe(request: Request, session: SessionDep, actor: SignedIn) -> Response:
    form = await request.form()
    values = {
        "project_id": _int_or_none(str(form.get("project_id") or "")),
        "kinds": [str(k) for k in form.getlist("kinds")][:10],
        "channels": [str(c) for c in form.getlist("channels")][:10],
        "webhook_url": str(form.get("webhook_url") or "")[:2048] or None,
        "telegram_chat_id": str(form.get("telegram_chat_id") or "")[:64] or None,
    }
    try:
        create_subscription(session, actor, **values)
    except ResonanceError as exc:
        session.rollback()
        errors = form_errors(exc)
        return _subscriptions_page(
            request, session, actor, values=values, errors=errors, status=exc.status
        )
    return see_other("/alerts/subscriptions?done=subscribed")


@router.post("/alerts/subscriptions/{subscription_id}/delete")
def unsubscribe(
    request: Request, session: SessionDep, actor: SignedIn, subscription_id: int
) -> Response:
    del request
    delete_subscription(session, actor, subscription_id)
    return see_other("/alerts/subscriptions?done=unsubscribed")


@router.get("/alerts/{alert_id}")
def alert_page(
    request: Request, session: SessionDep, actor: Viewer, alert_id: int, done: str = ""
) -> Response:
    detail = alert_detail(session, actor, alert_id)
    mark_read(session, actor, alert_id=alert_id)
    context = {"d": detail, "labels": LABELS, "done": DONE.get(done), "errors": {}}
    return render(request, "alerts/detail.html", context)


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge(
    request: Request, session: SessionDep, actor: Analyst, alert_id: int, note: Note = ""
) -> Response:
    try:
        acknowledge_alert(session, actor, alert_id, note=note)
    except ResonanceError as exc:
        if exc.status not in (409, 422):
            raise
        session.rollback()
        detail = alert_detail(session, actor, alert_id)
        context = {"d": detail, "labels": LABELS, "errors": form_errors(exc, default="note")}
        return render(request, "alerts/detail.html", context, status=exc.status)
    return see_other(f"/alerts/{alert_id}?done=acknowledged")
