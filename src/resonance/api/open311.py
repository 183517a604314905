"""Open311 GeoReport v2 under /api/open311/v2: feedback forms as services, items as requests."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel

from resonance.config import SUPPORTED_LOCALES
from resonance.errors import Invalid, NotFound, ResonanceError
from resonance.feedback.intake import (
    ContactInput,
    IntakeKeys,
    RateLimits,
    Submission,
    submit_feedback,
)
from resonance.feedback.models import FeedbackChannel, FeedbackForm, FeedbackItem
from resonance.feedback.queries import (
    get_public_form,
    hash_token,
    items_query,
    list_items_by_reference,
    list_public_forms,
)
from resonance.feedback.statuses import OPEN_STATUSES
from resonance.organization.access import Actor, Permission
from resonance.web.deps import OptionalActor, SessionDep, SettingsDep, access

MAX_LIST = 200
ERROR_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}


def _error(status: int, description: str) -> JSONResponse:
    return JSONResponse([{"code": status, "description": description}], status_code=status)


class Open311Route(APIRoute):
    """Errors of these routes use the Open311 format `[{"code": 400, "description": ...}]`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def wrapped(request: Request) -> Response:
            try:
                return await handler(request)
            except ResonanceError as exc:
                # The spec answers invalid input with 400; it has no 422.
                return _error(400 if exc.status == 422 else exc.status, exc.detail)
            except RequestValidationError as exc:
                parts = [f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors()]
                return _error(400, "; ".join(parts) or "Invalid request.")

        return wrapped


def _responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        s: {
            "description": "Open311 error list",
            "content": {"application/json": {"schema": ERROR_SCHEMA}},
        }
        for s in statuses
    }


router = APIRouter(
    prefix="/api/open311/v2",
    tags=["open311"],
    route_class=Open311Route,
    dependencies=[Depends(access("public"))],
    responses=_responses(400, 404),
)


class Service(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class Attribute(BaseModel):
    variable: bool
    code: str
    datatype: str
    required: bool
    datatype_description: str
    order: int
    description: str
    values: list[dict[str, str]]


class ServiceDefinition(BaseModel):
    service_code: str
    attributes: list[Attribute]


class RequestReceipt(BaseModel):
    service_request_id: str | None
    token: str | None
    service_notice: str
    account_id: str | None


class ServiceRequest(BaseModel):
    service_request_id: str
    status: str
    status_notes: str | None
    service_name: str
    service_code: str
    description: str | None
    agency_responsible: str
    service_notice: str | None
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


def _locale(request: Request) -> str:
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in SUPPORTED_LOCALES:
            return code
    return "en"


def _service(form: FeedbackForm, locale: str) -> Service:
    return Service(
        service_code=form.slug,
        service_name=form.title_in(locale),
        description=form.project.description[:500] or form.project.name_in(locale),
        metadata=bool(form.fields),
        type="realtime",
        keywords="",
        group=form.project.name_in(locale),
    )


@router.get("/services.json")
def open311_services(
    request: Request,
    session: SessionDep,
    jurisdiction_id: Annotated[
        str | None, Query(max_length=200, description="Accepted and ignored: one jurisdiction.")
    ] = None,
) -> list[Service]:
    """Every open feedback form, as an Open311 service (`service_code` is the form's slug)."""
    del jurisdiction_id
    locale = _locale(request)
    return [_service(form, locale) for form in list_public_forms(session)]


def _attribute(spec: dict[str, Any], order: int, locale: str) -> Attribute:
    options = spec.get("options", [])
    datatype = "singlevaluelist" if options and spec["type"] != "text" else "string"
    label = spec["labels"].get(locale) or spec["labels"].get("en") or spec["key"]
    return Attribute(
        variable=True,
        code=spec["key"],
        datatype=datatype,
        required=bool(spec.get("required")),
        datatype_description="",
        order=order,
        description=label,
        values=[{"key": o, "name": o} for o in options],
    )


@router.get("/services/{service_code}.json")
def open311_service(request: Request, session: SessionDep, service_code: str) -> ServiceDefinition:
    """The questions of a form as Open311 attributes (`attribute[code]` when posting)."""
    form = get_public_form(session, service_code)
    locale = _locale(request)
    attributes = [_attribute(s, n, locale) for n, s in enumerate(form.fields, start=1)]
    return ServiceDefinition(service_code=form.slug, attributes=attributes)


def _coordinate(raw: str, name: str, limit: float) -> float | None:
    if not raw.strip():
        return None
    try:
        value = float(raw)
    except ValueError:
        raise Invalid(f"{name} must be a number in decimal degrees.") from None
    if not -limit <= value <= limit:
        raise Invalid(f"{name} must be between -{limit:g} and {limit:g}.")
    return value


def _open311_submission(data: Any, form: FeedbackForm) -> Submission:
    def get(name: str) -> str:
        value = data.get(name, "")
        return value if isinstance(value, str) else ""

    name = " ".join(p for p in (get("first_name").strip(), get("last_name").strip()) if p)
    contact = ContactInput(name=name, email=get("email"), phone=get("phone"))
    region = next((get(f"attribute[{s['key']}]") for s in form.fields if s["type"] == "region"), "")
    return Submission(
        text=get("description"),
        channel=FeedbackChannel.API,
        answers={s["key"]: get(f"attribute[{s['key']}]") for s in form.fields},
        region=region or None,
        # The calling app asked the citizen; contact is kept only where the form collects it.
        contact=contact if form.collect_contact else None,
        consent=form.collect_contact,
        latitude=_coordinate(get("lat"), "lat", 90),
        longitude=_coordinate(get("long"), "long", 180),
        address=get("address_string") or None,
        media_url=get("media_url") or None,
    )


@router.post("/requests.json", responses=_responses(400, 404, 413, 429))
async def open311_create_request(
    request: Request, session: SessionDep, settings: SettingsDep
) -> list[RequestReceipt]:
    """Create a request from an `application/x-www-form-urlencoded` body, as the spec says.

    Fields: service_code, description, lat, long, address_string, email, first_name, last_name,
    phone, media_url, attribute[code]. The returned `token` opens the request's full view.
    """
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        raise Invalid("Send the request as application/x-www-form-urlencoded.")
    data = await request.form()
    code = data.get("service_code")
    if not isinstance(code, str) or not code:
        raise Invalid("service_code is required.")
    form = get_public_form(session, code)
    receipt = submit_feedback(
        session,
        form=form,
        submission=_open311_submission(data, form),
        keys=IntakeKeys.from_settings(settings),
        sender_address=request.client.host if request.client else "unknown",
        limits=RateLimits.from_settings(settings),
    )
    notice = "This request was already received." if receipt.duplicate else ""
    return [
        RequestReceipt(
            service_request_id=receipt.item.reference,
            token=receipt.token,
            service_notice=notice,
            account_id=None,
        )
    ]


def _notes(item: FeedbackItem) -> str | None:
    notes = [e.note for e in item.events if e.note]
    return item.answer or (notes[-1] if notes else None)


def _request_view(item: FeedbackItem, *, full: bool, locale: str) -> ServiceRequest:
    """Status for anyone holding the reference; text and place only for the author or staff."""
    return ServiceRequest(
        service_request_id=item.reference,
        status="open" if item.status in OPEN_STATUSES else "closed",
        status_notes=_notes(item),
        service_name=item.form.title_in(locale),
        service_code=item.form.slug,
        description=item.text if full else None,
        agency_responsible=item.project.owner_unit.name,
        service_notice=None,
        requested_datetime=item.received_at,
        updated_datetime=item.updated_at,
        expected_datetime=None,
        address=item.address if full else None,
        address_id=None,
        zipcode=None,
        lat=item.latitude if full else None,
        long=item.longitude if full else None,
        media_url=item.media_url if full else None,
    )


def _may_see(actor: Actor | None, item: FeedbackItem, token: str) -> bool:
    if actor is not None and actor.can(Permission.VIEW, item.project.owner_unit.path):
        return True
    return bool(token) and hash_token(token) == item.token_hash


@router.get("/requests/{service_request_id}.json")
def open311_request(
    request: Request,
    session: SessionDep,
    actor: OptionalActor,
    service_request_id: str,
    token: Annotated[str, Query(max_length=100, description="The token from the POST.")] = "",
) -> list[ServiceRequest]:
    """One request; its text and location only with its token or for staff who may see it."""
    found = list_items_by_reference(session, [service_request_id])
    if not found:
        raise NotFound(f"There is no request {service_request_id[:20]!r}.")
    item = found[0]
    return [_request_view(item, full=_may_see(actor, item, token), locale=_locale(request))]


def _staff_items(
    session: SessionDep,
    actor: Actor,
    service_code: str | None,
    start_date: datetime | None,
    end_date: datetime | None,
) -> Sequence[FeedbackItem]:
    stmt = items_query(
        actor, form_slug=service_code, received_from=start_date, received_until=end_date
    )
    return session.scalars(stmt.limit(MAX_LIST)).all()


@router.get("/requests.json")
def open311_requests(
    request: Request,
    session: SessionDep,
    actor: OptionalActor,
    service_request_id: Annotated[str, Query(max_length=2000)] = "",
    service_code: Annotated[str | None, Query(max_length=64)] = None,
    start_date: datetime | None = None,
    end_date: datetime | None = None,
    status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None,
) -> list[ServiceRequest]:
    """Requests by `service_request_id` (comma-separated) for anyone; all in scope for staff.

    Anonymous callers get only the requests they name, without text or location.
    """
    if service_request_id:
        items = list_items_by_reference(session, service_request_id.split(","))
    elif actor is not None and actor.can_anywhere(Permission.VIEW):
        items = _staff_items(session, actor, service_code, start_date, end_date)
    else:
        items = []
    locale = _locale(request)
    views = [_request_view(i, full=_may_see(actor, i, ""), locale=locale) for i in items]
    return [v for v in views if status is None or v.status == status]
