"""Writes on sources: create, update, enable, disable (scoped, audited) and run planning."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import pydantic
import pydantic_core
from sqlalchemy import select
from sqlalchemy.orm import Session

from resonance.audit.services import record, snapshot
from resonance.errors import Conflict, Invalid
from resonance.organization.access import Actor, Permission
from resonance.organization.queries import access_unit_for
from resonance.organization.validation import clean_country, clean_name
from resonance.sources.config_form import masked
from resonance.sources.models import Source
from resonance.sources.queries import access_source_for, due_sources
from resonance.sources.registry import ConnectorRegistry, default_registry

MIN_INTERVAL = 60
MAX_INTERVAL = 7 * 24 * 3600
# After failures the wait doubles from min(interval, 5 min) up to six hours (or the interval).
BACKOFF_BASE = 300
BACKOFF_CAP = 6 * 3600
# How long the scheduler holds a due source after enqueuing its fetch; a fetch that never ran
# (worker lost) makes the source due again after this, under a new slot key.
CLAIM_HOLD = timedelta(minutes=15)
MANAGE = Permission.MANAGE_PROJECTS
_UNSET: Any = object()


def validate_config(
    connector: str, config: dict[str, Any], *, registry: ConnectorRegistry | None = None
) -> dict[str, Any]:
    """The connector's config, validated by its pydantic model, as stored (JSON values)."""
    cls = (registry or default_registry()).get(connector)
    try:
        model = cls.config_model.model_validate(dict(config))
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(config)'}: {e['msg']}" for e in exc.errors()
        )
        raise Invalid(f"invalid {connector} connector config: {problems}", field="config") from exc
    # JSON mode would store SecretStr values as "**********": reveal them first.
    return cast(
        dict[str, Any],
        pydantic_core.to_jsonable_python(_reveal(model.model_dump(exclude_unset=True))),
    )


def _reveal(value: Any) -> Any:
    if isinstance(value, pydantic.SecretStr | pydantic.SecretBytes):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {key: _reveal(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_reveal(item) for item in value]
    return value


def _check_schedule(interval_seconds: int, jitter_seconds: int) -> None:
    if not MIN_INTERVAL <= interval_seconds <= MAX_INTERVAL:
        raise Invalid(
            f"The interval must be between {MIN_INTERVAL} s and {MAX_INTERVAL // 86400} days.",
            field="interval_seconds",
        )
    if not 0 <= jitter_seconds <= interval_seconds // 2:
        raise Invalid("The jitter must be between 0 and half the interval.", field="jitter_seconds")


def _check_unique(session: Session, owner_unit_id: int, name: str, source_id: int | None) -> None:
    stmt = select(Source.id).where(Source.owner_unit_id == owner_unit_id, Source.name == name)
    found = session.scalar(stmt)
    if found is not None and found != source_id:
        raise Conflict(f"The unit already has a source named {name!r}.", field="name")


def create_source(
    session: Session,
    actor: Actor,
    *,
    name: str,
    connector: str,
    config: dict[str, Any],
    owner_unit_id: int,
    country: str | None = None,
    region: str | None = None,
    interval_seconds: int = 900,
    jitter_seconds: int = 60,
    enabled: bool = True,
    registry: ConnectorRegistry | None = None,
) -> Source:
    """Add a source owned by a unit the actor manages; its first fetch is due at once."""
    access_unit_for(session, actor, owner_unit_id, MANAGE)
    name = clean_name(name)
    _check_unique(session, owner_unit_id, name, None)
    _check_schedule(interval_seconds, jitter_seconds)
    source = Source(
        name=name,
        connector=connector,
        config=validate_config(connector, config, registry=registry),
        owner_unit_id=owner_unit_id,
        country=clean_country(country),
        region=clean_name(region, field="region", max_length=100) if region else None,
        enabled=enabled,
        interval_seconds=interval_seconds,
        jitter_seconds=jitter_seconds,
        consecutive_failures=0,
    )
    session.add(source)
    session.flush()
    _audit(session, actor, "create", source, None)
    return source


def update_source(
    session: Session,
    actor: Actor,
    source_id: int,
    *,
    name: str | None = None,
    config: dict[str, Any] | None = None,
    owner_unit_id: int | None = None,
    country: str | None = _UNSET,
    region: str | None = _UNSET,
    interval_seconds: int | None = None,
    jitter_seconds: int | None = None,
    registry: ConnectorRegistry | None = None,
) -> Source:
    """Change a source; a new config resets the cursor (it may point at another feed)."""
    source = access_source_for(session, actor, source_id, MANAGE)
    before = snapshot(source)
    new_unit = owner_unit_id if owner_unit_id is not None else source.owner_unit_id
    if new_unit != source.owner_unit_id:
        access_unit_for(session, actor, new_unit, MANAGE)
    new_name = clean_name(name) if name is not None else source.name
    with session.no_autoflush:
        _check_unique(session, new_unit, new_name, source.id)
    source.owner_unit_id, source.name = new_unit, new_name
    if config is not None:
        cleaned = validate_config(source.connector, config, registry=registry)
        if cleaned != source.config:
            source.config, source.cursor = cleaned, None
    if country is not _UNSET:
        source.country = clean_country(country)
    if region is not _UNSET:
        source.region = clean_name(region, field="region", max_length=100) if region else None
    interval = interval_seconds if interval_seconds is not None else source.interval_seconds
    jitter = jitter_seconds if jitter_seconds is not None else source.jitter_seconds
    _check_schedule(interval, jitter)
    source.interval_seconds, source.jitter_seconds = interval, jitter
    session.flush()
    _audit(session, actor, "update", source, before)
    return source


def enable_source(session: Session, actor: Actor, source_id: int) -> Source:
    """Turn a source back on: failures forgotten, the next fetch due at once."""
    source = access_source_for(session, actor, source_id, MANAGE)
    before = snapshot(source)
    source.enabled, source.consecutive_failures, source.next_run_at = True, 0, None
    session.flush()
    _audit(session, actor, "enable", source, before)
    return source


def disable_source(session: Session, actor: Actor, source_id: int, *, reason: str = "") -> Source:
    """Stop fetching a source; the reason stays visible in its last error."""
    source = access_source_for(session, actor, source_id, MANAGE)
    before = snapshot(source)
    source.enabled, source.next_run_at = False, None
    if reason.strip():
        source.last_error = f"Disabled by {actor.label}: {reason.strip()[:500]}"
    session.flush()
    _audit(session, actor, "disable", source, before)
    return source


def _audit(
    session: Session, actor: Actor, action: str, source: Source, before: dict[str, Any] | None
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        entity_type="source",
        entity_id=source.id,
        unit_id=source.owner_unit_id,
        before=_without_secrets(before),
        after=_without_secrets(snapshot(source)),
    )


def _without_secrets(state: dict[str, Any] | None) -> dict[str, Any] | None:
    """A snapshot whose connector secrets are masked: the audit log never holds them."""
    if state is None or not isinstance(state.get("config"), dict):
        return state
    return {**state, "config": masked(str(state.get("connector")), state["config"])}


def backoff_seconds(source: Source) -> int:
    """Wait after `consecutive_failures` failures: doubling from min(interval, 5 min), capped."""
    failures = max(1, source.consecutive_failures)
    base = min(source.interval_seconds, BACKOFF_BASE)
    cap = max(BACKOFF_CAP, source.interval_seconds)
    return int(min(cap, base * 2 ** min(failures - 1, 20)))


def plan_next_run(
    source: Source,
    *,
    now: datetime,
    failed: bool = False,
    retry_after: int | None = None,
    more_pending: bool = False,
    rng: random.Random | None = None,
) -> datetime:
    """When to fetch next: interval ± jitter, backoff after failures, never before a 429 says."""
    pick = rng or random  # spreading load, not security
    if more_pending and not failed:
        return now + timedelta(seconds=min(60, source.interval_seconds))
    wait = backoff_seconds(source) if failed else source.interval_seconds
    jitter = source.jitter_seconds if not failed else min(source.jitter_seconds, wait // 10)
    wait = max(MIN_INTERVAL // 2, wait + pick.randint(-jitter, jitter))
    if retry_after is not None:
        wait = max(wait, int(retry_after))
    return now + timedelta(seconds=wait)


@dataclass(frozen=True)
class DueFetch:
    """A fetch to enqueue: the source and the slot key that makes the enqueue unique."""

    source_id: int
    slot: str

    @property
    def unique_key(self) -> str:
        return f"fetch-source:{self.source_id}:{self.slot}"


def claim_due_sources(
    session: Session, *, now: datetime, hold: timedelta = CLAIM_HOLD, limit: int = 500
) -> list[DueFetch]:
    """Due sources with the slot of their planned run, each held for `hold` while its fetch runs.

    Two schedulers reading the same row see the same planned time, so the same slot key, and the
    queue keeps one task. The hold makes the source due again if the fetch is lost.
    """
    due: list[DueFetch] = []
    for source in due_sources(session, now=now, limit=limit):
        planned = source.next_run_at
        slot = planned.strftime("%Y%m%dT%H%M%S.%f") if planned else "first"
        due.append(DueFetch(source.id, slot))
        source.next_run_at = now + hold
    session.flush()
    return due
