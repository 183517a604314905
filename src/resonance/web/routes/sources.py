"""Sources: list with health, create and edit with the connector's config form, runs, fetch now."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from resonance.errors import ResonanceError
from resonance.ingest.push import request_fetch
from resonance.organization.access import Actor, Permission
from resonance.organization.queries import get_unit, list_units
from resonance.sources.config_form import (
    config_errors,
    config_fields,
    form_values,
    keep_masked_secrets,
    masked,
    parse_config_form,
)
from resonance.sources.models import Source
from resonance.sources.overview import health_of, runs_query, source_with_health, sources_query
from resonance.sources.queries import access_source_for
from resonance.sources.registry import default_registry
from resonance.sources.services import (
    create_source,
    disable_source,
    enable_source,
    update_source,
)
from resonance.storage.base import utcnow
from resonance.tasks.api import get_backend
from resonance.web.deps import ProjectManager, SessionDep, Viewer, get_database, get_settings
from resonance.web.i18n import N_
from resonance.web.pagination import paginate
from resonance.web.templating import form_errors, page_router, render, render_page, see_other

router = page_router()
Text = Annotated[str, Form(max_length=400)]
MANAGE = Permission.MANAGE_PROJECTS
# Shown on a source's page after an action (?done=key); fixed texts only.
DONE: dict[str, str] = {
    "enabled": N_("The source is enabled; its next fetch is due now."),
    "disabled": N_("The source is disabled; it is no longer fetched."),
    "fetch-queued": N_("A fetch was queued; a worker runs it shortly. Reload to see the run."),
}


def _int(value: str, default: int) -> int:
    return int(value) if value.strip().isdigit() else default


async def _config_form(request: Request, connector: str) -> tuple[list[Any], dict[str, Any]]:
    form = await request.form()
    fields = config_fields(connector)
    raw = {f.input_name: str(form.get(f.input_name, ""))[:20_000] for f in fields}
    return fields, raw


def _form_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    *,
    source: Source | None,
    connector: str,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    units = [u for u in list_units(session, actor) if actor.can(MANAGE, u.path)]
    context = {
        "source": source,
        "connector": connector,
        "connectors": default_registry().names(),
        "fields": config_fields(connector),
        "values": values,
        "errors": errors or {},
        "units": units,
    }
    return render(request, "sources/form.html", context, status=status)


def _errors(exc: ResonanceError, connector: str, config: dict[str, Any]) -> dict[str, str]:
    """Each error next to its field; a config error is split into the config fields."""
    if exc.extra.get("field") == "config":
        found = config_errors(connector, config)
        if found:
            return {"form": exc.detail, **found}
    field = str(exc.extra.get("field") or "")
    if field == "kind":
        field = "connector"
    return form_errors(exc, default="form") if not field else {field: exc.detail}


@router.get("/sources")
def sources_page(
    request: Request,
    session: SessionDep,
    actor: Viewer,
    q: str = "",
    connector: str = "",
    page: int = 1,
) -> Response:
    filters = {"q": q[:200], "connector": connector[:64]}
    stmt = sources_query(actor, search=filters["q"] or None, connector=filters["connector"] or None)
    listed = paginate(session, stmt, page=page, filters=filters)
    context = {
        "page": listed,
        "health": health_of(session, listed.items, utcnow()),
        "filters": filters,
        "connectors": default_registry().names(),
        "can_manage": actor.can_anywhere(MANAGE),
    }
    return render_page(request, "sources/index.html", context, fragment="sources/_list.html")


@router.get("/sources/new")
def new_source_page(
    request: Request, session: SessionDep, actor: ProjectManager, connector: str = "rss"
) -> Response:
    if connector not in default_registry():
        connector = "rss"
    fields = config_fields(connector)
    values = {"interval_seconds": 900, "jitter_seconds": 60, **form_values(fields, {})}
    return _form_page(request, session, actor, source=None, connector=connector, values=values)


@router.post("/sources")
async def add_source(
    request: Request,
    session: SessionDep,
    actor: ProjectManager,
    name: Text = "",
    connector: Text = "rss",
    owner_unit_id: Text = "",
    country: Text = "",
    region: Text = "",
    interval_seconds: Text = "900",
    jitter_seconds: Text = "60",
) -> Response:
    if connector not in default_registry():
        connector = "rss"
    fields, raw = await _config_form(request, connector)
    values = {
        "name": name,
        "owner_unit_id": owner_unit_id,
        "country": country,
        "region": region,
        "interval_seconds": interval_seconds,
        "jitter_seconds": jitter_seconds,
        **raw,
    }
    config: dict[str, Any] = {}
    try:
        config = parse_config_form(fields, raw)
        source = create_source(
            session,
            actor,
            name=name,
            connector=connector,
            config=config,
            owner_unit_id=_int(owner_unit_id, 0),
            country=country or None,
            region=region or None,
            interval_seconds=_int(interval_seconds, -1),
            jitter_seconds=_int(jitter_seconds, -1),
        )
    except ResonanceError as exc:
        session.rollback()
        errors = _errors(exc, connector, config)
        if "unit" in exc.detail and "owner_unit_id" not in errors:
            errors = {"owner_unit_id": exc.detail}
        return _form_page(request, session, actor, source=None, connector=connector,
                          values=values, errors=errors, status=exc.status)  # fmt: skip
    return see_other(f"/sources/{source.id}?notice=created")


@router.get("/sources/{source_id}")
def source_page(
    request: Request,
    session: SessionDep,
    actor: Viewer,
    source_id: int,
    page: int = 1,
    done: str = "",
) -> Response:
    source, health = source_with_health(session, actor, source_id, utcnow())
    runs = paginate(session, runs_query(source.id), page=page)
    context = {
        "source": source,
        "health": health,
        "runs": runs,
        "config": masked(source.connector, source.config),
        "webhook_url": f"/api/v1/sources/{source.id}/webhook",
        "can_manage": actor.can(MANAGE, get_unit(session, source.owner_unit_id).path),
        "done": DONE.get(done),
    }
    return render_page(request, "sources/detail.html", context, fragment="sources/_runs.html")


@router.get("/sources/{source_id}/edit")
def edit_source_page(
    request: Request, session: SessionDep, actor: ProjectManager, source_id: int
) -> Response:
    source = access_source_for(session, actor, source_id, MANAGE)
    return _form_page(request, session, actor, source=source, connector=source.connector,
                      values=_values_of(source))  # fmt: skip


def _values_of(source: Source) -> dict[str, Any]:
    return {
        "name": source.name,
        "owner_unit_id": source.owner_unit_id,
        "country": source.country or "",
        "region": source.region or "",
        "interval_seconds": source.interval_seconds,
        "jitter_seconds": source.jitter_seconds,
        **form_values(config_fields(source.connector), source.config),
    }


@router.post("/sources/{source_id}")
async def save_source(
    request: Request,
    session: SessionDep,
    actor: ProjectManager,
    source_id: int,
    name: Text = "",
    owner_unit_id: Text = "",
    country: Text = "",
    region: Text = "",
    interval_seconds: Text = "",
    jitter_seconds: Text = "",
) -> Response:
    source = access_source_for(session, actor, source_id, MANAGE)
    connector, stored = source.connector, dict(source.config)
    fields, raw = await _config_form(request, connector)
    config: dict[str, Any] = {}
    try:
        config = keep_masked_secrets(connector, parse_config_form(fields, raw), stored)
        update_source(
            session,
            actor,
            source_id,
            name=name,
            config=config,
            owner_unit_id=_int(owner_unit_id, source.owner_unit_id),
            country=country or None,
            region=region or None,
            interval_seconds=_int(interval_seconds, -1),
            jitter_seconds=_int(jitter_seconds, -1),
        )
    except ResonanceError as exc:
        session.rollback()
        source = access_source_for(session, actor, source_id, MANAGE)
        values = {**_values_of(source), "name": name, "country": country, "region": region,
                  "interval_seconds": interval_seconds, "jitter_seconds": jitter_seconds,
                  "owner_unit_id": owner_unit_id, **raw}  # fmt: skip
        return _form_page(request, session, actor, source=source, connector=connector,
                          values=values, errors=_errors(exc, connector, config),
                          status=exc.status)  # fmt: skip
    return see_other(f"/sources/{source_id}?notice=saved")


@router.post("/sources/{source_id}/enable")
def enable(
    request: Request, session: SessionDep, actor: ProjectManager, source_id: int
) -> Response:
    del request
    enable_source(session, actor, source_id)
    return see_other(f"/sources/{source_id}?done=enabled")


@router.post("/sources/{source_id}/disable")
def disable(
    request: Request,
    session: SessionDep,
    actor: ProjectManager,
    source_id: int,
    reason: Text = "",
) -> Response:
    del request
    disable_source(session, actor, source_id, reason=reason)
    return see_other(f"/sources/{source_id}?done=disabled")


@router.post("/sources/{source_id}/fetch")
def fetch_now(
    request: Request, session: SessionDep, actor: ProjectManager, source_id: int
) -> Response:
    backend = get_backend(get_settings(request), get_database(request))
    request_fetch(session, actor, source_id, backend=backend, now=utcnow())
    return see_other(f"/sources/{source_id}?done=fetch-queued")
