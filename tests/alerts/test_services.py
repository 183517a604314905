"""Grouping and throttling, who is notified, acknowledgement, KPI changes, subscriptions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.alerts.models import (
    Alert,
    AlertKind,
    AlertNotification,
    AlertStatus,
    Channel,
    Severity,
)
from resonance.alerts.queries import alerts_query, unread_count
from resonance.alerts.services import (
    Throttle,
    acknowledge_alert,
    close_stale_alerts,
    mark_read,
    raise_alert,
    record_kpi_status_change,
)
from resonance.alerts.subscriptions import (
    create_subscription,
    delete_subscription,
    update_subscription,
)
from resonance.audit.models import AuditEntry
from resonance.errors import Conflict, Invalid, NotFound, PermissionDenied
from resonance.monitoring.models import Project
from resonance.organization.models import User
from tests.alerts.conftest import NOW, occurrence
from tests.factories import Org, actor_of, make_project

THROTTLE = Throttle(quiet=timedelta(hours=6), group_window=timedelta(hours=24))


def _subscribe(session: Session, user: User, *channels: str, **kw: object) -> None:
    create_subscription(session, actor_of(session, user), channels=list(channels), **kw)


def _notes(session: Session, user: User) -> list[AlertNotification]:
    stmt = select(AlertNotification).where(AlertNotification.user_id == user.id)
    return list(session.scalars(stmt.order_by(AlertNotification.id)))


def test_a_storm_becomes_one_alert_that_counts_its_occurrences(
    session: Session, org: Org, project: Project
) -> None:
    viewer = org.users["viewer"]
    _subscribe(session, viewer, "inapp", "email")
    first = raise_alert(session, occurrence(org.dept_a, project), throttle=THROTTLE, now=NOW)
    for hours in (1, 2, 3):
        at = NOW + timedelta(hours=hours)
        raise_alert(session, occurrence(org.dept_a, project, at), throttle=THROTTLE, now=at)
    alert = first.alert
    assert first.created
    assert alert.occurrences == 4
    assert alert.last_seen_at == NOW + timedelta(hours=3)
    notes = {n.channel: n for n in _notes(session, viewer)}
    assert {c: n.status for c, n in notes.items()} == {
        Channel.INAPP: "sent",
        Channel.EMAIL: "pending",
    }
    assert first.notifications == [notes[Channel.EMAIL].id]  # what the outbox must deliver


def test_it_renotifies_after_the_quiet_period_or_on_escalation(
    session: Session, org: Org, project: Project
) -> None:
    viewer = org.users["viewer"]
    _subscribe(session, viewer, "inapp")
    raise_alert(session, occurrence(org.dept_a, project), throttle=THROTTLE, now=NOW)
    later = NOW + timedelta(hours=7)
    raise_alert(session, occurrence(org.dept_a, project, later), throttle=THROTTLE, now=later)
    worse = later + timedelta(hours=1)
    critical = occurrence(org.dept_a, project, worse, severity=Severity.CRITICAL)
    outcome = raise_alert(session, critical, throttle=THROTTLE, now=worse)
    assert outcome.alert.severity is Severity.CRITICAL
    assert [n.occurrence for n in _notes(session, viewer)] == [1, 2, 3]


def test_a_quiet_group_is_closed_and_the_next_occurrence_opens_a_new_alert(
    session: Session, org: Org, project: Project
) -> None:
    first = raise_alert(session, occurrence(org.dept_a, project), throttle=THROTTLE, now=NOW)
    assert close_stale_alerts(session, throttle=THROTTLE, now=NOW + timedelta(hours=12)) == 0
    later = NOW + timedelta(hours=30)
    second = raise_alert(
        session, occurrence(org.dept_a, project, later), throttle=THROTTLE, now=later
    )
    assert second.created
    assert first.alert.status is AlertStatus.CLOSED
    assert first.alert.open_key is None
    assert second.alert.id != first.alert.id


def test_groups_are_per_kind_and_subject(session: Session, org: Org, project: Project) -> None:
    raise_alert(session, occurrence(org.dept_a, project), now=NOW)
    raise_alert(session, occurrence(org.dept_a, project, subject="lang:fr"), now=NOW)
    raise_alert(session, occurrence(org.dept_a, project, kind=AlertKind.VOLUME_DROP), now=NOW)
    assert session.query(Alert).filter(Alert.project_id == project.id).count() == 3


def test_only_people_who_may_see_the_project_are_notified(
    session: Session, org: Org, project: Project
) -> None:
    outsider = org.users["nobody"]
    _subscribe(session, outsider, "inapp")  # "every project I may see": none of dept_a's
    _subscribe(session, org.users["analyst"], "inapp", kinds=["negative_share"])
    _subscribe(session, org.users["administrator"], "inapp", project_id=project.id)
    raise_alert(session, occurrence(org.dept_a, project), now=NOW)
    assert _notes(session, outsider) == []
    assert _notes(session, org.users["analyst"]) == []  # a kind it did not ask for
    assert len(_notes(session, org.users["administrator"])) == 1
    assert unread_count(session, org.users["administrator"].id) == 1


def test_a_subscription_to_a_project_one_cannot_see_is_refused(session: Session, org: Org) -> None:
    hidden = make_project(session, owner=org.dept_b)
    with pytest.raises(NotFound):
        _subscribe(session, org.users["viewer"], "inapp", project_id=hidden.id)


def test_the_alert_list_is_scoped_to_visible_units(
    session: Session, org: Org, project: Project
) -> None:
    other = make_project(session, owner=org.dept_b)
    raise_alert(session, occurrence(org.dept_a, project), now=NOW)
    raise_alert(session, occurrence(org.dept_b, other), now=NOW)
    mine = session.scalars(alerts_query(actor_of(session, org.users["viewer"]))).all()
    assert [a.project_id for a in mine] == [project.id]
    every = session.scalars(alerts_query(actor_of(session, org.users["administrator"]))).all()
    assert len(every) == 2


def test_acknowledgement_is_audited_and_needs_analyse(
    session: Session, org: Org, project: Project
) -> None:
    alert = raise_alert(session, occurrence(org.dept_a, project), now=NOW).alert
    with pytest.raises(PermissionDenied):
        acknowledge_alert(session, actor_of(session, org.users["viewer"]), alert.id)
    with pytest.raises(NotFound):
        acknowledge_alert(session, actor_of(session, org.users["nobody"]), alert.id)
    analyst = org.users["analyst"]
    acknowledge_alert(session, actor_of(session, analyst), alert.id, note=" Rebuttal posted ")
    assert alert.status is AlertStatus.ACKNOWLEDGED
    assert alert.acknowledged_by_id == analyst.id
    assert alert.acknowledgement_note == "Rebuttal posted"
    entry = session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity_type == "alert", AuditEntry.action == "acknowledge"
        )
    ).one()
    assert entry.actor_user_id == analyst.id
    assert entry.entity_id == str(alert.id)
    assert entry.after is not None
    assert entry.after["acknowledgement_note"] == "Rebuttal posted"
    with pytest.raises(Conflict):
        acknowledge_alert(session, actor_of(session, analyst), alert.id)


def test_an_acknowledged_alert_absorbs_occurrences_without_notifying(
    session: Session, org: Org, project: Project
) -> None:
    viewer = org.users["viewer"]
    _subscribe(session, viewer, "inapp")
    alert = raise_alert(session, occurrence(org.dept_a, project), now=NOW).alert
    acknowledge_alert(session, actor_of(session, org.users["analyst"]), alert.id)
    later = NOW + timedelta(hours=8)
    raise_alert(session, occurrence(org.dept_a, project, later), throttle=THROTTLE, now=later)
    assert alert.occurrences == 2
    assert len(_notes(session, viewer)) == 1


def test_reading_clears_the_unread_count(session: Session, org: Org, project: Project) -> None:
    viewer = org.users["viewer"]
    _subscribe(session, viewer, "inapp")
    raise_alert(session, occurrence(org.dept_a, project), now=NOW)
    raise_alert(session, occurrence(org.dept_a, project, subject="lang:en"), now=NOW)
    assert unread_count(session, viewer.id) == 2
    assert mark_read(session, actor_of(session, viewer)) == 2
    assert unread_count(session, viewer.id) == 0


def test_kpi_status_changes_raise_escalate_and_close_an_alert(
    session: Session, org: Org, project: Project
) -> None:
    viewer = org.users["viewer"]
    _subscribe(session, viewer, "inapp", kinds=["kpi_status"])
    assert (
        record_kpi_status_change(
            session,
            kpi_id=7,
            project_id=project.id,
            old="on_track",
            new="on_track",
            explanation="steady",
            at=NOW,
        )
        is None
    )
    alert = record_kpi_status_change(
        session, kpi_id=7, project_id=project.id, old="on_track", new="at_risk",
        explanation={"text": "Forecast 4,800 of 6,000 by the deadline", "actual": 4100}, at=NOW,
    )  # fmt: skip
    assert alert is not None
    assert (alert.kind, alert.subject, alert.severity) == (
        AlertKind.KPI_STATUS,
        "kpi:7",
        Severity.WARNING,
    )
    assert alert.explanation["actual"] == 4100
    worse = record_kpi_status_change(
        session, kpi_id=7, project_id=project.id, old="at_risk", new="off_track",
        explanation="Below target for 3 weeks", at=NOW + timedelta(hours=1),
    )  # fmt: skip
    assert worse is alert
    assert alert.severity is Severity.CRITICAL
    assert len(_notes(session, viewer)) == 2  # escalation is told despite the quiet period
    recovered = record_kpi_status_change(
        session, kpi_id=7, project_id=project.id, old="off_track", new="on_track",
        explanation="Back on track", at=NOW + timedelta(days=2),
    )  # fmt: skip
    assert recovered is alert
    assert alert.status is AlertStatus.CLOSED


def test_kpi_entry_point_rejects_unknown_statuses_and_projects(
    session: Session, project: Project
) -> None:
    with pytest.raises(Invalid):
        record_kpi_status_change(
            session, kpi_id=1, project_id=project.id, old=None, new="red", explanation=""
        )
    with pytest.raises(NotFound):
        record_kpi_status_change(
            session, kpi_id=1, project_id=999_999, old=None, new="at_risk", explanation=""
        )


def test_subscriptions_are_validated_and_only_their_owner_may_change_them(
    session: Session, org: Org
) -> None:
    viewer = actor_of(session, org.users["viewer"])
    with pytest.raises(Invalid, match="channel"):
        create_subscription(session, viewer, channels=[])
    with pytest.raises(Invalid, match="webhook URL"):
        create_subscription(session, viewer, channels=["webhook"], webhook_url="ftp://x")
    with pytest.raises(Invalid, match="chat id"):
        create_subscription(session, viewer, channels=["telegram"])
    with pytest.raises(Invalid, match="Unknown kinds"):
        create_subscription(session, viewer, channels=["inapp"], kinds=["gossip"])
    sub = create_subscription(
        session, viewer, channels=["webhook"], webhook_url="https://hooks.example.org/x"
    )
    assert sub.webhook_secret is not None
    assert len(sub.webhook_secret) >= 32
    other = actor_of(session, org.users["analyst"])
    with pytest.raises(NotFound):
        update_subscription(session, other, sub.id, enabled=False)
    update_subscription(session, viewer, sub.id, kinds=["volume_spike"])
    assert sub.kinds == ["volume_spike"]
    delete_subscription(session, viewer, sub.id)
    audit = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_type == "alert_subscription")
    ).all()
    assert sorted(audit) == ["create", "delete", "update"]
    secrets = session.scalars(
        select(AuditEntry.after).where(AuditEntry.entity_type == "alert_subscription")
    ).all()
    assert all(a is None or a["webhook_secret"] in ("***", None) for a in secrets)
