"""Every route declares an access policy, and every persona gets exactly what it allows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, select
from sqlalchemy.orm import Session

from resonance.auth.services import create_token
from resonance.config import Settings
from resonance.organization.access import Actor
from resonance.organization.models import Membership
from resonance.storage.runtime import Database
from resonance.web.app import create_app
from resonance.web.deps import AccessPolicy, access_policy_of
from tests.api.routing import effective_routes
from tests.factories import Org, actor_of, make_org, make_project

# The only routes without an access policy, each with the reason it needs none.
EXEMPT: dict[str, str] = {
    "/static": "vendored CSS, JS and images; no data",
    "/api/v1/openapi.json": "the public description of the API",
    "/api/v1/docs": "Swagger UI, a static page that loads the description",
    "/docs/oauth2-redirect": "Swagger UI's OAuth2 helper page, static HTML",
}
# Public API routes, each with how it authenticates its caller instead of a user token.
PUBLIC_API: dict[str, str] = {
    "/api/v1/sources/{source_id}/webhook": (
        "inbound push from a sender holding the source's HMAC secret: the signature header, "
        "checked against the source's secrets with a replay window, authenticates it (401 if not)"
    ),
    "/api/open311/v2/services.json": "Open311 service list: the public forms, no personal data",
    "/api/open311/v2/services/{service_code}.json": "Open311: the questions of a public form",
    "/api/open311/v2/requests.json": (
        "Open311 intake and look-up, anonymous by design like the public form: POST is "
        "rate-limited per sender and form; GET shows text and place only to staff in scope or "
        "the token holder"
    ),
    "/api/open311/v2/requests/{service_request_id}.json": (
        "Open311 status of one request by its unguessable reference; text and place only with "
        "the request's token or to staff in scope"
    ),
}
PERSONAS = (
    "anonymous",
    "viewer",
    "focal_point",
    "analyst",
    "communication_lead",
    "administrator",
    "nobody",
)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_PARAM = re.compile(r"\{(\w+)(?::[^}]*)?\}")


@dataclass(frozen=True)
class RouteCase:
    method: str
    path: str
    policy: AccessPolicy | None


def _settings(tmp_path: Path) -> Settings:
    return Settings(var_dir=tmp_path, secret_key="route-matrix-secret")


def route_cases(app: FastAPI) -> list[RouteCase]:
    """(method, path, policy) of every route the app serves, exemptions left out."""
    cases: list[RouteCase] = []
    for route in effective_routes(app):
        if route.path in EXEMPT:
            continue
        dependant = getattr(route, "dependant", None)
        policy = access_policy_of(dependant) if dependant is not None else None
        methods = sorted(set(getattr(route, "methods", None) or {"GET"}) - {"HEAD"})
        cases.extend(RouteCase(method, route.path, policy) for method in methods)
    return cases


def test_every_route_declares_an_access_policy(tmp_path: Path) -> None:
    db = Database.from_engine(create_engine("sqlite://"))
    app = create_app(_settings(tmp_path), db=db, check_schema=False)
    paths = {route.path for route in effective_routes(app)}
    assert set(EXEMPT) <= paths, f"stale exemptions: {sorted(set(EXEMPT) - paths)}"
    cases = route_cases(app)
    missing = [f"{c.method} {c.path}" for c in cases if c.policy is None]
    assert not missing, (
        "These routes declare no access policy; depend on one of resonance.web.deps.access(...) "
        f"(SignedIn, Viewer, UnitManager, ...): {missing}"
    )
    public_api = [
        f"{c.method} {c.path}"
        for c in cases
        if c.path.startswith("/api/v1/")
        and c.policy is not None
        and c.policy.kind == "public"
        and c.path not in PUBLIC_API
    ]
    assert not public_api, f"API routes must need a token: {public_api}"
    assert len(cases) >= 20


@dataclass
class World:
    """The personas' tokens and the ids that fill path parameters."""

    tokens: dict[str, str]
    actors: dict[str, Actor | None]
    ids: dict[str, int]


def _world(session: Session, org: Org) -> World:
    project = make_project(session, owner=org.dept_a)
    tokens, actors = {}, {}
    for persona in PERSONAS[1:]:
        user = org.users[persona]
        actors[persona] = actor_of(session, user)
        tokens[persona], _ = create_token(
            session, actors[persona], user_id=user.id, name="route matrix"
        )
    viewer = org.users["viewer"]
    _, spare = create_token(session, actors["viewer"], user_id=viewer.id, name="spare")
    membership = session.scalars(select(Membership).where(Membership.user_id == viewer.id)).one()
    session.commit()
    ids = {
        "unit_id": org.dept_a.id,
        "user_id": viewer.id,
        "project_id": project.id,
        "token_id": spare.id,
        "membership_id": membership.id,
    }
    return World(tokens=tokens, actors={"anonymous": None, **actors}, ids=ids)


def _url(path: str, ids: dict[str, int]) -> str:
    # Unknown parameters get 1: a 404 or 422 still shows that access was granted.
    return _PARAM.sub(lambda m: str(ids.get(m.group(1), 1)), path)


def _verdict(case: RouteCase, actor: Actor | None, status: int, body: Any) -> str:
    """'' when the answer fits the policy, else what is wrong."""
    assert case.policy is not None
    if status >= 500:
        return f"server error {status}"
    csrf = isinstance(body, dict) and body.get("field") == "csrf_token"
    if status == 403 and actor is None and case.method in WRITE_METHODS and csrf:
        # A cookie-less form post without its CSRF token: the page guard refuses it before the
        # access check, which is also a refusal. Bearer-token requests are exempt from CSRF.
        return ""
    if not case.policy.allows(actor):
        expected = 401 if actor is None else 403
        return "" if status == expected else f"denied by policy, expected {expected}, got {status}"
    return f"allowed by policy, got {status}" if status in (401, 403) else ""


def test_every_persona_gets_what_the_route_policy_allows(
    db: Database, connection: Connection, session: Session, tmp_path: Path
) -> None:
    world = _world(session, make_org(session))
    app = create_app(_settings(tmp_path), db=db)
    client = TestClient(app, raise_server_exceptions=False)
    rows, violations = [], []
    for case in route_cases(app):
        cells = []
        for persona in PERSONAS:
            headers = {"Accept": "application/json"}
            if persona != "anonymous":
                headers["Authorization"] = f"Bearer {world.tokens[persona]}"
            body: dict[str, Any] | None = {} if case.method in WRITE_METHODS else None
            savepoint = connection.begin_nested()  # each request starts from the same data
            try:
                response = client.request(
                    case.method, _url(case.path, world.ids), headers=headers, json=body
                )
            finally:
                savepoint.rollback()
            is_json = "json" in response.headers.get("content-type", "")
            problem = response.json() if is_json and response.content else None
            wrong = _verdict(case, world.actors[persona], response.status_code, problem)
            cells.append(f"{persona}={response.status_code}{'!' if wrong else ''}")
            if wrong:
                violations.append(f"{case.method} {case.path} as {persona}: {wrong}")
        policy = case.policy.permission or case.policy.kind if case.policy else "NONE"
        rows.append(f"{case.method:6} {case.path:55} [{policy}] " + " ".join(cells))
    matrix = "\n".join(rows)
    print(f"\nRoute matrix ({len(rows)} routes x {len(PERSONAS)} personas):\n{matrix}")  # noqa: T201
    assert not violations, "\n".join(violations) + "\n\n" + matrix
