"""Deadlines: unit calendars with holidays, pauses while waiting, warnings and escalations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.alerts.models import Alert, AlertKind, AlertNotification
from resonance.audit.models import AuditEntry
from resonance.errors import Invalid
from resonance.feedback.deadlines import calendar_for
from resonance.feedback.escalation import check_deadlines
from resonance.feedback.handling import change_status
from resonance.feedback.models import FeedbackForm, FeedbackItem
from resonance.feedback.routing import assign_item, create_rule, set_routing_settings
from resonance.monitoring.models import Project
from resonance.organization.models import Role, Unit
from resonance.organization.validation import clean_business_hours
from tests.factories import (
    SYSTEM,
    Org,
    make_form,
    make_item,
    make_org,
    make_project,
    make_unit,
    make_user,
)

# Thursday 30 April 2026, 10:00 in Paris; Friday 1 May is Labour Day.
THURSDAY = datetime(2026, 4, 30, 8, 0, tzinfo=UTC)


@pytest.fixture
def org(session: Session) -> Org:
    return make_org(session)


@pytest.fixture
def paris(session: Session, org: Org) -> Unit:
    return make_unit(
        session, parent=org.region_a, name="Paris office", country="FR", timezone="Europe/Paris"
    )


@pytest.fixture
def project(session: Session, org: Org) -> Project:
    return make_project(session, owner=org.dept_a)


@pytest.fixture
def form(session: Session, project: Project) -> FeedbackForm:
    return make_form(session, project=project)


def _routed(session: Session, project: Project, form: FeedbackForm, unit: Unit) -> FeedbackItem:
    create_rule(
        session,
        SYSTEM,
        project_id=project.id,
        values={"name": "all", "unit_id": unit.id, "deadline_hours": 16},
    )
    with time_machine.travel(THURSDAY, tick=False):
        return make_item(session, form=form, received_at=THURSDAY)


def test_the_deadline_skips_a_public_holiday_and_the_weekend(
    session: Session, project: Project, form: FeedbackForm, paris: Unit
) -> None:
    item = _routed(session, project, form, paris)
    # Thursday 10–18 (8 h), Friday holiday, weekend, Monday 9–17 (8 h).
    assert item.due_at == datetime(2026, 5, 4, 15, 0, tzinfo=UTC)


def test_office_hours_of_the_unit_set_the_clock(
    session: Session, project: Project, form: FeedbackForm, paris: Unit
) -> None:
    paris.business_hours = {"days": [0, 1, 2, 3, 4, 5], "start": "08:00", "end": "12:00"}
    item = _routed(session, project, form, paris)
    # Thu 10–12 (2 h), Sat 8–12 (4 h), Mon 8–12 (4 h), Tue (4 h), Wed 8–10 (2 h).
    assert item.due_at == datetime(2026, 5, 6, 8, 0, tzinfo=UTC)


def test_the_clock_pauses_while_waiting_for_the_citizen(
    session: Session, project: Project, form: FeedbackForm, paris: Unit
) -> None:
    item = _routed(session, project, form, paris)
    with time_machine.travel(THURSDAY + timedelta(hours=2), tick=False):  # 12:00 Paris
        change_status(session, SYSTEM, item.id, action="start")
        change_status(session, SYSTEM, item.id, action="ask_citizen")
    assert item.due_at is None  # unknown while the citizen decides
    replied = datetime(2026, 5, 5, 7, 0, tzinfo=UTC)  # Tuesday 09:00 Paris
    with time_machine.travel(replied, tick=False):
        change_status(session, SYSTEM, item.id, action="citizen_replied")
    # 2 h used on Thursday, 14 h left from Tuesday 09:00: Tuesday 9 h, Wednesday 5 h → 14:00.
    assert item.due_at == datetime(2026, 5, 6, 12, 0, tzinfo=UTC)
    with time_machine.travel(replied + timedelta(hours=1), tick=False):
        change_status(session, SYSTEM, item.id, action="answer", answer="Done.")
    assert item.answered_at == replied + timedelta(hours=1)
    assert item.due_at == datetime(2026, 5, 6, 12, 0, tzinfo=UTC)  # kept once answered


def test_business_hours_are_validated() -> None:
    assert clean_business_hours({"days": [4, 0], "start": "8:30", "end": "17:00"}) == {
        "days": [0, 4],
        "start": "08:30",
        "end": "17:00",
    }
    for bad, field in (
        ({"start": "9", "end": "17:00"}, "start"),
        ({"start": "18:00", "end": "09:00"}, "end"),
        ({"days": [7]}, "days"),
        ({"start": "25:00"}, "start"),
    ):
        with pytest.raises(Invalid) as error:
            clean_business_hours(bad)
        assert error.value.extra["field"] == field


def test_a_unit_without_a_holiday_calendar_still_counts_working_days(session: Session) -> None:
    unit = make_unit(session, country="ZZ", timezone="UTC")
    calendar = calendar_for(unit)
    assert calendar.country is None


def _alerts(session: Session) -> list[tuple[str, int, int]]:
    rows = session.scalars(
        select(Alert).where(Alert.kind == AlertKind.FEEDBACK_DEADLINE).order_by(Alert.id)
    ).all()
    return [(a.explanation["stage"], a.explanation["level"], a.unit_id) for a in rows]


def test_a_warning_and_each_escalation_fire_once(
    session: Session, org: Org, project: Project, form: FeedbackForm, paris: Unit
) -> None:
    set_routing_settings(
        session,
        SYSTEM,
        project_id=project.id,
        values={
            "default_deadline_hours": 40,
            "escalation": [{"after_hours": 0, "level": 1}, {"after_hours": 9, "level": 2}],
        },
    )
    focal = make_user(session, roles=[(paris, Role.FOCAL_POINT)])
    lead = make_user(session, roles=[(org.region_a, Role.COMMUNICATION_LEAD)])
    item = _routed(session, project, form, paris)  # due Monday 4 May 17:00 Paris
    before = check_deadlines(session, now=datetime(2026, 5, 4, 8, 0, tzinfo=UTC))
    assert before.checked >= 1
    assert not before.warned
    assert not _alerts(session)

    warn_at = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)  # 14:00 Paris: 80 % of 16 h is 12.8 h
    for _ in range(2):
        check_deadlines(session, now=warn_at)
    assert _alerts(session) == [("warning", 0, paris.id)]
    assert item.warned_at == warn_at
    assert item.escalation_level == 0

    breach = datetime(2026, 5, 4, 15, 30, tzinfo=UTC)
    for _ in range(2):
        check_deadlines(session, now=breach)
    assert _alerts(session)[1:] == [("escalation", 1, org.region_a.id)]

    later = datetime(2026, 5, 5, 16, 0, tzinfo=UTC)  # 9 business hours after the breach
    for _ in range(2):
        check_deadlines(session, now=later)
    assert _alerts(session)[2:] == [("escalation", 2, org.dept_a.id)]
    assert item.escalation_level == 2

    told = session.execute(
        select(AlertNotification.user_id, Alert.explanation).join(
            Alert, Alert.id == AlertNotification.alert_id
        )
    ).all()
    by_stage: dict[tuple[str, int], set[int]] = {}
    for user_id, explanation in told:
        by_stage.setdefault((explanation["stage"], explanation["level"]), set()).add(user_id)
    assert by_stage[("warning", 0)] == {focal.id}
    assert by_stage[("escalation", 1)] == {lead.id}
    dept_a_people = {org.users["focal_point"].id, org.users["communication_lead"].id}
    assert by_stage[("escalation", 2)] == dept_a_people
    audited = session.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.action.like("feedback.deadline_%"))
    )
    assert audited == 3


def test_a_reassigned_item_warns_its_new_unit(
    session: Session, org: Org, project: Project, form: FeedbackForm, paris: Unit
) -> None:
    item = _routed(session, project, form, paris)
    check_deadlines(session, now=datetime(2026, 5, 4, 12, 0, tzinfo=UTC))
    assert item.warned_at is not None
    with time_machine.travel(datetime(2026, 5, 4, 12, 5, tzinfo=UTC), tick=False):
        assign_item(session, SYSTEM, item.id, org.dept_b.id)
    assert item.warned_at is None
    assert item.escalation_level == 0
    check_deadlines(session, now=datetime(2026, 5, 4, 12, 10, tzinfo=UTC))
    # By Kyiv's calendar the 16 h ran out on Monday morning: warned, and escalated at once.
    assert _alerts(session) == [
        ("warning", 0, paris.id),
        ("warning", 0, org.dept_b.id),
        ("escalation", 1, org.ministry.id),
    ]
