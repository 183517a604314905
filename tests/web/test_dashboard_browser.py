"""A real browser opens a project dashboard and follows a red KPI tile to its mentions."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from resonance.config import Settings
from resonance.storage.engine import create_db_engine
from resonance.storage.runtime import Database
from resonance.storage.schema import upgrade_to_head
from resonance.web.app import create_app
from tests.factories import PASSWORD, make_org
from tests.web.kpi_data import make_board
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _free_port, _require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, int]]:
    _require_chromium()
    settings = Settings(var_dir=tmp_path_factory.mktemp("dashboard"), secret_key="browser-test")
    engine = create_db_engine(settings.resolved_database_url)
    upgrade_to_head(engine)
    db = Database.from_engine(engine)
    with db.sessions() as session:
        org = make_org(session)
        board = make_board(session, org.dept_a, slug="digital-literacy")
        email, project_id = org.users["viewer"].email, board.project.id
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, db=db), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", email, project_id
    uv.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def test_a_red_tile_leads_to_the_mentions_behind_it(server: tuple[str, str, int]) -> None:
    from playwright.sync_api import sync_playwright

    base, email, project_id = server
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
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.goto(f"{base}/projects/{project_id}/dashboard")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_url(f"{base}/projects/{project_id}/dashboard")
        page.wait_for_selector(".chart .uplot")  # uPlot drew the charts from the JSON blocks
        assert page.locator(".chart .uplot").count() == 2
        red = page.locator('.kpi-tile[data-status="off_track"]')
        assert red.count() == 1
        assert "Off track" in red.inner_text()
        with page.expect_navigation():
            red.locator("a.kpi-drill").click()
        assert f"/projects/{project_id}/mentions?" in page.url
        assert "tone=negative" in page.url
        assert "lang=en" in page.url
        assert "Mentions found: 3" in page.locator("main").inner_text()
        browser.close()
    assert not problems, problems
