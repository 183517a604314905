"""Writes on KPIs: create, redefine (a new version), rename, archive; checked and audited."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.services import record, snapshot
from resonance.errors import Invalid
from resonance.kpi.metrics import Metric, MetricRegistry, default_registry
from resonance.kpi.models import Comparator, Kpi, KpiVersion, Visibility, WindowKind
from resonance.kpi.queries import access_kpi_for
from resonance.kpi.schemas import KpiDefinition, KpiFilter
from resonance.monitoring.models import MonitoringQuery
from resonance.monitoring.queries import access_project_for
from resonance.organization.access import Actor, Permission
from resonance.organization.queries import access_unit_for
from resonance.organization.validation import clean_name
from resonance.sources.models import Source
from resonance.storage.base import utcnow

MAX_ROLLING_DAYS = 366
DEFINITION_FIELDS = tuple(KpiDefinition.model_fields)


def _filter(value: KpiFilter | dict[str, Any] | None) -> KpiFilter:
    if isinstance(value, KpiFilter):
        return value
    try:
        return KpiFilter.model_validate(value or {})
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise Invalid(f"The filter is not valid: {problems}.", field="filter") from None


def _enum(cls: type[Any], value: object, field: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        known = ", ".join(str(m.value) for m in cls)
        raise Invalid(
            f"{value!r} is not a valid {field}; use one of: {known}.", field=field
        ) from None


def _check_number(value: float, field: str) -> float:
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise Invalid(f"The {field} must be a finite number.", field=field)
    return float(value)


def _check_target(metric: Metric, d: KpiDefinition) -> None:
    low, high = metric.bounds
    values = [("target", d.target)]
    if d.target_high is not None:
        values.append(("upper target", d.target_high))
    if d.baseline_value is not None:
        values.append(("baseline value", d.baseline_value))
    for name, value in values:
        _check_number(value, name)
        if value < low or (high is not None and value > high):
            span = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            unit = " (a share: 0.7 means 70 %)" if metric.unit == "share" else ""
            raise Invalid(
                f"The {name} {value:g} is impossible for {metric.title}: it must be {span}{unit}.",
                field="target",
            )
    if d.comparator is Comparator.BETWEEN:
        if d.target_high is None:
            raise Invalid("'between' needs a lower and an upper target.", field="target_high")
        if d.target > d.target_high:
            raise Invalid(
                f"The lower target {d.target:g} is above the upper target {d.target_high:g}.",
                field="target_high",
            )
    elif d.target_high is not None:
        raise Invalid(
            f"An upper target only goes with 'between', not {d.comparator}.", field="target_high"
        )


def _check_window(d: KpiDefinition) -> None:
    if d.window is WindowKind.ROLLING:
        if d.window_days is None or not 1 <= d.window_days <= MAX_ROLLING_DAYS:
            raise Invalid(
                f"A rolling window needs a number of days from 1 to {MAX_ROLLING_DAYS}.",
                field="window_days",
            )
    elif d.window_days is not None:
        raise Invalid(
            f"Only a rolling window takes a number of days, not a {d.window} window.",
            field="window_days",
        )


def _check_dates(d: KpiDefinition) -> None:
    if d.baseline_on and d.deadline_on and d.deadline_on <= d.baseline_on:
        raise Invalid(
            f"The deadline ({d.deadline_on}) must come after the baseline date ({d.baseline_on}).",
            field="deadline_on",
        )
    if d.baseline_value is not None and d.baseline_on is None:
        raise Invalid("A baseline value needs its baseline date.", field="baseline_on")


def _check_filter(
    session: Session, actor: Actor, project_id: int, metric: Metric, flt: KpiFilter
) -> None:
    if metric.needs_versus:
        if flt.versus_project_id is None:
            raise Invalid(
                f"{metric.title} needs a project to compare with.", field="versus_project_id"
            )
        if flt.versus_project_id == project_id:
            raise Invalid("A project cannot be compared with itself.", field="versus_project_id")
        access_project_for(session, actor, flt.versus_project_id)
    elif flt.versus_project_id is not None:
        raise Invalid(
            f"{metric.title} does not compare projects; remove the compared project.",
            field="versus_project_id",
        )
    _check_ids(session, MonitoringQuery, flt.query_ids, "query", project_id)
    _check_ids(session, Source, flt.source_ids, "source", None)


def _check_ids(
    session: Session, model: Any, ids: Sequence[int], what: str, project_id: int | None
) -> None:
    if not ids:
        return
    stmt = select(model.id).where(model.id.in_(list(ids)))
    if project_id is not None:
        stmt = stmt.where(model.project_id == project_id)
    found = set(session.scalars(stmt))
    missing = sorted(set(ids) - found)
    if missing:
        where = " of this project" if project_id is not None else ""
        listed = ", ".join(str(i) for i in missing)
        raise Invalid(f"Unknown {what} id(s){where}: {listed}.", field="filter")


def clean_definition(
    session: Session,
    actor: Actor,
    project_id: int,
    raw: dict[str, Any],
    registry: MetricRegistry,
) -> KpiDefinition:
    """Validate a definition completely before anything is written."""
    raw = dict(raw)
    raw["filter"] = _filter(raw.get("filter"))
    raw["window"] = _enum(WindowKind, raw.get("window"), "window")
    raw["comparator"] = _enum(Comparator, raw.get("comparator"), "comparator")
    try:
        d = KpiDefinition.model_validate(raw)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Invalid(f"{where}: {first['msg']}.", field=where) from None
    metric = registry.get(d.metric)
    _check_target(metric, d)
    _check_window(d)
    _check_dates(d)
    _check_filter(session, actor, project_id, metric, d.filter)
    return d


def _version(kpi: Kpi, number: int, d: KpiDefinition, actor: Actor, note: str) -> KpiVersion:
    values = d.model_dump(exclude={"filter"})
    return KpiVersion(
        kpi=kpi,
        version=number,
        filter=d.filter.stored(),
        note=note,
        created_by=actor.label,
        **values,
    )


def _history(kpi: Kpi) -> dict[str, Any]:
    return {**snapshot(kpi), "definition": snapshot(kpi.current)}


def create_kpi(
    session: Session,
    actor: Actor,
    *,
    name: str,
    project_id: int,
    owner_unit_id: int,
    metric: str,
    window: str,
    comparator: str,
    target: float,
    filter: KpiFilter | dict[str, Any] | None = None,
    window_days: int | None = None,
    target_high: float | None = None,
    baseline_on: date | None = None,
    baseline_value: float | None = None,
    deadline_on: date | None = None,
    visibility: str = Visibility.UNIT,
    description: str = "",
    registry: MetricRegistry | None = None,
) -> Kpi:
    """Create a KPI and its first version. Windows use the owner unit's time zone."""
    access_unit_for(session, actor, owner_unit_id, Permission.MANAGE_PROJECTS)
    access_project_for(session, actor, project_id)
    d = clean_definition(
        session,
        actor,
        project_id,
        {
            "metric": metric,
            "filter": filter,
            "window": window,
            "window_days": window_days,
            "comparator": comparator,
            "target": target,
            "target_high": target_high,
            "baseline_on": baseline_on,
            "baseline_value": baseline_value,
            "deadline_on": deadline_on,
        },
        registry or default_registry(),
    )
    kpi = Kpi(
        name=clean_name(name),
        description=description.strip(),
        project_id=project_id,
        owner_unit_id=owner_unit_id,
        visibility=_enum(Visibility, visibility, "visibility"),
        version=1,
    )
    session.add(kpi)
    session.add(_version(kpi, 1, d, actor, "created"))
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity_type="kpi",
        entity_id=kpi.id,
        unit_id=owner_unit_id,
        after=_history(kpi),
    )
    return kpi


def redefine_kpi(
    session: Session,
    actor: Actor,
    kpi_id: int,
    *,
    note: str = "",
    registry: MetricRegistry | None = None,
    **changes: Any,
) -> Kpi:
    """Change metric, filter, window, comparator, targets or dates: adds a version, keeps the old.

    Nothing changes (and no version is added) when the new definition equals the current one.
    """
    unknown = sorted(set(changes) - set(DEFINITION_FIELDS))
    if unknown:
        raise Invalid(f"Not part of a KPI definition: {', '.join(unknown)}.", field=unknown[0])
    kpi = access_kpi_for(session, actor, kpi_id, Permission.MANAGE_PROJECTS)
    current = kpi.current
    raw = {f: getattr(current, f) for f in DEFINITION_FIELDS}
    raw.update(changes)
    before = _history(kpi)
    d = clean_definition(session, actor, kpi.project_id, raw, registry or default_registry())
    same = KpiDefinition.model_validate(
        {**{f: getattr(current, f) for f in DEFINITION_FIELDS}, "filter": current.filter}
    )
    if d == same:
        return kpi
    kpi.version = current.version + 1
    session.add(_version(kpi, kpi.version, d, actor, note.strip()))
    session.flush()
    record(
        session,
        actor=actor,
        action="redefine",
        entity_type="kpi",
        entity_id=kpi.id,
        unit_id=kpi.owner_unit_id,
        before=before,
        after=_history(kpi),
    )
    return kpi


def update_kpi(
    session: Session,
    actor: Actor,
    kpi_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
    visibility: str | None = None,
    owner_unit_id: int | None = None,
) -> Kpi:
    """Change what is not part of the definition (no new version): name, text, visibility, owner."""
    kpi = access_kpi_for(session, actor, kpi_id, Permission.MANAGE_PROJECTS)
    before = _history(kpi)
    if owner_unit_id is not None and owner_unit_id != kpi.owner_unit_id:
        access_unit_for(session, actor, owner_unit_id, Permission.MANAGE_PROJECTS)
        kpi.owner_unit_id = owner_unit_id
    if name is not None:
        kpi.name = clean_name(name)
    if description is not None:
        kpi.description = description.strip()
    if visibility is not None:
        kpi.visibility = _enum(Visibility, visibility, "visibility")
    session.flush()
    session.refresh(kpi)
    record(
        session,
        actor=actor,
        action="update",
        entity_type="kpi",
        entity_id=kpi.id,
        unit_id=kpi.owner_unit_id,
        before=before,
        after=_history(kpi),
    )
    return kpi


def archive_kpi(session: Session, actor: Actor, kpi_id: int) -> Kpi:
    """Hide the KPI from lists; it keeps its versions and can still be read."""
    kpi = access_kpi_for(session, actor, kpi_id, Permission.MANAGE_PROJECTS)
    if kpi.archived_at is None:
        before = _history(kpi)
        kpi.archived_at = utcnow()
        session.flush()
        record(
            session,
            actor=actor,
            action="archive",
            entity_type="kpi",
            entity_id=kpi.id,
            unit_id=kpi.owner_unit_id,
            before=before,
            after=_history(kpi),
        )
    return kpi
