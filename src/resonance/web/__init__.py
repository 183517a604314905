"""Web: the FastAPI app factory, server-rendered pages (Jinja2 + HTMX), auth middleware."""
