"""The KPI form of the pages: fields as sent, parsed into service arguments with field errors."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from resonance.errors import Invalid
from resonance.kpi import Kpi

Short = str
DEFINITION = (
    "metric",
    "filter",
    "window",
    "window_days",
    "comparator",
    "target",
    "target_high",
    "baseline_on",
    "baseline_value",
    "deadline_on",
)


class KpiForm(BaseModel):
    """Every field of the KPI form as text (lists for multiple choices); parsed by `parse`."""

    name: str = Field(default="", max_length=400)
    description: str = Field(default="", max_length=20_000)
    owner_unit_id: str = Field(default="", max_length=20)
    visibility: str = Field(default="unit", max_length=20)
    metric: str = Field(default="", max_length=64)
    languages: str = Field(default="", max_length=500)
    regions: str = Field(default="", max_length=2_000)
    tags: str = Field(default="", max_length=2_000)
    source_ids: list[str] = Field(default_factory=list, max_length=1_000)
    query_ids: list[str] = Field(default_factory=list, max_length=200)
    versus_project_id: str = Field(default="", max_length=20)
    window: str = Field(default="day", max_length=20)
    window_days: str = Field(default="", max_length=20)
    comparator: str = Field(default=">=", max_length=20)
    target: str = Field(default="", max_length=40)
    target_high: str = Field(default="", max_length=40)
    baseline_on: str = Field(default="", max_length=20)
    baseline_value: str = Field(default="", max_length=40)
    deadline_on: str = Field(default="", max_length=20)
    note: str = Field(default="", max_length=2_000)


def _number(value: str, field: str, *, required: bool = False) -> float | None:
    text = value.strip().replace(",", ".").replace("\u202f", "").replace(" ", "")
    if not text:
        if required:
            raise Invalid("Enter a number.", field=field)
        return None
    try:
        number = float(text)
    except ValueError:
        raise Invalid(f"{value[:40]!r} is not a number.", field=field) from None
    if not math.isfinite(number):
        raise Invalid("Enter a finite number.", field=field)
    return number


def _integer(value: str, field: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        raise Invalid(f"{value[:40]!r} is not a whole number.", field=field)
    return int(text)


def _day(value: str, field: str) -> date | None:
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{value[:40]!r} is not a date (YYYY-MM-DD).", field=field) from None


def _words(value: str) -> list[str]:
    return [w.strip() for w in value.replace(";", ",").split(",") if w.strip()]


def _ids(values: list[str], field: str) -> list[int]:
    return [i for i in (_integer(v, field) for v in values) if i is not None]


def parse_definition(form: KpiForm) -> dict[str, Any]:
    """The definition arguments of create_kpi / redefine_kpi; raises Invalid naming the field."""
    flt: dict[str, Any] = {
        "languages": [w.lower() for w in _words(form.languages)],
        "regions": _words(form.regions),
        "tags": _words(form.tags),
        "source_ids": _ids(form.source_ids, "source_ids"),
        "query_ids": _ids(form.query_ids, "query_ids"),
        "versus_project_id": _integer(form.versus_project_id, "versus_project_id"),
    }
    return {
        "metric": form.metric.strip(),
        "filter": {k: v for k, v in flt.items() if v not in ([], None)},
        "window": form.window.strip(),
        "window_days": _integer(form.window_days, "window_days"),
        "comparator": form.comparator.strip(),
        "target": _number(form.target, "target", required=True),
        "target_high": _number(form.target_high, "target_high"),
        "baseline_on": _day(form.baseline_on, "baseline_on"),
        "baseline_value": _number(form.baseline_value, "baseline_value"),
        "deadline_on": _day(form.deadline_on, "deadline_on"),
    }


def parse_owner(form: KpiForm) -> int:
    owner = _integer(form.owner_unit_id, "owner_unit_id")
    if owner is None:
        raise Invalid("Choose the unit that owns the KPI.", field="owner_unit_id")
    return owner


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def form_of(kpi: Kpi) -> dict[str, Any]:
    """The form's values for an existing KPI."""
    v, flt = kpi.current, kpi.current.filter
    return {
        "name": kpi.name,
        "description": kpi.description,
        "owner_unit_id": str(kpi.owner_unit_id),
        "visibility": str(kpi.visibility),
        "metric": v.metric,
        "languages": ", ".join(flt.get("languages", [])),
        "regions": ", ".join(flt.get("regions", [])),
        "tags": ", ".join(flt.get("tags", [])),
        "source_ids": [str(i) for i in flt.get("source_ids", [])],
        "query_ids": [str(i) for i in flt.get("query_ids", [])],
        "versus_project_id": str(flt.get("versus_project_id") or ""),
        "window": str(v.window),
        "window_days": "" if v.window_days is None else str(v.window_days),
        "comparator": str(v.comparator),
        "target": _text(v.target),
        "target_high": _text(v.target_high),
        "baseline_on": v.baseline_on.isoformat() if v.baseline_on else "",
        "baseline_value": _text(v.baseline_value),
        "deadline_on": v.deadline_on.isoformat() if v.deadline_on else "",
        "note": "",
    }
