"""Request and response bodies of the REST API (pydantic v2); unknown fields are rejected."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from resonance.organization.access import ROLE_PERMISSIONS, Grant
from resonance.organization.models import Role, UnitKind


class Body(BaseModel):
    """A request body: unknown fields are an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Patch(Body):
    """A partial update: absent fields stay as they are; `null` only where a field may be empty."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required_fields(self) -> Patch:
        for name in sorted(self.model_fields_set):
            if getattr(self, name) is None and name not in self.nullable:
                raise ValueError(f"'{name}' may not be null; leave it out to keep its value")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, ready to pass to a service as keyword arguments."""
        return {name: getattr(self, name) for name in sorted(self.model_fields_set)}


class Out(BaseModel):
    """A response body read from a model instance."""

    model_config = ConfigDict(from_attributes=True)


class Problem(BaseModel):
    """An RFC 9457 problem document; `errors` lists field errors of invalid input."""

    type: str = Field(examples=["https://resonance.example/problems/not-found"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["There is no unit with id 42."])
    instance: str = Field(examples=["/api/v1/units/42"])
    errors: list[dict[str, str]] | None = None


# Units


class UnitOut(Out):
    id: int
    parent_id: int | None
    path: str = Field(description="Materialised path of ids from the root, e.g. /1/4/.")
    name: str
    kind: UnitKind
    country: str | None
    timezone: str
    created_at: datetime
    updated_at: datetime


class UnitCreate(Body):
    name: str = Field(min_length=1, max_length=200)
    kind: UnitKind
    parent_id: int | None = Field(default=None, description="Empty for a new root unit.")
    country: str | None = Field(default=None, max_length=2, description="ISO 3166-1 alpha-2.")
    timezone: str = Field(default="UTC", max_length=64, description="IANA time zone name.")


class UnitUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset({"country"})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: UnitKind | None = None
    country: str | None = Field(default=None, max_length=2)
    timezone: str | None = Field(default=None, max_length=64)

    def changes(self) -> dict[str, Any]:
        found = super().changes()
        if "country" in found and found["country"] is None:
            found["country"] = ""  # the service clears the country on an empty string
        return found


class UnitMove(Body):
    parent_id: int = Field(description="The unit that becomes the new parent.")


# Users and memberships


class MembershipOut(Out):
    id: int
    user_id: int
    unit_id: int
    role: Role


class MembershipCreate(Body):
    user_id: int
    unit_id: int
    role: Role


class UserOut(Out):
    id: int
    email: str
    display_name: str
    locale: str | None
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime
    memberships: list[MembershipOut]


class UserCreate(Body):
    email: str = Field(min_length=3, max_length=254)
    display_name: str = Field(min_length=1, max_length=200)
    password: str = Field(max_length=1024, description="At least 10 characters.")
    locale: str | None = Field(default=None, max_length=8)


class ProfileUpdate(Patch):
    """What people may change on their own account."""

    nullable: ClassVar[frozenset[str]] = frozenset({"locale"})

    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    locale: str | None = Field(default=None, max_length=8, description="Empty for the default.")

    def changes(self) -> dict[str, Any]:
        found = super().changes()
        if "locale" in found and found["locale"] is None:
            found["locale"] = ""  # the service clears the language on an empty string
        return found


class UserUpdate(ProfileUpdate):
    is_active: bool | None = None


class PasswordReset(Body):
    new_password: str = Field(max_length=1024, description="At least 10 characters.")
    current_password: str | None = Field(
        default=None, max_length=1024, description="Needed only when it is your own password."
    )


class PasswordChange(Body):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024, description="At least 10 characters.")


class GrantOut(BaseModel):
    unit_id: int
    unit_path: str
    role: Role
    permissions: list[str]

    @classmethod
    def of(cls, grant: Grant) -> GrantOut:
        permissions = sorted(p.value for p in ROLE_PERMISSIONS[grant.role])
        return cls(
            unit_id=grant.unit_id,
            unit_path=grant.unit_path,
            role=grant.role,
            permissions=permissions,
        )


class MeOut(BaseModel):
    user: UserOut
    grants: list[GrantOut]
    auth_method: str | None = Field(description="How this request was authenticated.")


# Projects


class ProjectOut(Out):
    id: int
    slug: str
    names: dict[str, str]
    description: str
    owner_unit_id: int
    starts_on: date | None
    ends_on: date | None
    created_at: datetime
    updated_at: datetime


class ProjectCreate(Body):
    slug: str = Field(min_length=1, max_length=64)
    names: dict[str, str] = Field(description='Name per UI language, e.g. {"en": "..."}.')
    owner_unit_id: int
    description: str = Field(default="", max_length=20_000)
    starts_on: date | None = None
    ends_on: date | None = None


class ProjectUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset({"starts_on", "ends_on"})

    names: dict[str, str] | None = None
    description: str | None = Field(default=None, max_length=20_000)
    owner_unit_id: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None


# API tokens


class TokenOut(Out):
    id: int
    user_id: int
    name: str
    prefix: str = Field(description="The first characters of the secret, to recognise it.")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    secret: str = Field(description="The bearer token; shown only in this response.")


class TokenCreate(Body):
    name: str = Field(min_length=1, max_length=100)
    expires_at: AwareDatetime | None = Field(
        default=None, description="Timezone-aware; empty for a token that does not expire."
    )
    user_id: int | None = Field(
        default=None, description="For someone else (user managers only); empty for yourself."
    )


# Audit log


class AuditEntryOut(Out):
    id: int
    at: datetime
    actor_user_id: int | None
    actor_label: str
    action: str
    entity_type: str
    entity_id: str | None
    unit_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
