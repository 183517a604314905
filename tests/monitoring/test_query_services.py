"""Monitoring queries: scoped CRUD with audit, parse errors with positions, trials, percolation."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.errors import Conflict, NotFound, PermissionDenied
from resonance.ingest._match import QueryMatcher
from resonance.monitoring.query import QuerySyntaxError
from resonance.monitoring.query_services import create_query, delete_query, update_query
from resonance.monitoring.query_trial import TrialLimits, try_query
from resonance.organization.models import Role
from tests.factories import actor_of, make_org, make_project, make_user
from tests.monitoring.trial_data import QUERIES, store_items


def _audit(session: Session, query_id: int) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "monitoring_query")
            .where(AuditEntry.entity_id == str(query_id))
            .order_by(AuditEntry.id)
        )
    )


def test_an_analyst_creates_edits_and_deletes_a_query_with_audit(session: Session) -> None:
    org = make_org(session)
    project = make_project(session, owner=org.dept_a)
    analyst = actor_of(session, org.users["analyst"])

    query = create_query(session, analyst, project.id, name=" Schools ", text="  школа  ")
    assert (query.name, query.text, query.enabled) == ("Schools", "школа", True)
    update_query(session, analyst, project.id, query.id, text="школа OR school", enabled=False)
    entries = _audit(session, query.id)
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before is not None
    assert entries[1].before["text"] == "школа"
    assert entries[1].after is not None
    assert entries[1].after["text"] == "школа OR school"
    assert entries[1].unit_id == org.dept_a.id

    delete_query(session, analyst, project.id, query.id)
    assert [e.action for e in _audit(session, query.id)] == ["create", "update", "delete"]


def test_a_query_that_does_not_parse_names_position_and_expectation(session: Session) -> None:
    org = make_org(session)
    project = make_project(session, owner=org.dept_a)
    analyst = actor_of(session, org.users["analyst"])
    with pytest.raises(QuerySyntaxError) as caught:
        create_query(session, analyst, project.id, name="Broken", text="school AND (meals")
    assert caught.value.position == 17
    assert caught.value.expected == "an operator or ')'"
    assert caught.value.caret().splitlines()[1] == " " * 17 + "^"


def test_names_are_unique_per_project(session: Session) -> None:
    org = make_org(session)
    project = make_project(session, owner=org.dept_a)
    analyst = actor_of(session, org.users["analyst"])
    create_query(session, analyst, project.id, name="Schools", text="school")
    with pytest.raises(Conflict):
        create_query(session, analyst, project.id, name="Schools", text="meals")


def test_scope_hides_other_units_queries_and_viewers_cannot_write(session: Session) -> None:
    org = make_org(session)
    project = make_project(session, owner=org.dept_a)
    query = create_query(
        session, actor_of(session, org.users["analyst"]), project.id, name="Q", text="school"
    )
    outsider = actor_of(session, make_user(session, roles=[(org.dept_b, Role.ANALYST)]))
    with pytest.raises(NotFound):
        update_query(session, outsider, project.id, query.id, text="roads")
    with pytest.raises(NotFound):
        try_query(session, outsider, project.id, text="school")
    viewer = actor_of(session, org.users["viewer"])
    with pytest.raises(PermissionDenied):
        create_query(session, viewer, project.id, name="V", text="school")


def test_saving_a_query_makes_the_ingest_matcher_rebuild(session: Session) -> None:
    org = make_org(session)
    project = make_project(session, owner=org.dept_a)
    analyst = actor_of(session, org.users["analyst"])
    matcher = QueryMatcher()
    matcher.refresh(session)
    query = create_query(session, analyst, project.id, name="Q", text="school")
    assert matcher.refresh(session)
    fields = {"source": "s", "country": "", "region": "", "author": ""}
    assert matcher.match(text="A school opened", title=None, lang="en", fields=fields)
    assert not matcher.refresh(session)

    update_query(session, analyst, project.id, query.id, text="hospital")
    assert matcher.refresh(session)
    assert not matcher.match(text="A school opened", title=None, lang="en", fields=fields)
    assert matcher.match(text="A hospital opened", title=None, lang="en", fields=fields)

    update_query(session, analyst, project.id, query.id, enabled=False)
    assert matcher.refresh(session)
    assert not matcher.match(text="A hospital opened", title=None, lang="en", fields=fields)


@pytest.mark.parametrize("lang", sorted(QUERIES))
def test_a_trial_finds_the_right_item_in_each_language(session: Session, lang: str) -> None:
    org = make_org(session)
    project = make_project(session, owner=org.dept_a)
    store_items(session, org.dept_a)
    text, marked = QUERIES[lang]

    result = try_query(session, actor_of(session, org.users["analyst"]), project.id, text=text)

    assert result.complete
    assert result.total == 1, [m.snippet for m in result.matches]
    match = result.matches[0]
    assert match.lang.startswith(lang)
    assert marked in [s.text for s in match.snippet if s.mark]


def test_a_trial_stops_at_its_limits_and_says_so(session: Session) -> None:
    org = make_org(session)
    project = make_project(session, owner=org.dept_a)
    store_items(session, org.dept_a)
    analyst = actor_of(session, org.users["analyst"])

    capped = try_query(
        session, analyst, project.id, text="-zzz", limits=TrialLimits(shown=2, max_scanned=5)
    )
    assert (capped.scanned, capped.total, len(capped.matches), capped.complete) == (5, 5, 2, True)

    ticks = iter(range(100))
    timed = try_query(
        session,
        analyst,
        project.id,
        text="-zzz",
        limits=TrialLimits(budget=2.5),
        clock=lambda: float(next(ticks)),
    )
    assert not timed.complete
    assert timed.scanned < 7
