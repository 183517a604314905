"""Dashboards: a project's KPI tiles and charts, and the organisation's KPI status grid."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from resonance.kpi.dashboard import kpi_overview, project_dashboard
from resonance.organization.queries import list_units
from resonance.storage.base import utcnow
from resonance.web.dashboard_view import kpi_chart, mentions_url, series_chart, tile_view
from resonance.web.deps import SessionDep, Viewer
from resonance.web.kpi_labels import LABELS
from resonance.web.labels import TONE_LABELS
from resonance.web.templating import page_router, render, request_locale

router = page_router()


@router.get("/projects/{project_id}/dashboard")
def dashboard_page(
    request: Request, session: SessionDep, actor: Viewer, project_id: int, kpi: int | None = None
) -> Response:
    board = project_dashboard(session, actor, project_id, as_of=utcnow())
    locale = request_locale(request)
    tiles = [tile_view(t, locale) for t in board.tiles]
    chosen = next((t for t in board.tiles if t.kpi.id == kpi), None)
    chosen = chosen or next((t for t in board.tiles if t.days), None)
    context = {
        "board": board,
        "project": board.project,
        "tiles": tiles,
        "chosen": tile_view(chosen, locale) if chosen else None,
        "kpi_chart": kpi_chart(chosen) if chosen else None,
        "chosen_days": chosen.days if chosen else None,
        "series": series_chart(board),
        "mentions_url": mentions_url,
        "tone_labels": TONE_LABELS,
        **LABELS,
    }
    return render(request, "dashboard/project.html", context)


@router.get("/kpis")
def kpis_overview_page(
    request: Request, session: SessionDep, actor: Viewer, unit: int | None = None
) -> Response:
    locale = request_locale(request)
    groups = kpi_overview(session, actor, as_of=utcnow(), owner_unit_id=unit)
    rows = [(g.project, [tile_view(t, locale) for t in g.tiles]) for g in groups]
    context = {"rows": rows, "units": list_units(session, actor), "unit": unit, **LABELS}
    return render(request, "dashboard/overview.html", context)
