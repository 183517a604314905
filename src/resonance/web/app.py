"""The application factory: one FastAPI app serving pages, the REST API, health and metrics."""

from __future__ import annotations

import importlib
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from resonance import __version__
from resonance.config import Settings
from resonance.metrics import install_metrics
from resonance.storage.runtime import Database
from resonance.storage.schema import assert_schema_current
from resonance.web.body_limit import BodyLimitMiddleware
from resonance.web.headers import DefaultHeadersMiddleware
from resonance.web.problems import install_problem_handlers

STATIC_DIR = Path(__file__).parent / "static"

# Modules that expose `router: APIRouter`; a module that does not exist yet is skipped.
ROUTER_MODULES: tuple[str, ...] = (
    "resonance.web.routes.system",
    "resonance.web.routes.auth",
    "resonance.web.routes.overview",
    "resonance.web.routes.units",
    "resonance.web.routes.users",
    "resonance.web.routes.projects",
    "resonance.web.routes.mentions",
    "resonance.web.routes.queries",
    "resonance.web.routes.sources",
    "resonance.web.routes.audit",
    "resonance.web.routes.settings",
    "resonance.web.routes.alerts",
    "resonance.web.routes.kpis",
    "resonance.web.routes.dashboard",
    "resonance.web.routes.feedback",
    "resonance.web.routes.feedback_public",
    "resonance.web.routes.feedback_analysis",
    "resonance.web.routes.feedback_replies",
    "resonance.web.routes.feedback_routing",
    "resonance.web.routes.consultations",
    "resonance.web.routes.consultations_public",
    "resonance.web.routes.feedback_privacy",
    "resonance.web.routes.feedback_imports",
    "resonance.api.v1",
    "resonance.api.open311",
)


def _routers() -> list[APIRouter]:
    routers = []
    for name in ROUTER_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        routers.append(module.router)
    return routers


def create_app(
    settings: Settings | None = None, *, db: Database | None = None, check_schema: bool = True
) -> FastAPI:
    """Build the app; refuses to start on a database whose schema is behind the code."""
    settings = settings or Settings.from_env()
    db = db or Database.from_settings(settings)
    if check_schema:
        assert_schema_current(db.engine)
    app = FastAPI(
        title="Resonance API",
        version=__version__,
        description="Communication operations for public institutions.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    install_problem_handlers(app)
    _install_body_limit(app, settings.max_body_bytes)
    _install_security_headers(app)
    if STATIC_DIR.exists():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in _routers():
        app.include_router(router)
    setup = getattr(importlib.import_module("resonance.web"), "setup_app", None)
    if setup is not None:
        setup(app)
    install_metrics(app)  # outermost, so it also times requests answered by other middleware
    return app


def _install_body_limit(app: FastAPI, max_bytes: int) -> None:
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_bytes)


def _install_security_headers(app: FastAPI) -> None:
    app.add_middleware(DefaultHeadersMiddleware)
