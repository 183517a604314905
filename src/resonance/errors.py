"""One error hierarchy for the domain; web and API map it to pages or problem+json."""

from __future__ import annotations

from typing import Any


class ResonanceError(Exception):
    """Base of every error a user can be told about."""

    status: int = 400
    title: str = "Bad request"
    code: str = "error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class Invalid(ResonanceError):
    status = 422
    title = "Invalid input"
    code = "invalid"


class NotFound(ResonanceError):
    status = 404
    title = "Not found"
    code = "not-found"


class PermissionDenied(ResonanceError):
    status = 403
    title = "Permission denied"
    code = "permission-denied"


class Unauthenticated(ResonanceError):
    status = 401
    title = "Authentication required"
    code = "unauthenticated"


class Conflict(ResonanceError):
    status = 409
    title = "Conflict"
    code = "conflict"


class RateLimited(ResonanceError):
    status = 429
    title = "Too many requests"
    code = "rate-limited"


class SchemaOutdated(ResonanceError):
    status = 503
    title = "Database schema is behind"
    code = "schema-outdated"


class ConnectorError(ResonanceError):
    """A source failed; `permanent` tells the scheduler whether retrying can help."""

    status = 502
    title = "Source error"
    code = "connector-error"

    def __init__(self, detail: str, *, permanent: bool = False, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.permanent = permanent
