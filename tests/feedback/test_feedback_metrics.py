"""Feedback KPI metrics computed from items: counts, response times, overdue, shares, rating."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy.orm import Session

from resonance.feedback.handling import change_status
from resonance.feedback.metrics import feedback_metrics, load_feedback_window
from resonance.feedback.models import FeedbackItem
from resonance.feedback.routing import create_rule
from resonance.kpi.evaluation import evaluate_kpi
from resonance.kpi.metrics import Observation, WindowData, default_registry
from resonance.kpi.services import create_kpi
from resonance.monitoring.models import Project
from tests.factories import SYSTEM, Org, make_form, make_item, make_org, make_project, make_unit

THU = datetime(2026, 4, 30, 8, 0, tzinfo=UTC)  # 10:00 in Paris; Friday 1 May is a holiday
START, END = datetime(2026, 4, 27, tzinfo=UTC), datetime(2026, 5, 11, tzinfo=UTC)
LONG = "Please repair the road to the school in our village before the winter comes."


def _at(when: datetime, session: Session, item: FeedbackItem, action: str) -> None:
    with time_machine.travel(when, tick=False):
        change_status(session, SYSTEM, item.id, action=action, answer="ok")


@pytest.fixture
def world(session: Session) -> tuple[Org, Project, dict[str, FeedbackItem]]:
    org = make_org(session)
    project = make_project(session, owner=org.dept_a)
    form = make_form(session, project=project)
    paris = make_unit(session, parent=org.dept_a, country="FR", timezone="Europe/Paris")
    create_rule(
        session,
        SYSTEM,
        project_id=project.id,
        values={"name": "all", "unit_id": paris.id, "deadline_hours": 16},
    )
    with time_machine.travel(THU, tick=False):
        items = {
            name: make_item(session, form=form, text=f"{LONG} ({name})", received_at=THU)
            for name in ("fast", "paused", "open")
        }
        items["short"] = make_item(session, form=form, text="Thanks!", received_at=THU)
        items["held"] = make_item(session, form=form, text=LONG, honeypot="x", received_at=THU)
    fast, paused = items["fast"], items["paused"]
    _at(THU + timedelta(hours=1), session, fast, "start")
    _at(THU + timedelta(hours=4), session, fast, "answer")  # 4 business hours
    _at(THU + timedelta(hours=1), session, paused, "start")
    _at(THU + timedelta(hours=1), session, paused, "ask_citizen")  # 1 h used
    _at(datetime(2026, 5, 4, 7, 0, tzinfo=UTC), session, paused, "citizen_replied")
    _at(datetime(2026, 5, 4, 9, 0, tzinfo=UTC), session, paused, "answer")  # + 2 h
    fast.rating, paused.rating, paused.reopen_count = 5, 2, 1
    items["short"].answered_at = None
    session.flush()
    return org, project, items


def _values(session: Session, project: Project, end: datetime = END) -> dict[str, Observation]:
    data = WindowData(extra=load_feedback_window(session, project.id, START, end))
    return {m.name: m.compute(data) for m in feedback_metrics() if m.compute}


def test_counts_leave_out_held_items_and_bare_reactions(
    session: Session, world: tuple[Org, Project, dict[str, FeedbackItem]]
) -> None:
    values = _values(session, world[1])
    assert values["feedback_count"].value == 4
    assert values["detailed_feedback_count"].value == 3


def test_response_times_are_business_hours_without_the_pause(
    session: Session, world: tuple[Org, Project, dict[str, FeedbackItem]]
) -> None:
    values = _values(session, world[1])
    p50, p90 = values["feedback_response_p50"], values["feedback_response_p90"]
    assert p50.n == 2
    assert p50.value == pytest.approx(3.5)
    assert p90.value == pytest.approx(3.9)


def test_overdue_on_time_reopen_and_rating(
    session: Session, world: tuple[Org, Project, dict[str, FeedbackItem]]
) -> None:
    values = _values(session, world[1])
    overdue = values["overdue_feedback"]
    # "open" and "short" passed Monday 17:00 Paris unanswered.
    assert (overdue.value, overdue.n) == (2.0, 2)
    in_time = values["feedback_answered_in_time"]
    assert in_time.value == pytest.approx(2 / 4)
    assert in_time.n == 4
    assert values["feedback_reopen_rate"].value == pytest.approx(0.5)
    assert values["feedback_rating"].value == pytest.approx(3.5)


def test_the_window_end_is_the_moment_the_metrics_look_at(
    session: Session, world: tuple[Org, Project, dict[str, FeedbackItem]]
) -> None:
    monday_noon = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # before the deadline
    values = _values(session, world[1], end=monday_noon)
    assert values["overdue_feedback"].value == 0.0
    assert values["feedback_response_p50"].n == 2


def test_the_metrics_are_registered_and_evaluated_by_the_kpi_engine(
    session: Session, world: tuple[Org, Project, dict[str, FeedbackItem]]
) -> None:
    registry = default_registry()
    for metric in feedback_metrics():
        assert registry.get(metric.name).available
    org, project, _ = world
    kpi = create_kpi(
        session,
        SYSTEM,
        name="Answered on time",
        project_id=project.id,
        owner_unit_id=org.dept_a.id,
        metric="feedback_count",
        window="week",
        comparator=">=",
        target=1,
    )
    evaluation = evaluate_kpi(session, kpi, as_of=datetime(2026, 5, 6, 12, tzinfo=UTC))
    assert evaluation.state == "ok"
    assert evaluation.current is not None
    assert evaluation.current.value == 4.0
