"""The unit tree: create, move, delete, scoping, with clear errors that change nothing."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.errors import Conflict, Invalid, NotFound, PermissionDenied
from resonance.organization.models import Role, Unit, UnitKind
from resonance.organization.queries import list_units
from resonance.organization.services import create_unit, delete_unit, move_unit, update_unit
from tests.factories import SYSTEM, actor_of, make_org, make_unit, make_user


def test_a_child_path_extends_its_parent_path(session: Session) -> None:
    root = make_unit(session, kind=UnitKind.MINISTRY)
    child = make_unit(session, parent=root)
    assert child.path == f"{root.path}{child.id}/"
    assert child.ancestor_ids == [root.id, child.id]


def test_it_rejects_a_unit_moved_under_its_own_child(session: Session) -> None:
    org = make_org(session)
    with pytest.raises(Invalid, match="inside its own subtree"):
        move_unit(session, SYSTEM, org.dept_a.id, new_parent_id=org.region_a.id)
    session.refresh(org.dept_a)
    assert org.dept_a.parent_id == org.ministry.id


def test_moving_a_unit_moves_its_whole_subtree(session: Session) -> None:
    org = make_org(session)
    move_unit(session, SYSTEM, org.dept_a.id, new_parent_id=org.dept_b.id)
    region = session.get(Unit, org.region_a.id)
    assert region is not None
    assert region.path == f"{org.dept_b.path}{org.dept_a.id}/{org.region_a.id}/"


def test_deleting_a_unit_with_children_is_refused(session: Session) -> None:
    org = make_org(session)
    with pytest.raises(Conflict, match="sub-units"):
        delete_unit(session, SYSTEM, org.dept_a.id)
    assert session.get(Unit, org.dept_a.id) is not None


def test_deleting_a_leaf_unit_is_audited(session: Session) -> None:
    org = make_org(session)
    delete_unit(session, SYSTEM, org.dept_b.id)
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "unit", AuditEntry.action == "delete")
    ).one()
    assert entry.before is not None
    assert entry.before["name"] == "Department B"


def test_sibling_names_are_unique(session: Session) -> None:
    org = make_org(session)
    with pytest.raises(Conflict):
        create_unit(
            session, SYSTEM, name="Department A", kind="department", parent_id=org.ministry.id
        )


def test_a_role_on_a_unit_covers_its_subtree_only(session: Session) -> None:
    org = make_org(session)
    viewer = actor_of(session, org.users["viewer"])
    visible = {u.id for u in list_units(session, viewer)}
    assert visible == {org.dept_a.id, org.region_a.id}


def test_a_viewer_cannot_rename_a_unit(session: Session) -> None:
    org = make_org(session)
    viewer = actor_of(session, org.users["viewer"])
    with pytest.raises(PermissionDenied):
        update_unit(session, viewer, org.dept_a.id, name="Renamed")


def test_a_unit_outside_the_scope_looks_absent(session: Session) -> None:
    org = make_org(session)
    admin_of_a = make_user(session, roles=[(org.dept_a, Role.ADMINISTRATOR)])
    with pytest.raises(NotFound):
        update_unit(session, actor_of(session, admin_of_a), org.dept_b.id, name="Mine now")


def test_bad_fields_give_precise_errors(session: Session) -> None:
    with pytest.raises(Invalid, match="time zone"):
        create_unit(session, SYSTEM, name="X", kind="ministry", timezone="Mars/Base")
    with pytest.raises(Invalid, match="country code"):
        create_unit(session, SYSTEM, name="X", kind="ministry", country="Ukraine")
    with pytest.raises(Invalid, match="unit kind"):
        create_unit(session, SYSTEM, name="X", kind="galaxy")
    with pytest.raises(Invalid, match="empty"):
        create_unit(session, SYSTEM, name="   ", kind="ministry")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=12))
def test_any_sequence_of_moves_keeps_the_tree_consistent(
    session: Session, moves: list[tuple[int, int]]
) -> None:
    nested = session.begin_nested()
    root = make_unit(session, kind=UnitKind.MINISTRY)
    units = [root]
    for i in range(7):
        units.append(make_unit(session, parent=units[i // 2], name=f"n{i}"))
    for a, b in moves:
        if a == 0:
            continue
        with contextlib.suppress(Invalid, Conflict):
            move_unit(session, SYSTEM, units[a].id, new_parent_id=units[b].id)
    session.expire_all()
    by_id = {u.id: u for u in session.scalars(select(Unit).where(Unit.path.startswith(root.path)))}
    assert len(by_id) == 8
    for unit in by_id.values():
        expected = f"{by_id[unit.parent_id].path}{unit.id}/" if unit.parent_id else unit.path
        assert unit.path == expected, "path must match the parent chain"
        assert unit.id in unit.ancestor_ids
    nested.rollback()
