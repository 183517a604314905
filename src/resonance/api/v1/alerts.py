"""Alerts: list, read, acknowledge; one's own alert subscriptions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import Field

from resonance.alerts import queries
from resonance.alerts.models import AlertKind, AlertStatus, AlertSubscription, Channel
from resonance.alerts.services import acknowledge_alert
from resonance.alerts.subscriptions import (
    create_subscription,
    delete_subscription,
    update_subscription,
)
from resonance.api.openapi import problem_responses
from resonance.api.pagination import Page, PageDep, paginate
from resonance.api.schemas import Body, Out, Patch
from resonance.web.deps import Analyst, SessionDep, SignedIn, Viewer

router = APIRouter(tags=["alerts"])
MASK = "********"


class AlertOut(Out):
    id: int
    kind: AlertKind
    status: AlertStatus
    severity: str
    unit_id: int
    project_id: int | None
    subject: str = Field(description='"" (whole project), "lang:uk", "source:7" or "kpi:3".')
    first_seen_at: datetime
    last_seen_at: datetime
    occurrences: int = Field(description="Detections grouped into this alert.")
    explanation: dict[str, Any] = Field(
        description="Rule, observed vs expected with the interval, window, and drivers."
    )
    notified_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by_id: int | None
    acknowledgement_note: str
    closed_at: datetime | None


class AcknowledgeBody(Body):
    note: str = Field(default="", max_length=2000, description="What was decided or done.")


class SubscriptionOut(Out):
    id: int
    project_id: int | None = Field(description="null: every project you may see.")
    kinds: list[str] = Field(description="Empty: every kind.")
    channels: list[Channel]
    webhook_url: str | None
    webhook_secret: str | None = Field(description="Shown in full only when created.")
    telegram_chat_id: str | None
    enabled: bool
    created_at: datetime
    updated_at: datetime


class SubscriptionCreate(Body):
    project_id: int | None = None
    kinds: list[AlertKind] = Field(default_factory=list, max_length=10)
    channels: list[Channel] = Field(default_factory=lambda: [Channel.INAPP], max_length=4)
    webhook_url: str | None = Field(default=None, max_length=2048)
    webhook_secret: str | None = Field(
        default=None, min_length=16, max_length=200, description="Generated when left out."
    )
    telegram_chat_id: str | None = Field(default=None, max_length=64)
    enabled: bool = True


class SubscriptionUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset(
        {"project_id", "webhook_url", "webhook_secret", "telegram_chat_id"}
    )

    project_id: int | None = None
    kinds: list[AlertKind] | None = Field(default=None, max_length=10)
    channels: list[Channel] | None = Field(default=None, max_length=4)
    webhook_url: str | None = Field(default=None, max_length=2048)
    webhook_secret: str | None = Field(default=None, min_length=16, max_length=200)
    telegram_chat_id: str | None = Field(default=None, max_length=64)
    enabled: bool | None = None


def _subscription_out(sub: AlertSubscription, *, reveal: bool = False) -> SubscriptionOut:
    out = SubscriptionOut.model_validate(sub)
    if sub.webhook_secret and not reveal:
        out.webhook_secret = MASK
    return out


@router.get("/alert-subscriptions")
def list_alert_subscriptions(
    session: SessionDep, actor: SignedIn, request: Request, response: Response, page: PageDep
) -> Page[SubscriptionOut]:
    """Your alert subscriptions (webhook secrets masked)."""
    result = paginate(
        session,
        queries.subscriptions_query(actor),
        SubscriptionOut,
        page=page,
        request=request,
        response=response,
    )
    for item in result.items:
        if item.webhook_secret:
            item.webhook_secret = MASK
    return result


@router.post(
    "/alert-subscriptions", status_code=status.HTTP_201_CREATED, responses=problem_responses(404)
)
def create_alert_subscription(
    session: SessionDep, actor: SignedIn, body: SubscriptionCreate
) -> SubscriptionOut:
    """Subscribe yourself; a project must be one you may see. Copy the webhook secret now."""
    sub = create_subscription(session, actor, **body.model_dump())
    return _subscription_out(sub, reveal=True)


@router.get("/alert-subscriptions/{subscription_id}", responses=problem_responses(404))
def get_alert_subscription(
    session: SessionDep, actor: SignedIn, subscription_id: int
) -> SubscriptionOut:
    return _subscription_out(queries.access_subscription_for(session, actor, subscription_id))


@router.patch("/alert-subscriptions/{subscription_id}", responses=problem_responses(404))
def update_alert_subscription(
    session: SessionDep, actor: SignedIn, subscription_id: int, body: SubscriptionUpdate
) -> SubscriptionOut:
    sub = update_subscription(session, actor, subscription_id, **body.changes())
    return _subscription_out(sub, reveal="webhook_secret" in body.model_fields_set)


@router.delete(
    "/alert-subscriptions/{subscription_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404),
)
def delete_alert_subscription(session: SessionDep, actor: SignedIn, subscription_id: int) -> None:
    delete_subscription(session, actor, subscription_id)


@router.get("/alerts")
def list_alerts(
    session: SessionDep,
    actor: Viewer,
    request: Request,
    response: Response,
    page: PageDep,
    project_id: int | None = None,
    kind: AlertKind | None = None,
    alert_status: Annotated[AlertStatus | None, Query(alias="status")] = None,
    unread: Annotated[bool, Query(description="Only alerts with unread in-app notices.")] = False,
) -> Page[AlertOut]:
    """Alerts of the projects and units you may see, most recent activity first."""
    stmt = queries.alerts_query(
        actor,
        project_id=project_id,
        kind=kind.value if kind else None,
        status=alert_status.value if alert_status else None,
        unread=unread,
    )
    return paginate(session, stmt, AlertOut, page=page, request=request, response=response)


@router.get("/alerts/{alert_id}", responses=problem_responses(404))
def get_alert(session: SessionDep, actor: Viewer, alert_id: int) -> AlertOut:
    return AlertOut.model_validate(queries.access_alert_for(session, actor, alert_id))


@router.post("/alerts/{alert_id}/acknowledge", responses=problem_responses(404, 409))
def acknowledge(
    session: SessionDep, actor: Analyst, alert_id: int, body: AcknowledgeBody
) -> AlertOut:
    """Record that you saw the alert and what was decided (audited); needs ANALYSE."""
    return AlertOut.model_validate(acknowledge_alert(session, actor, alert_id, note=body.note))
