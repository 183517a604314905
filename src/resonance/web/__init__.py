"""Web: the FastAPI app factory, server-rendered pages (Jinja2 + HTMX), auth middleware."""

from __future__ import annotations

from fastapi import FastAPI


def setup_app(app: FastAPI) -> None:
    """Install the page machinery: compiled catalogues, templates, the HTML error renderer."""
    from resonance.web.i18n import compile_catalogues
    from resonance.web.templating import Templates, render_error

    compile_catalogues()
    app.state.templates = Templates()
    app.state.render_error = render_error
