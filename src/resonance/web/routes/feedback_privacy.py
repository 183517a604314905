"""Data requests: a citizen downloads or erases their data from the status page; staff export it."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.errors import NotFound
from resonance.feedback.data_requests import (
    erase_citizen_contact,
    export_citizen_data,
    export_item_data,
)
from resonance.feedback.intake import IntakeKeys
from resonance.web.deps import ProjectManager, PublicActor, SessionDep, SettingsDep
from resonance.web.templating import form_errors, page_router, render

router = page_router()
Token = Annotated[str, Form(max_length=100)]
Reference = Annotated[str, Form(max_length=40)]


def _json_download(data: dict[str, Any], reference: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{reference}.json"',
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
        },
    )


@router.post("/f/status/{reference}/data")
def citizen_data(
    session: SessionDep, settings: SettingsDep, _: PublicActor, reference: str, t: Token = ""
) -> Response:
    data = export_citizen_data(
        session, reference=reference, token=t, keys=IntakeKeys.from_settings(settings)
    )
    return _json_download(data, data["reference"])


@router.post("/f/status/{reference}/contact/delete")
def citizen_erase(
    request: Request, session: SessionDep, _: PublicActor, reference: str, t: Token = ""
) -> Response:
    erased = erase_citizen_contact(session, reference=reference, token=t)
    status_link = f"/f/status/{reference.strip().upper()[:16]}?t={t}"
    response = render(
        request, "feedback/data_erased.html", {"erased": erased, "status_link": status_link}
    )
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/feedback/data-requests")
def data_request_page(request: Request, _: ProjectManager) -> Response:
    return render(request, "feedback/data_request.html", {"values": {}, "errors": {}})


@router.post("/feedback/data-requests")
def data_request_export(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: ProjectManager,
    reference: Reference = "",
) -> Response:
    try:
        data = export_item_data(
            session, actor, reference=reference, keys=IntakeKeys.from_settings(settings)
        )
    except NotFound as exc:
        context = {
            "values": {"reference": reference},
            "errors": form_errors(exc, default="reference"),
        }
        return render(request, "feedback/data_request.html", context, status=404)
    return _json_download(data, data["reference"])
