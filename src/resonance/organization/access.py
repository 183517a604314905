"""Who may do what where: roles map to permissions, a grant on a unit covers its subtree."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from resonance.errors import PermissionDenied
from resonance.organization.models import Role


class Permission(enum.StrEnum):
    VIEW = "view"
    ANALYSE = "analyse"
    ANSWER_FEEDBACK = "answer_feedback"
    MANAGE_PROJECTS = "manage_projects"
    MANAGE_UNITS = "manage_units"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.VIEW}),
    Role.FOCAL_POINT: frozenset({Permission.VIEW, Permission.ANSWER_FEEDBACK}),
    Role.ANALYST: frozenset({Permission.VIEW, Permission.ANALYSE}),
    Role.COMMUNICATION_LEAD: frozenset(
        {
            Permission.VIEW,
            Permission.ANALYSE,
            Permission.ANSWER_FEEDBACK,
            Permission.MANAGE_PROJECTS,
        }
    ),
    Role.ADMINISTRATOR: frozenset(Permission),
}


@dataclass(frozen=True)
class Grant:
    """A role held on a unit; `unit_path` is the unit's materialised path ("/1/4/")."""

    unit_id: int
    unit_path: str
    role: Role

    def covers(self, unit_path: str) -> bool:
        return unit_path.startswith(self.unit_path)


@dataclass(frozen=True)
class Actor:
    """The person (or system process) on whose behalf a service runs."""

    user_id: int | None
    label: str
    grants: tuple[Grant, ...] = field(default_factory=tuple)
    is_system: bool = False
    locale: str | None = None

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        """The actor of CLI commands and jobs run by the operator: every permission everywhere."""
        return cls(user_id=None, label=label, is_system=True)

    def can(self, permission: Permission, unit_path: str) -> bool:
        if self.is_system:
            return True
        return any(
            permission in ROLE_PERMISSIONS[g.role] and g.covers(unit_path) for g in self.grants
        )

    def can_anywhere(self, permission: Permission) -> bool:
        return self.is_system or any(permission in ROLE_PERMISSIONS[g.role] for g in self.grants)

    def scope_paths(self, permission: Permission) -> list[str] | None:
        """Path prefixes where `permission` holds; None means everywhere (system actor)."""
        if self.is_system:
            return None
        paths = sorted({g.unit_path for g in self.grants if permission in ROLE_PERMISSIONS[g.role]})
        # Drop paths already covered by a shorter one, so filters stay small.
        kept: list[str] = []
        for path in paths:
            if not any(path.startswith(prefix) for prefix in kept):
                kept.append(path)
        return kept

    def is_root_admin(self) -> bool:
        """An administrator of a top-level unit (or the system)."""
        return self.is_system or any(
            g.role is Role.ADMINISTRATOR and g.unit_path.count("/") == 2 for g in self.grants
        )

    def require(self, permission: Permission, unit_path: str, what: str) -> None:
        """Raise PermissionDenied naming what was refused."""
        if not self.can(permission, unit_path):
            raise PermissionDenied(f"You may not {what}: it needs the '{permission}' permission.")

    @property
    def roles(self) -> set[Role]:
        return {g.role for g in self.grants}
