"""Each page renders for the personas allowed to see it and is refused for the others."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.auth.models import ApiToken
from resonance.monitoring.models import Project
from resonance.organization.models import Membership, Role, Unit, User
from tests.factories import Org, make_unit
from tests.web.conftest import csrf_of

SignIn = Callable[[str], TestClient]
OK, DENIED = 200, 403
# page -> expected status for administrator, communication_lead, viewer, nobody
MATRIX: dict[str, tuple[int, int, int, int]] = {
    "/": (OK, OK, OK, OK),
    "/units": (OK, OK, OK, DENIED),
    "/projects": (OK, OK, OK, DENIED),
    "/projects/new": (OK, OK, DENIED, DENIED),
    "/users": (OK, DENIED, DENIED, DENIED),
    "/audit": (OK, DENIED, DENIED, DENIED),
    "/settings": (OK, OK, OK, OK),
}
PERSONAS = ("administrator", "communication_lead", "viewer", "nobody")


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_follow_the_access_matrix(
    signed_in: SignIn, persona: str, projects: dict[str, Project]
) -> None:
    client = signed_in(persona)
    for path, expected in MATRIX.items():
        response = client.get(path)
        assert response.status_code == expected[PERSONAS.index(persona)], (path, response.text)
        assert response.headers["content-type"].startswith("text/html")
    detail = client.get(f"/projects/{projects['a'].id}").status_code
    assert detail == (DENIED if persona == "nobody" else OK)


@pytest.mark.parametrize("path", [*MATRIX, "/users/1", "/projects/1"])
def test_anonymous_visitors_are_sent_to_the_login_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_navigation_shows_coming_capabilities_as_non_links(signed_in: SignIn) -> None:
    html = signed_in("viewer").get("/").text
    assert 'aria-disabled="true">Narratives' in html
    assert 'href="/feedback"' in html
    assert 'href="/users"' not in html
    assert 'href="/units"' in html


def test_a_viewer_of_one_department_never_sees_another_departments_projects(
    signed_in: SignIn, projects: dict[str, Project]
) -> None:
    client = signed_in("viewer")
    listing = client.get("/projects").text
    assert "Digital schools" in listing
    assert "Secret roads of B" not in listing
    assert "Secret roads of B" not in client.get("/").text
    assert client.get(f"/projects/{projects['b'].id}").status_code == 404
    assert "Department B" not in client.get("/units").text


def test_project_filters_return_a_fragment_for_htmx(
    signed_in: SignIn, projects: dict[str, Project]
) -> None:
    client = signed_in("administrator")
    response = client.get("/projects?q=roads", headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert "Secret roads of B" in response.text
    assert "Digital schools" not in response.text


def test_unit_form_errors_are_shown_next_to_the_field(
    signed_in: SignIn, org: Org, session: Session
) -> None:
    client = signed_in("administrator")
    token = csrf_of(client.get("/units").text)
    response = client.post(
        "/units",
        data={
            "name": "Lviv office",
            "kind": "office",
            "parent_id": str(org.dept_a.id),
            "timezone": "Mars/Olympus",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert 'id="new-timezone-error"' in response.text
    assert "not a known time zone" in response.text
    assert 'value="Lviv office"' in response.text
    assert session.scalar(select(Unit).where(Unit.name == "Lviv office")) is None


def test_a_unit_with_children_cannot_be_deleted_and_says_why(signed_in: SignIn, org: Org) -> None:
    client = signed_in("administrator")
    token = csrf_of(client.get("/units").text)
    response = client.post(f"/units/{org.dept_a.id}/delete", data={"csrf_token": token})
    assert response.status_code == 409
    assert "has sub-units" in response.text


def test_units_can_be_moved_and_edited_without_javascript(
    signed_in: SignIn, org: Org, session: Session
) -> None:
    client = signed_in("administrator")
    edit = client.get(f"/units/{org.region_a.id}/edit")
    assert edit.status_code == 200
    assert "<html" in edit.text
    token = csrf_of(edit.text)
    moved = client.post(
        f"/units/{org.region_a.id}/move",
        data={"new_parent_id": str(org.dept_b.id), "csrf_token": token},
    )
    assert moved.headers["location"] == "/units?notice=moved"
    session.expire_all()
    region = session.get(Unit, org.region_a.id)
    assert region is not None
    assert region.parent_id == org.dept_b.id


def test_html_in_names_is_escaped(signed_in: SignIn, org: Org, session: Session) -> None:
    make_unit(session, parent=org.dept_a, name='<script>alert("x")</script>')
    session.commit()
    html = signed_in("viewer").get("/units").text
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_project_forms_keep_input_and_explain_errors(
    signed_in: SignIn, org: Org, session: Session
) -> None:
    client = signed_in("communication_lead")
    token = csrf_of(client.get("/projects/new").text)
    data = {
        "slug": "Bad Slug!",
        "name_uk": "Реформа",
        "owner_unit_id": str(org.dept_a.id),
        "csrf_token": token,
    }
    response = client.post("/projects", data=data)
    assert response.status_code == 422
    assert 'id="slug-error"' in response.text
    assert "Реформа" in response.text
    created = client.post("/projects", data={**data, "slug": "reform-uk"})
    assert created.status_code == 303
    project = session.scalar(select(Project).where(Project.slug == "reform-uk"))
    assert project is not None
    assert project.names == {"uk": "Реформа"}
    outside = client.post(
        "/projects", data={**data, "slug": "elsewhere", "owner_unit_id": str(org.dept_b.id)}
    )
    assert outside.status_code == 404
    assert 'id="owner_unit_id-error"' in outside.text


def test_user_managers_add_people_and_grant_roles(
    signed_in: SignIn, org: Org, session: Session
) -> None:
    client = signed_in("administrator")
    token = csrf_of(client.get("/users").text)
    added = client.post(
        "/users",
        data={
            "email": "new.person@example.org",
            "display_name": "New Person",
            "password": "long enough password",
            "csrf_token": token,
        },
    )
    assert added.status_code == 303
    person = session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert person is not None
    granted = client.post(
        f"/users/{person.id}/roles",
        data={"unit_id": str(org.dept_b.id), "role": "analyst", "csrf_token": token},
    )
    assert granted.status_code == 303
    assert session.scalar(
        select(Membership).where(Membership.user_id == person.id, Membership.role == Role.ANALYST)
    )
    assert (
        client.post(
            f"/users/{person.id}/active", data={"active": "false", "csrf_token": token}
        ).status_code
        == 303
    )
    session.expire_all()
    assert session.get(User, person.id).is_active is False  # type: ignore[union-attr]
    short = client.post(
        "/users",
        data={
            "email": "x@example.org",
            "display_name": "X",
            "password": "short",
            "csrf_token": token,
        },
    )
    assert short.status_code == 422
    assert 'id="new-password-error"' in short.text


def test_the_audit_log_shows_before_and_after(signed_in: SignIn, org: Org) -> None:
    client = signed_in("administrator")
    token = csrf_of(client.get("/units").text)
    client.post(
        f"/units/{org.dept_b.id}",
        data={
            "name": "Department B2",
            "kind": "department",
            "timezone": "Europe/Kyiv",
            "csrf_token": token,
        },
    )
    html = client.get("/audit?entity=unit&action=update").text
    assert "<del>Department B</del>" in html
    assert "<ins>Department B2</ins>" in html


def test_a_new_token_is_shown_once_then_only_its_prefix(
    signed_in: SignIn, session: Session
) -> None:
    client = signed_in("viewer")
    token = csrf_of(client.get("/settings").text)
    created = client.post("/settings/tokens", data={"name": "export", "csrf_token": token})
    assert created.status_code == 201
    secret = created.text.split('id="new-token-secret">')[1].split("<")[0]
    assert secret.startswith("rsn_")
    later = client.get("/settings").text
    stored = session.scalar(select(ApiToken).where(ApiToken.name == "export"))
    assert stored is not None
    assert secret not in later
    assert stored.prefix in later
    revoked = client.post(f"/settings/tokens/{stored.id}/revoke", data={"csrf_token": token})
    assert revoked.status_code == 303
    assert "revoked" in client.get("/settings").text


def test_changing_the_password_checks_the_current_one(signed_in: SignIn) -> None:
    client = signed_in("viewer")
    token = csrf_of(client.get("/settings").text)
    response = client.post(
        "/settings/password",
        data={
            "current_password": "wrong one",
            "new_password": "a brand new password",
            "new_password_confirm": "a brand new password",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert 'id="current_password-error"' in response.text


def test_unknown_pages_get_a_friendly_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is no page at this address" in response.text
