"""Typed factories for tests: make_x(session, **overrides) and a few named personas."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from resonance.config import Settings
from resonance.feedback.handling import create_form
from resonance.feedback.intake import IntakeKeys, Submission, submit_feedback
from resonance.feedback.models import FeedbackForm, FeedbackItem
from resonance.monitoring.models import Project
from resonance.monitoring.services import create_project
from resonance.organization.access import Actor
from resonance.organization.models import Role, Unit, UnitKind, User
from resonance.organization.queries import load_actor
from resonance.organization.services import create_unit, create_user, grant_role

SYSTEM = Actor.system("tests")
PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def make_unit(
    session: Session,
    *,
    name: str | None = None,
    kind: UnitKind = UnitKind.DEPARTMENT,
    parent: Unit | None = None,
    country: str | None = "UA",
    timezone: str = "Europe/Kyiv",
) -> Unit:
    return create_unit(
        session,
        SYSTEM,
        name=name or f"Unit {next(_seq)}",
        kind=kind,
        parent_id=parent.id if parent else None,
        country=country,
        timezone=timezone,
    )


def make_user(
    session: Session,
    *,
    email: str | None = None,
    display_name: str = "Test Person",
    password: str = PASSWORD,
    roles: list[tuple[Unit, Role]] | None = None,
    locale: str | None = None,
) -> User:
    user = create_user(
        session,
        SYSTEM,
        email=email or f"person{next(_seq)}@example.org",
        display_name=display_name,
        password=password,
        locale=locale,
    )
    for unit, role in roles or []:
        grant_role(session, SYSTEM, user_id=user.id, unit_id=unit.id, role=role)
    session.refresh(user)
    return user


def make_project(
    session: Session, *, owner: Unit, slug: str | None = None, names: dict[str, str] | None = None
) -> Project:
    return create_project(
        session,
        SYSTEM,
        slug=slug or f"project-{next(_seq)}",
        names=names or {"en": "Digital literacy", "uk": "Цифрова грамотність"},
        owner_unit_id=owner.id,
    )


def actor_of(session: Session, user: User) -> Actor:
    return load_actor(session, user)


@dataclass
class Org:
    """A small organisation: ministry → two departments, one region under the first."""

    ministry: Unit
    dept_a: Unit
    dept_b: Unit
    region_a: Unit
    users: dict[str, User]


def make_org(session: Session) -> Org:
    """The personas: an administrator at the root and one person per role on dept_a."""
    ministry = make_unit(session, kind=UnitKind.MINISTRY, name=f"Ministry {next(_seq)}")
    dept_a = make_unit(session, parent=ministry, name="Department A")
    dept_b = make_unit(session, parent=ministry, name="Department B")
    region_a = make_unit(session, parent=dept_a, kind=UnitKind.PROVINCE, name="Region A")
    users = {"administrator": make_user(session, roles=[(ministry, Role.ADMINISTRATOR)])}
    for role in Role:
        if role is not Role.ADMINISTRATOR:
            users[role.value] = make_user(session, roles=[(dept_a, role)])
    users["nobody"] = make_user(session)
    return Org(ministry, dept_a, dept_b, region_a, users)


FEEDBACK_KEYS = IntakeKeys.from_settings(Settings(secret_key="factory-feedback-keys"))


def make_form(session: Session, *, project: Project, **values: Any) -> FeedbackForm:
    """A feedback form of `project` (slug from a sequence unless given)."""
    values = {"slug": f"form-{next(_seq)}", "titles": {"en": "Tell us"}, "fields": [], **values}
    return create_form(session, SYSTEM, project_id=project.id, values=values)


def make_item(
    session: Session,
    *,
    form: FeedbackForm,
    text: str = "Please repair the school roof in Bucha before winter.",
    sender: str | None = None,
    **submission: Any,
) -> FeedbackItem:
    """A submitted feedback item through the real intake service (distinct sender per call)."""
    receipt = submit_feedback(
        session,
        form=form,
        submission=Submission(text=text, **submission),
        keys=FEEDBACK_KEYS,
        sender_address=sender or f"198.51.100.{next(_seq) % 250 + 1}",
    )
    return receipt.item
