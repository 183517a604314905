"""Builders for ingestion tests: raw items, sources, queries, a scripted connector."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from resonance.errors import ConnectorError
from resonance.ingest import IngestContext
from resonance.ingest._features import Tone
from resonance.monitoring.models import MonitoringQuery, Project
from resonance.organization.models import Unit
from resonance.sources.base import TEXT_PLAIN, FetchBatch, RawItem
from resonance.sources.http import HttpClient
from resonance.sources.models import Source
from resonance.sources.registry import ConnectorRegistry, builtin_registry
from resonance.sources.services import create_source
from tests.factories import SYSTEM

NOW = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
_seq = itertools.count(1)


def lexicon_tone(texts: Sequence[str], langs: Sequence[str]) -> list[Tone | None]:
    """A stand-in for the shipped tone model (not in the test checkout): a tiny lexicon."""
    out: list[Tone | None] = []
    for text in texts:
        lowered = text.lower()
        label = "negative" if "bad" in lowered or "погано" in lowered else "neutral"
        out.append(Tone(label, {label: 1.0}, "lexicon-test"))
    return out


def make_context(**overrides: Any) -> IngestContext:
    values: dict[str, Any] = {"secret": "test-secret", "tone": lexicon_tone, "clock": lambda: NOW}
    values.update(overrides)
    return IngestContext(**values)


def raw(
    external_id: str,
    text: str,
    *,
    title: str | None = None,
    published_at: datetime | None = NOW,
    published_raw: str | None = None,
    author: str | None = None,
    content_type: str = TEXT_PLAIN,
    url: str | None = None,
    engagement: dict[str, int] | None = None,
    language_hint: str | None = None,
) -> RawItem:
    return RawItem(
        external_id=external_id,
        url=url,
        title=title,
        text=text,
        content_type=content_type,
        author=author,
        published_at=published_at,
        published_raw=published_raw,
        language_hint=language_hint,
        engagement=engagement or {},
        payload=f"<item>{external_id}|{title}|{text}</item>".encode("utf-8", "replace"),
    )


class ScriptedConfig(BaseModel):
    """Which script the scripted connector plays."""

    model_config = ConfigDict(extra="forbid")
    script: str


@dataclass
class Script:
    """Batches to yield in order; an exception in the list is raised at that point."""

    steps: list[FetchBatch | Exception]
    cursors_seen: list[dict[str, Any] | None]


SCRIPTS: dict[str, Script] = {}


class ScriptedConnector:
    """A connector played from SCRIPTS: what a real one does, without the network."""

    name: ClassVar[str] = "scripted"
    config_model: ClassVar[type[BaseModel]] = ScriptedConfig

    def __init__(self, config: ScriptedConfig, http: HttpClient) -> None:
        self.config = config

    def fetch(self, cursor: dict[str, Any] | None) -> Iterator[FetchBatch]:
        script = SCRIPTS[self.config.script]
        script.cursors_seen.append(cursor)
        start = int((cursor or {}).get("page", 0))
        for step in script.steps[start:]:
            if isinstance(step, Exception):
                raise step
            yield step


def scripted_registry() -> ConnectorRegistry:
    registry = builtin_registry()
    registry.register(ScriptedConnector, origin="tests")
    return registry


def play(name: str, *steps: FetchBatch | Exception) -> str:
    SCRIPTS[name] = Script(list(steps), [])
    return name


def page(n: int, items: Sequence[RawItem], *, more: bool) -> FetchBatch:
    """Page `n` (0-based); its cursor points at the next page."""
    return FetchBatch(list(items), {"page": n + 1}, has_more=more)


def http_error(status: int, *, retry_after: int | None = None) -> ConnectorError:
    permanent = status in (401, 403, 404, 410)
    return ConnectorError(
        f"http://feed.example/ answered {status}",
        permanent=permanent,
        status=status,
        retry_after=retry_after,
    )


def make_source(
    session: Session,
    unit: Unit,
    *,
    connector: str = "scripted",
    config: dict[str, Any] | None = None,
    name: str | None = None,
    registry: ConnectorRegistry | None = None,
    **kwargs: Any,
) -> Source:
    return create_source(
        session,
        SYSTEM,
        name=name or f"Source {next(_seq)}",
        connector=connector,
        config=config if config is not None else {"script": "none"},
        owner_unit_id=unit.id,
        registry=registry or scripted_registry(),
        **kwargs,
    )


def add_query(session: Session, project: Project, text: str, *, name: str | None = None) -> int:
    query = MonitoringQuery(project_id=project.id, name=name or f"q{next(_seq)}", text=text)
    session.add(query)
    session.flush()
    return query.id
