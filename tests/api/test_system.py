"""Health, metrics and the OpenAPI document."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from resonance.storage.runtime import Database
from resonance.storage.schema import head_revision
from resonance.web.app import create_app
from tests.api.conftest import Api, assert_problem, make_settings
from tests.api.routing import effective_routes
from tests.factories import Org, make_project


def test_healthz_reports_the_database_and_schema(api: Api, backend: str) -> None:
    response = api.get("/healthz", as_=None)
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok", "database": backend, "schema": head_revision()}


def test_healthz_is_503_when_the_schema_is_behind(api: Api, session: Session) -> None:
    session.execute(text("UPDATE alembic_version SET version_num = '20260101_0000'"))
    session.commit()
    assert_problem(api.get("/healthz", as_=None), 503, "20260101_0000", "resonance migrate")


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    app = create_app(make_settings(tmp_path), db=Database.from_engine(engine), check_schema=False)
    body = assert_problem(TestClient(app).get("/healthz"), 503, "did not answer")
    assert "nobody" not in body["detail"]  # no connection details leak to the public
    metrics = TestClient(app).get("/metrics").text
    assert "resonance_database_up 0.0" in metrics


def test_metrics_count_requests_by_route_template_and_gauge_the_data(
    api: Api, org: Org, session: Session
) -> None:
    make_project(session, owner=org.dept_a)
    session.commit()
    api.get(f"/api/v1/units/{org.dept_a.id}")
    api.get(f"/api/v1/units/{org.dept_b.id}")
    api.get("/api/v1/units/999999")
    api.get("/no/such/page", as_=None)
    response = api.get("/metrics", as_=None)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text_format = response.text
    route = 'method="GET",route="/api/v1/units/{unit_id}"'
    assert f'resonance_http_requests_total{{{route},status="200"}} 2.0' in text_format
    assert f'resonance_http_requests_total{{{route},status="404"}} 1.0' in text_format
    assert 'route="unmatched",status="404"' in text_format
    count = f'resonance_http_request_duration_seconds_count{{{route},status="200"}} 2.0'
    assert count in text_format
    assert f"resonance_units {float(4)}" in text_format
    assert f"resonance_users {float(len(org.users))}" in text_format
    assert "resonance_projects 1.0" in text_format
    assert "resonance_database_up 1.0" in text_format
    assert re.search(r"^# TYPE resonance_tasks gauge$", text_format, re.MULTILINE)


def test_the_openapi_document_lists_every_api_path_with_bearer_and_problems(api: Api) -> None:
    response = api.get("/api/v1/openapi.json", as_=None)
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")

    app = api.app
    registered = {
        (method.lower(), route.path)
        for route in effective_routes(app)
        if route.path.startswith("/api/v1/") and getattr(route, "dependant", None) is not None
        for method in route.methods
    }
    documented = {
        (method, path)
        for path, operations in document["paths"].items()
        for method in operations
        if path.startswith("/api/v1/")
    }
    assert registered == documented
    assert len(registered) >= 20

    operation_ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))
    for method, path in documented:
        operation = document["paths"][path][method]
        assert operation["security"] == [{"bearerAuth": []}], (method, path)
        for status in ("401", "403", "422"):
            content = operation["responses"][status]["content"]
            assert "application/problem+json" in content, (method, path, status)
    assert "/healthz" in document["paths"]
    assert "/metrics" in document["paths"]
