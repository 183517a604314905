"""What dashboard pages show of the read model: formatted numbers, drill-down links, chart data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from babel.numbers import format_decimal, format_percent

from resonance.kpi import Evaluation, WindowValue
from resonance.kpi.dashboard import Dashboard, Tile
from resonance.kpi.schemas import KpiFilter
from resonance.web.i18n import babel_locale
from resonance.web.kpi_labels import STATUS_LABELS

TONE_METRICS = {f"{t}_share": t for t in ("negative", "neutral", "positive")}
SPARK_W, SPARK_H = 120, 32


def _instant(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def mentions_url(project_id: int, start: datetime, end: datetime, **filters: Any) -> str:
    """The mentions page of a project, filtered to [start, end) and the given filters."""
    params = {"since": _instant(start), "until": _instant(end)}
    params.update({k: str(v) for k, v in filters.items() if v not in (None, "")})
    return f"/projects/{project_id}/mentions?{urlencode(params)}"


def kpi_filters(tile: Tile) -> dict[str, Any]:
    """The mentions-page filters that select what the KPI counts (as far as the page can)."""
    flt = KpiFilter.model_validate(tile.kpi.current.filter)
    out: dict[str, Any] = {}
    if len(flt.languages) == 1:
        out["lang"] = flt.languages[0]
    if len(flt.source_ids) == 1:
        out["source_id"] = flt.source_ids[0]
    if len(flt.query_ids) == 1:
        out["query_id"] = flt.query_ids[0]
    if len(flt.tags) == 1:
        out["tag"] = flt.tags[0]
    tone = TONE_METRICS.get(tile.kpi.current.metric)
    if tone:
        out["tone"] = tone
    return out


def fmt(value: float | None, unit: str, locale: str) -> str:
    if value is None:
        return "—"
    loc = babel_locale(locale)
    if unit == "share":
        return format_percent(value, "#,##0.0%", locale=loc)
    if unit == "index":
        return format_decimal(value, "+#,##0.00;-#,##0.00", locale=loc)
    return format_decimal(round(value, 1), locale=loc)


def _target(e: Evaluation, locale: str) -> str:
    if e.comparator == "between" and e.target_high is not None:
        return f"{fmt(e.target, e.unit, locale)} – {fmt(e.target_high, e.unit, locale)}"
    sign = "≥" if e.comparator == ">=" else "≤"
    return f"{sign} {fmt(e.target, e.unit, locale)}"


def _window(w: WindowValue | None, e: Evaluation, locale: str) -> dict[str, Any] | None:
    if w is None:
        return None
    interval = None
    if w.low is not None and w.high is not None:
        interval = f"{fmt(w.low, e.unit, locale)} – {fmt(w.high, e.unit, locale)}"
    return {
        "value": fmt(w.value, e.unit, locale),
        "interval": interval,
        "n": format_decimal(w.n, locale=babel_locale(locale)),
        "first_day": w.first_day,
        "last_day": w.last_day,
        "elapsed": format_percent(w.elapsed, locale=babel_locale(locale)),
        "completeness": format_percent(w.completeness, locale=babel_locale(locale)),
        "complete_enough": w.completeness >= 0.9,
        "method": w.method,
        "start": w.start,
        "end": w.end,
    }


def sparkline(values: list[float | None]) -> str:
    """SVG polyline points for the values (gaps skipped), scaled into SPARK_W × SPARK_H."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = SPARK_W / max(len(values) - 1, 1)
    points = [
        f"{i * step:.1f},{SPARK_H - 2 - (v - low) / span * (SPARK_H - 4):.1f}"
        for i, v in enumerate(values)
        if v is not None
    ]
    return " ".join(points)


def tile_view(tile: Tile, locale: str) -> dict[str, Any]:
    e, kpi = tile.evaluation, tile.kpi
    css, icon, text = STATUS_LABELS.get(str(e.status), STATUS_LABELS["unavailable"])
    current = _window(e.current, e, locale)
    link = None
    if e.current is not None:
        link = mentions_url(kpi.project_id, e.current.start, e.current.end, **kpi_filters(tile))
    values = [d.value for d in tile.days or []]
    forecast = None
    if e.forecast is not None:
        forecast = {
            "value": fmt(e.forecast.value, e.unit, locale),
            "low": fmt(e.forecast.low, e.unit, locale),
            "high": fmt(e.forecast.high, e.unit, locale),
            "probability": format_percent(e.forecast.probability, locale=babel_locale(locale)),
        }
    return {
        "id": kpi.id,
        "name": kpi.name,
        "metric": e.metric,
        "title": e.title,
        "definition": e.definition,
        "unit": e.unit,
        "status": str(e.status),
        "status_class": css,
        "status_icon": icon,
        "status_text": text,
        "state": e.state,
        "message": e.message,
        "target": _target(e, locale),
        "current": current,
        "partial": _window(e.partial, e, locale),
        "trajectory": fmt(e.trajectory_value, e.unit, locale) if e.trajectory_value else None,
        "forecast": forecast,
        "deadline": kpi.current.deadline_on,
        "warnings": e.warnings,
        "link": link,
        "spark": sparkline(values),
        "spark_first": tile.days[0].day if tile.days else None,
        "spark_last": tile.days[-1].day if tile.days else None,
        "window": str(kpi.current.window),
        "owner": kpi.owner_unit.name,
    }


def _pace(tile: Tile, value: float | None) -> float | None:
    """A count target per window expressed per day, so it can be drawn over daily values."""
    v = tile.kpi.current
    if value is None or tile.evaluation.kind != "count" or v.window == "day":
        return value
    days = {"week": 7, "month": 30}.get(str(v.window), v.window_days or 1)
    return value / days


def kpi_chart(tile: Tile) -> dict[str, Any] | None:
    """Daily values, the target, the trajectory to the deadline and the forecast band."""
    if not tile.days:
        return None
    e, v = tile.evaluation, tile.kpi.current
    days: list[date] = [d.day for d in tile.days]
    values: list[float | None] = [d.value for d in tile.days]
    last = days[-1]
    if v.deadline_on is not None and last < v.deadline_on <= last + timedelta(days=60):
        days += [last + timedelta(days=i) for i in range(1, (v.deadline_on - last).days + 1)]
        values += [None] * (len(days) - len(values))
    trajectory = [_trajectory(tile, d) for d in days]
    low: list[float | None] = [None] * len(days)
    high: list[float | None] = [None] * len(days)
    if e.forecast is not None:
        for i, d in enumerate(days):
            if d > last:
                low[i], high[i] = _pace(tile, e.forecast.low), _pace(tile, e.forecast.high)
    links = [
        mentions_url(tile.kpi.project_id, d.start, d.end, **kpi_filters(tile)) for d in tile.days
    ]
    return {
        "days": [d.isoformat() for d in days],
        "values": values,
        "target": [_pace(tile, e.target)] * len(days),
        "trajectory": trajectory,
        "low": low,
        "high": high,
        "unit": e.unit,
        "links": links,
    }


def _trajectory(tile: Tile, day: date) -> float | None:
    v, e = tile.kpi.current, tile.evaluation
    if v.baseline_on is None or v.deadline_on is None or e.baseline_value is None:
        return None
    if not v.baseline_on <= day <= v.deadline_on:
        return None
    progress = (day - v.baseline_on).days / max((v.deadline_on - v.baseline_on).days, 1)
    return _pace(tile, e.baseline_value + (e.target - e.baseline_value) * progress)


def series_chart(board: Dashboard) -> dict[str, Any]:
    """Mentions per day, in total and per tone, with the mentions behind each day."""
    pid = board.project.id
    return {
        "days": [d.day.isoformat() for d in board.days],
        "total": [d.total for d in board.days],
        "positive": [d.counts["positive"] for d in board.days],
        "neutral": [d.counts["neutral"] for d in board.days],
        "negative": [d.counts["negative"] for d in board.days],
        "links": [mentions_url(pid, d.start, d.end) for d in board.days],
        "unit": "mentions",
    }
