"""Creating, redefining and archiving KPIs: versions, access, audit and every bad input."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.errors import Invalid, NotFound, PermissionDenied
from resonance.kpi import (
    Kpi,
    KpiVersion,
    archive_kpi,
    create_kpi,
    list_kpi_versions,
    list_kpis,
    redefine_kpi,
    update_kpi,
)
from resonance.kpi.metrics import default_registry
from resonance.monitoring.models import Project
from tests.factories import SYSTEM, Org, actor_of, make_project

BASE: dict[str, Any] = {
    "name": "Positive coverage",
    "metric": "positive_share",
    "window": "week",
    "comparator": ">=",
    "target": 0.7,
}


def _create(session: Session, org: Org, project: Project, **overrides: Any) -> Kpi:
    values = {**BASE, "project_id": project.id, "owner_unit_id": org.dept_a.id, **overrides}
    return create_kpi(session, SYSTEM, **values)


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_kpi_is_created_with_its_first_version_and_audited(
    session: Session, org: Org, project: Project
) -> None:
    kpi = _create(
        session, org, project, baseline_on=date(2024, 1, 1), deadline_on=date(2024, 6, 30)
    )
    assert kpi.version == 1
    assert kpi.current.metric == "positive_share"
    assert kpi.current.target == 0.7
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "kpi")).one()
    assert entry.action == "create"
    assert entry.after is not None
    assert entry.after["definition"]["target"] == 0.7


def test_changing_the_target_adds_a_version_and_keeps_the_history(
    session: Session, org: Org, project: Project
) -> None:
    kpi = _create(session, org, project)
    redefine_kpi(session, SYSTEM, kpi.id, target=0.75, note="raised after mid-term review")
    redefine_kpi(session, SYSTEM, kpi.id, filter={"languages": ["uk"]})
    versions = list_kpi_versions(session, SYSTEM, kpi.id)
    assert [(v.version, v.target, v.filter) for v in versions] == [
        (1, 0.7, {}),
        (2, 0.75, {}),
        (3, 0.75, {"languages": ["uk"]}),
    ]
    assert versions[1].note == "raised after mid-term review"
    assert kpi.version == 3
    assert kpi.current.version == 3


def test_an_unchanged_definition_adds_no_version(
    session: Session, org: Org, project: Project
) -> None:
    kpi = _create(session, org, project)
    redefine_kpi(session, SYSTEM, kpi.id, target=0.7)
    assert _count(session, KpiVersion) == 1


def test_renaming_does_not_create_a_version(session: Session, org: Org, project: Project) -> None:
    kpi = _create(session, org, project)
    update_kpi(session, SYSTEM, kpi.id, name="Positive tone", visibility="organisation")
    assert kpi.version == 1
    assert kpi.name == "Positive tone"


def test_archived_kpis_leave_the_list_but_keep_their_versions(
    session: Session, org: Org, project: Project
) -> None:
    kpi = _create(session, org, project)
    archive_kpi(session, SYSTEM, kpi.id)
    assert kpi not in list_kpis(session, SYSTEM)
    assert kpi in list_kpis(session, SYSTEM, include_archived=True)
    assert len(list_kpi_versions(session, SYSTEM, kpi.id)) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"metric": "sentiment"}, "Unknown metric 'sentiment'"),
        ({"target": 70}, "must be between 0 and 1"),
        ({"target": -0.1}, "must be between 0 and 1"),
        ({"metric": "mention_count", "target": -5}, "must be at least 0"),
        ({"metric": "net_tone", "target": 1.5}, "between -1 and 1"),
        ({"target": float("nan")}, "finite number"),
        ({"comparator": "between", "target": 0.8, "target_high": 0.6}, "above the upper"),
        ({"comparator": "between"}, "needs a lower and an upper"),
        ({"target_high": 0.9}, "only goes with 'between'"),
        ({"comparator": "=="}, "not a valid comparator"),
        ({"window": "fortnight"}, "not a valid window"),
        ({"window": "rolling"}, "rolling window needs a number of days"),
        ({"window": "rolling", "window_days": 0}, "rolling window needs"),
        ({"window_days": 7}, "Only a rolling window"),
        (
            {"baseline_on": date(2024, 6, 1), "deadline_on": date(2024, 1, 1)},
            "must come after the baseline",
        ),
        ({"baseline_value": 0.5}, "needs its baseline date"),
        ({"filter": {"languages": ["Ukrainian!"]}}, "not language codes"),
        ({"filter": {"colour": "red"}}, "The filter is not valid"),
        ({"filter": {"query_ids": [999_999]}}, "Unknown query id"),
        ({"filter": {"source_ids": [999_999]}}, "Unknown source id"),
        ({"metric": "share_of_voice"}, "needs a project to compare with"),
        ({"filter": {"versus_project_id": 1}}, "does not compare projects"),
        ({"name": "   "}, "name"),
        ({"visibility": "public"}, "not a valid visibility"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(
    session: Session, org: Org, project: Project, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        _create(session, org, project, **overrides)
    assert _count(session, Kpi) == 0
    assert _count(session, KpiVersion) == 0


def test_a_project_cannot_be_compared_with_itself(
    session: Session, org: Org, project: Project
) -> None:
    with pytest.raises(Invalid, match="compared with itself"):
        _create(
            session,
            org,
            project,
            metric="share_of_voice",
            target=0.5,
            filter={"versus_project_id": project.id},
        )


def test_a_bad_redefinition_leaves_the_kpi_unchanged(
    session: Session, org: Org, project: Project
) -> None:
    kpi = _create(session, org, project)
    with pytest.raises(Invalid):
        redefine_kpi(session, SYSTEM, kpi.id, target=2.0)
    with pytest.raises(Invalid, match="Not part of a KPI definition"):
        redefine_kpi(session, SYSTEM, kpi.id, colour="red")
    assert kpi.version == 1
    assert _count(session, KpiVersion) == 1


def test_hook_metrics_are_registered_and_say_they_have_no_data_source() -> None:
    registry = default_registry()
    for name in ("content_turnaround", "time_to_rebuttal"):
        metric = registry.get(name)
        assert not metric.available
        assert metric.unavailable.startswith("No data source yet")
    assert all(m.definition for m in registry.all())


def test_only_managers_of_the_owner_unit_change_a_kpi(
    session: Session, org: Org, project: Project
) -> None:
    analyst = actor_of(session, org.users["analyst"])
    lead = actor_of(session, org.users["communication_lead"])
    kpi = create_kpi(
        session, lead, **{**BASE, "project_id": project.id, "owner_unit_id": org.dept_a.id}
    )
    assert [k.id for k in list_kpis(session, analyst)] == [kpi.id]
    with pytest.raises(PermissionDenied):
        redefine_kpi(session, analyst, kpi.id, target=0.8)
    with pytest.raises(PermissionDenied):
        create_kpi(
            session, analyst, **{**BASE, "project_id": project.id, "owner_unit_id": org.dept_a.id}
        )


def test_unit_kpis_are_hidden_outside_the_scope_unless_shared(session: Session, org: Org) -> None:
    project_b = make_project(session, owner=org.dept_b)
    kpi = _create(session, org, project_b, owner_unit_id=org.dept_b.id)
    viewer = actor_of(session, org.users["viewer"])  # a viewer of dept_a
    nobody = actor_of(session, org.users["nobody"])
    with pytest.raises(NotFound):
        list_kpi_versions(session, viewer, kpi.id)
    update_kpi(session, SYSTEM, kpi.id, visibility="organisation")
    assert [k.id for k in list_kpis(session, viewer)] == [kpi.id]
    assert list_kpis(session, nobody) == []
