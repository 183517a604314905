"""Source services: scoped by the owner unit, audited, config validated by the connector."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.errors import Conflict, Invalid, NotFound, PermissionDenied
from resonance.organization.models import Role
from resonance.sources.queries import list_sources
from resonance.sources.services import (
    create_source,
    disable_source,
    enable_source,
    update_source,
)
from tests.factories import actor_of, make_org

RSS = {"url": "https://mon.example.gov.ua/rss"}


def test_a_communication_lead_adds_a_source_to_their_unit(session: Session) -> None:
    org = make_org(session)
    lead = actor_of(session, org.users[Role.COMMUNICATION_LEAD.value])

    source = create_source(session, lead, name=" Новини МОН ", connector="rss", config=RSS,
                           owner_unit_id=org.region_a.id, country="ua")  # fmt: skip

    assert (source.name, source.country, source.config) == ("Новини МОН", "UA", RSS)
    assert source.next_run_at is None  # due at once
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "source")).one()
    assert (entry.action, entry.entity_id) == ("create", str(source.id))
    assert [s.id for s in list_sources(session, lead)] == [source.id]


def test_sources_outside_the_actors_scope_are_refused(session: Session) -> None:
    org = make_org(session)
    lead = actor_of(session, org.users[Role.COMMUNICATION_LEAD.value])
    analyst = actor_of(session, org.users[Role.ANALYST.value])
    with pytest.raises(NotFound):
        create_source(session, lead, name="B", connector="rss", config=RSS,
                      owner_unit_id=org.dept_b.id)  # fmt: skip
    with pytest.raises(PermissionDenied):
        create_source(session, analyst, name="A", connector="rss", config=RSS,
                      owner_unit_id=org.dept_a.id)  # fmt: skip


def test_config_is_validated_by_the_connector(session: Session) -> None:
    org = make_org(session)
    admin = actor_of(session, org.users["administrator"])
    with pytest.raises(Invalid, match="url"):
        create_source(session, admin, name="x", connector="rss", config={"url": "not a url"},
                      owner_unit_id=org.dept_a.id)  # fmt: skip
    with pytest.raises(Invalid, match="unknown connector"):
        create_source(session, admin, name="x", connector="nope", config={},
                      owner_unit_id=org.dept_a.id)  # fmt: skip
    with pytest.raises(Invalid, match="interval"):
        create_source(session, admin, name="x", connector="rss", config=RSS,
                      owner_unit_id=org.dept_a.id, interval_seconds=5)  # fmt: skip


def test_update_disable_and_enable(session: Session) -> None:
    org = make_org(session)
    admin = actor_of(session, org.users["administrator"])
    source = create_source(session, admin, name="Feed", connector="rss", config=RSS,
                           owner_unit_id=org.dept_a.id)  # fmt: skip
    create_source(session, admin, name="Other", connector="rss", config=RSS,
                  owner_unit_id=org.dept_a.id)  # fmt: skip
    source.cursor = {"etag": "x"}
    with pytest.raises(Conflict):
        update_source(session, admin, source.id, name="Other")

    update_source(session, admin, source.id, config={"url": "https://example.org/feed"})
    assert source.cursor is None  # another feed: start over

    disable_source(session, admin, source.id, reason="feed moved")
    assert not source.enabled
    assert source.last_error == f"Disabled by {admin.label}: feed moved"
    source.consecutive_failures = 7
    enable_source(session, admin, source.id)
    assert source.enabled
    assert source.consecutive_failures == 0
    assert source.next_run_at is None
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_id == str(source.id))
        .where(AuditEntry.entity_type == "source").order_by(AuditEntry.id)
    ).all()  # fmt: skip
    assert actions == ["create", "update", "disable", "enable"]
