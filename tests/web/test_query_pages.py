"""Query pages: the caret under a parse error, saving, trying with escaped highlights, scope."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from resonance.monitoring.models import Project
from resonance.organization.models import Role
from tests.factories import Org, make_user
from tests.monitoring.trial_data import store_items
from tests.web.conftest import csrf_of, login

SignIn = Callable[[str], TestClient]


def test_a_query_that_does_not_parse_shows_a_caret_under_the_error(
    signed_in: SignIn, projects: dict[str, Project]
) -> None:
    client = signed_in("analyst")
    base = f"/projects/{projects['a'].id}/queries"
    token = csrf_of(client.get(f"{base}/new").text)
    response = client.post(
        base, data={"name": "Broken", "text": "school AND (meals", "csrf_token": token}
    )
    assert response.status_code == 422
    assert '<pre class="caret"' in response.text
    assert "school AND (meals\n" + " " * 17 + "^</pre>" in response.text
    assert "an operator or &#39;)&#39;" in response.text
    assert 'aria-invalid="true"' in response.text

    saved = client.post(
        base,
        data={"name": "Meals", "text": "school AND meals", "enabled": "on", "csrf_token": token},
    )
    assert saved.status_code == 303
    listing = client.get(base).text
    assert "Meals" in listing
    assert "school AND meals" in listing


def test_trying_a_query_highlights_matches_and_escapes_item_text(
    signed_in: SignIn, session: Session, org: Org, projects: dict[str, Project]
) -> None:
    store_items(session, org.dept_a)
    client = signed_in("analyst")
    url = f"/projects/{projects['a'].id}/queries/try"
    token = csrf_of(client.get(url).text)

    page = client.post(url, data={"text": "reform OR réforme", "days": "7", "csrf_token": token})
    assert page.status_code == 200
    assert "<mark>réforme</mark>" in page.text
    assert "<mark>reform</mark>" in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert" not in page.text

    fragment = client.post(
        url, data={"text": "school AND", "csrf_token": token}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 422
    assert "<html" not in fragment.text
    assert '<pre class="caret"' in fragment.text


def test_other_units_and_viewers_are_refused(
    client: TestClient, session: Session, org: Org, projects: dict[str, Project]
) -> None:
    outsider = make_user(session, roles=[(org.dept_b, Role.ANALYST)])
    session.commit()
    login(client, outsider)
    assert client.get(f"/projects/{projects['a'].id}/queries").status_code == 404
    assert client.get(f"/projects/{projects['a'].id}/queries/try").status_code == 404
    assert client.get(f"/projects/{projects['b'].id}/queries/new").status_code == 200
    assert "Secret roads" not in client.get("/queries").text


def test_a_viewer_reads_queries_but_cannot_write_them(
    signed_in: SignIn, projects: dict[str, Project]
) -> None:
    client = signed_in("viewer")
    assert client.get(f"/projects/{projects['a'].id}/queries").status_code == 200
    assert client.get(f"/projects/{projects['a'].id}/queries/new").status_code == 403
