"""Writes on reform projects; each checks the owner unit's scope and is audited."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.orm import Session

from resonance.audit.services import record, snapshot
from resonance.config import SUPPORTED_LOCALES
from resonance.errors import Conflict, Invalid
from resonance.monitoring.models import Project
from resonance.monitoring.queries import access_project_for, find_project_by_slug
from resonance.organization.access import Actor, Permission
from resonance.organization.queries import access_unit_for
from resonance.organization.validation import clean_name

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
MAX_DESCRIPTION = 20_000


def clean_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not _SLUG.match(slug):
        raise Invalid(
            f"{slug!r} is not a valid slug: use 3–64 lower-case letters, digits and hyphens, "
            "starting and ending with a letter or digit.",
            field="slug",
        )
    return slug


def clean_names(names: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(names) - set(SUPPORTED_LOCALES))
    if unknown:
        raise Invalid(
            f"Names given for unsupported languages: {', '.join(unknown)}; "
            f"use {', '.join(SUPPORTED_LOCALES)}.",
            field="names",
        )
    cleaned = {
        lang: clean_name(value, field=f"name ({lang})")
        for lang, value in names.items()
        if value and value.strip()
    }
    if not cleaned:
        raise Invalid("A project needs a name in at least one language.", field="names")
    return cleaned


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise Invalid(
            f"The project ends ({ends_on}) before it starts ({starts_on}).", field="ends_on"
        )


def _clean_description(description: str) -> str:
    if len(description) > MAX_DESCRIPTION:
        raise Invalid(
            f"The description must have at most {MAX_DESCRIPTION} characters.", field="description"
        )
    return description.strip()


def create_project(
    session: Session,
    actor: Actor,
    *,
    slug: str,
    names: dict[str, str],
    owner_unit_id: int,
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Project:
    slug = clean_slug(slug)
    access_unit_for(session, actor, owner_unit_id, Permission.MANAGE_PROJECTS)
    if find_project_by_slug(session, slug) is not None:
        raise Conflict(f"A project with the slug {slug!r} already exists.", field="slug")
    _check_dates(starts_on, ends_on)
    project = Project(
        slug=slug,
        names=clean_names(names),
        owner_unit_id=owner_unit_id,
        description=_clean_description(description),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    session.add(project)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity_type="project",
        entity_id=project.id,
        unit_id=owner_unit_id,
        after=snapshot(project),
    )
    return project


_UNSET: object = object()


def update_project(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    names: dict[str, str] | None = None,
    description: str | None = None,
    owner_unit_id: int | None = None,
    starts_on: date | object | None = _UNSET,
    ends_on: date | object | None = _UNSET,
) -> Project:
    project = access_project_for(session, actor, project_id, Permission.MANAGE_PROJECTS)
    before = snapshot(project)
    if owner_unit_id is not None and owner_unit_id != project.owner_unit_id:
        access_unit_for(session, actor, owner_unit_id, Permission.MANAGE_PROJECTS)
        project.owner_unit_id = owner_unit_id
    if names is not None:
        project.names = clean_names(names)
    if description is not None:
        project.description = _clean_description(description)
    new_start = project.starts_on if starts_on is _UNSET else starts_on
    new_end = project.ends_on if ends_on is _UNSET else ends_on
    _check_dates(new_start, new_end)  # type: ignore[arg-type]
    project.starts_on, project.ends_on = new_start, new_end  # type: ignore[assignment]
    session.flush()
    session.refresh(project)
    record(
        session,
        actor=actor,
        action="update",
        entity_type="project",
        entity_id=project.id,
        unit_id=project.owner_unit_id,
        before=before,
        after=snapshot(project),
    )
    return project


def delete_project(session: Session, actor: Actor, project_id: int) -> None:
    project = access_project_for(session, actor, project_id, Permission.MANAGE_PROJECTS)
    before = snapshot(project)
    unit_id = project.owner_unit_id
    session.delete(project)
    session.flush()
    record(
        session,
        actor=actor,
        action="delete",
        entity_type="project",
        entity_id=project_id,
        unit_id=unit_id,
        before=before,
    )
