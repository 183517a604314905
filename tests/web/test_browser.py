"""A real browser (Debian's Chromium, headless) walks every page in three languages."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from resonance.config import Settings
from resonance.organization.models import UnitKind
from resonance.storage.engine import create_db_engine
from resonance.storage.runtime import Database
from resonance.storage.schema import upgrade_to_head
from resonance.web.app import create_app
from tests.api.routing import effective_routes
from tests.factories import PASSWORD, make_org, make_project, make_unit

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIPPED_PREFIXES = ("/api", "/static", "/docs", "/healthz", "/metrics", "/login", "/logout")
FRAGMENTS = frozenset({"/alerts/unread"})  # HTMX fragments, not pages


def _page_paths(app: FastAPI, project_id: int) -> list[str]:
    """Every page route the app serves (so a new page is opened too), project ids filled in."""
    paths = []
    for route in effective_routes(app):
        path, methods = getattr(route, "path", ""), getattr(route, "methods", None) or set()
        if "GET" not in methods or path.startswith(SKIPPED_PREFIXES):
            continue
        path = path.replace("{project_id}", str(project_id))
        if "{" not in path and not path.endswith("/export") and path not in FRAGMENTS:
            paths.append(path)
    return sorted(set(paths))


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing; install it with: apt-get install -y chromium"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _seed(db: Database) -> tuple[str, int]:
    with db.sessions() as session:
        org = make_org(session)
        make_unit(session, parent=org.region_a, kind=UnitKind.DISTRICT, name="District <b>1</b>")
        project = make_project(session, owner=org.dept_a, slug="digital-literacy")
        make_project(
            session,
            owner=org.dept_b,
            slug="roads",
            names={"en": "Roads", "zh": "道路", "vi": "Đường bộ"},
        )
        session.commit()
        return org.users["administrator"].email, project.id


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str, int, list[str]]]:
    """The real app under uvicorn on a free port, over a migrated SQLite file with demo data."""
    _require_chromium()
    var_dir = tmp_path_factory.mktemp("browser")
    settings = Settings(var_dir=var_dir, secret_key="browser-test")
    engine = create_db_engine(settings.resolved_database_url)
    upgrade_to_head(engine)
    db = Database.from_engine(engine)
    email, project_id = _seed(db)
    port = _free_port()
    app = create_app(settings, db=db)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", email, project_id, _page_paths(app, project_id)
    uv.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def _broken(status: int) -> bool:
    """Server errors, and 422: a page that cannot be opened without query parameters."""
    return status >= 500 or status == 422


def test_every_page_works_in_a_real_browser(server: tuple[str, str, int, list[str]]) -> None:
    from playwright.sync_api import sync_playwright

    base, email, _project_id, pages = server
    assert len(pages) > 15, pages
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_context(locale="en-GB").new_page()
        page.on(
            "console",
            lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if _broken(r.status) else None,
        )

        page.goto(f"{base}/units")
        assert "/login" in page.url
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_url(f"{base}/units")
        assert page.locator("h1").inner_text() == "Units"

        for lang, html_lang, heading in (("uk", "uk", "Огляд"), ("zh", "zh-Hans", "概览")):
            page.goto(f"{base}/")
            with page.expect_navigation():
                page.select_option("#lang-select", lang)  # the vendored JS submits the form
            assert page.locator("html").get_attribute("lang") == html_lang
            assert heading in page.locator("nav.sidenav").inner_text()
            for path in pages:
                response = page.goto(f"{base}{path}")
                assert response is not None
                assert response.status < 500, path
                assert page.locator("html").get_attribute("lang") == html_lang

        # HTMX: filtering the project list swaps only the list.
        page.goto(f"{base}/projects")
        with page.expect_response(lambda r: "/projects?" in r.url):
            page.fill("#filter-q", "roads")
        page.wait_for_function(
            "!document.querySelector('#project-list').innerText.includes('digital-literacy')"
        )
        assert "roads" in page.locator("#project-list").inner_text()

        # HTMX inline edit of a unit, sending the CSRF token in a header.
        page.goto(f"{base}/units")
        page.locator("tr", has_text="Region A").get_by_role("link").first.click()
        name_input = page.locator("tr input[name=name]")
        name_input.fill("Region A (north)")
        with page.expect_response(lambda r: r.request.method == "POST"):
            page.locator("tr:has(input[name=name]) button[type=submit]").first.click()
        page.wait_for_selector("text=Region A (north)")
        assert page.locator("tr input[name=name]").count() == 0
        browser.close()
    assert not problems, problems
