"""People and roles through the API: CRUD, password reset, grants and revokes, scoping."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.auth.passwords import verify_password
from resonance.organization.models import Membership, Role, User
from tests.api.conftest import Api, assert_problem, bearer
from tests.factories import PASSWORD, Org, make_user


def _audit(session: Session, entity_type: str, action: str) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(
        AuditEntry.entity_type == entity_type, AuditEntry.action == action
    )
    return list(session.scalars(stmt.order_by(AuditEntry.id)))


def test_an_administrator_creates_reads_and_changes_a_person(
    api: Api, org: Org, session: Session
) -> None:
    created = api.post(
        "/api/v1/users",
        json={
            "email": "Olena@Example.org",
            "display_name": "Olena",
            "password": "a long enough password",
            "locale": "uk",
        },
    )
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["email"] == "olena@example.org"
    assert "password" not in created.text
    assert "hash" not in created.text
    assert created.headers["location"] == f"/api/v1/users/{user['id']}"
    assert api.get(f"/api/v1/users/{user['id']}").json()["display_name"] == "Olena"

    changed = api.patch(
        f"/api/v1/users/{user['id']}", json={"display_name": "Olena K.", "locale": None}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["display_name"], changed.json()["locale"]) == ("Olena K.", None)
    deactivated = api.patch(f"/api/v1/users/{user['id']}", json={"is_active": False})
    assert deactivated.json()["is_active"] is False

    created_entry = _audit(session, "user", "create")[-1]
    assert created_entry.after is not None
    assert created_entry.after["password_hash"] == "***"
    update = _audit(session, "user", "update")[-2]
    assert update.before is not None
    assert update.before["display_name"] == "Olena"
    assert update.after is not None
    assert update.after["display_name"] == "Olena K."


def test_a_duplicate_email_is_a_conflict(api: Api, org: Org, session: Session) -> None:
    email = org.users["viewer"].email
    response = api.post(
        "/api/v1/users",
        json={"email": email.upper(), "display_name": "Twin", "password": "a long password"},
    )
    assert_problem(response, 409, f"e-mail {email} already exists")
    assert session.scalars(select(User).where(User.display_name == "Twin")).all() == []


def test_a_weak_password_or_bad_email_is_refused(api: Api, org: Org, session: Session) -> None:
    body = {"email": "new@example.org", "display_name": "New", "password": "short"}
    assert_problem(api.post("/api/v1/users", json=body), 422, "at least 10 characters")
    body = {**body, "email": "not-an-email", "password": "a long password"}
    assert_problem(api.post("/api/v1/users", json=body), 422, "not a valid e-mail")
    assert session.scalar(select(User).where(User.display_name == "New")) is None


def test_the_list_filters_by_search_role_and_unit(api: Api, org: Org) -> None:
    def emails(**params: object) -> set[str]:
        response = api.get("/api/v1/users", params=params)
        assert response.status_code == 200, response.text
        return {u["email"] for u in response.json()["items"]}

    everyone = emails(limit=200)
    assert {u.email for u in org.users.values()} <= everyone  # "nobody" too, for a root admin
    assert emails(role="analyst") == {org.users["analyst"].email}
    assert emails(unit_id=org.ministry.id) == {org.users["administrator"].email}
    assert emails(search=org.users["viewer"].email.split("@")[0]) == {org.users["viewer"].email}
    assert_problem(api.get("/api/v1/users", params={"role": "king"}), 422, "query.role")


def test_an_administrator_resets_a_password_and_is_audited(
    api: Api, org: Org, session: Session
) -> None:
    viewer = org.users["viewer"]
    response = api.post(
        f"/api/v1/users/{viewer.id}/password", json={"new_password": "a brand new password"}
    )
    assert response.status_code == 204, response.text
    session.expire_all()
    assert verify_password(session.get(User, viewer.id).password_hash, "a brand new password")  # type: ignore[union-attr]
    assert _audit(session, "user", "change_password")[-1].entity_id == str(viewer.id)


def test_people_change_their_own_profile_and_password_under_me(
    api: Api, org: Org, session: Session
) -> None:
    me = api.get("/api/v1/me", as_="analyst").json()
    assert me["user"]["email"] == org.users["analyst"].email
    assert me["auth_method"] == "token"
    assert me["grants"] == [
        {
            "unit_id": org.dept_a.id,
            "unit_path": org.dept_a.path,
            "role": "analyst",
            "permissions": ["analyse", "view"],
        }
    ]
    changed = api.patch("/api/v1/me", json={"display_name": "Analyst A"}, as_="analyst")
    assert changed.json()["display_name"] == "Analyst A"
    refused = api.patch("/api/v1/me", json={"is_active": False}, as_="analyst")
    assert_problem(refused, 422, "is_active: Extra inputs are not permitted")

    wrong = api.post(
        "/api/v1/me/password",
        json={"current_password": "not it at all", "new_password": "another password"},
        as_="analyst",
    )
    assert_problem(wrong, 422, "current password is wrong")
    right = api.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "another password"},
        as_="analyst",
    )
    assert right.status_code == 204
    session.expire_all()
    assert verify_password(
        session.get(User, org.users["analyst"].id).password_hash,  # type: ignore[union-attr]
        "another password",
    )


def test_granting_and_revoking_a_role_is_audited(api: Api, org: Org, session: Session) -> None:
    nobody = org.users["nobody"]
    granted = api.post(
        "/api/v1/memberships",
        json={"user_id": nobody.id, "unit_id": org.dept_b.id, "role": "focal_point"},
    )
    assert granted.status_code == 201, granted.text
    membership = granted.json()
    assert api.get(f"/api/v1/users/{nobody.id}").json()["memberships"] == [membership]
    again = api.post(
        "/api/v1/memberships",
        json={"user_id": nobody.id, "unit_id": org.dept_b.id, "role": "focal_point"},
    )
    assert_problem(again, 409, "already holds the role focal_point")

    assert api.delete(f"/api/v1/memberships/{membership['id']}").status_code == 204
    assert_problem(api.delete(f"/api/v1/memberships/{membership['id']}"), 404)
    grant = _audit(session, "membership", "grant_role")[-1]
    assert grant.after is not None
    assert grant.after["role"] == "focal_point"
    revoke = _audit(session, "membership", "revoke_role")[-1]
    assert revoke.before is not None
    assert revoke.before["user_id"] == nobody.id


def test_a_department_administrator_cannot_grant_roles_on_another_department(
    api: Api, org: Org, session: Session
) -> None:
    from resonance.auth.services import create_token
    from tests.factories import actor_of

    local_admin = make_user(session, roles=[(org.dept_a, Role.ADMINISTRATOR)])
    secret, _ = create_token(
        session, actor_of(session, local_admin), user_id=local_admin.id, name="local"
    )
    session.commit()
    target = org.users["nobody"]
    body = {"user_id": target.id, "unit_id": org.dept_b.id, "role": "viewer"}
    response = api.client.post("/api/v1/memberships", json=body, headers=bearer(secret))
    assert_problem(response, 404, f"no unit with id {org.dept_b.id}")
    inside = {**body, "unit_id": org.region_a.id}
    assert (
        api.client.post("/api/v1/memberships", json=inside, headers=bearer(secret)).status_code
        == 201
    )
    session.expire_all()
    roles = session.scalars(select(Membership).where(Membership.user_id == target.id)).all()
    assert [(m.unit_id, m.role) for m in roles] == [(org.region_a.id, Role.VIEWER)]


def test_people_management_needs_the_manage_users_permission(api: Api, org: Org) -> None:
    for persona in ("viewer", "focal_point", "analyst", "communication_lead", "nobody"):
        assert_problem(api.get("/api/v1/users", as_=persona), 403, "manage_users")
    viewer = org.users["viewer"]
    reset = api.post(
        f"/api/v1/users/{viewer.id}/password",
        json={"new_password": "taken over account"},
        as_="communication_lead",
    )
    assert_problem(reset, 403)
