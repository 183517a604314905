"""Operations endpoints: /healthz for load balancers and /metrics for Prometheus."""

from __future__ import annotations

import logging
from functools import lru_cache

from alembic.runtime.migration import MigrationContext
from fastapi import APIRouter, Depends, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from resonance.api.openapi import problem_responses
from resonance.errors import ResonanceError, SchemaOutdated
from resonance.metrics import Metrics
from resonance.storage.schema import head_revision
from resonance.web.deps import SessionDep, access

log = logging.getLogger(__name__)
router = APIRouter(tags=["system"], dependencies=[Depends(access("public"))])


class DatabaseUnreachable(ResonanceError):
    status = 503
    title = "Database unreachable"
    code = "database-unreachable"


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    database: str = Field(description="The database dialect.", examples=["postgresql"])
    schema_revision: str | None = Field(
        serialization_alias="schema", description="The Alembic revision the database is at."
    )


@lru_cache(maxsize=1)
def _head() -> str | None:
    return head_revision()


def _current_revision(session: Session) -> str | None:
    try:
        connection = session.connection()
        connection.execute(text("SELECT 1"))
        return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        log.warning("healthz: the database did not answer", exc_info=True)
        # The driver's message may carry the host or user name: report only its kind.
        raise DatabaseUnreachable(
            f"The database did not answer ({type(exc).__name__}); see the server log."
        ) from exc


@router.get("/healthz", responses=problem_responses(503))
def healthz(session: SessionDep) -> Health:
    """200 when the database answers and its schema is the one this code needs; 503 otherwise."""
    current, head = _current_revision(session), _head()
    if current != head:
        raise SchemaOutdated(
            f"The database schema is at {current or 'nothing (empty database)'} but this version "
            f"of Resonance needs {head}. Run `resonance migrate` to upgrade it."
        )
    return Health(status="ok", database=session.get_bind().dialect.name, schema_revision=current)


@router.get(
    "/metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}}
)
def metrics(request: Request) -> Response:
    """Prometheus text format; public, so restrict it at the reverse proxy (see docs/api.md)."""
    registry: Metrics = request.app.state.metrics
    return Response(generate_latest(registry.registry), media_type=CONTENT_TYPE_LATEST)
