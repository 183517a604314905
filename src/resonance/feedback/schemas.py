"""Pydantic shapes of feedback: a form's configurable fields and the API's item view."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from resonance.errors import Invalid


class FieldSpec(BaseModel):
    """One extra question of a form: free text, a choice among options, or the region."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    type: Literal["text", "choice", "region"]
    labels: dict[str, str] = Field(min_length=1)
    options: list[str] = Field(default_factory=list, max_length=100)
    required: bool = False


_FIELDS = TypeAdapter(list[FieldSpec])
MAX_FIELDS = 30


def parse_fields(raw: Any) -> list[dict[str, Any]]:
    """Validate a form's fields (already-decoded JSON); Invalid names the first problem."""
    try:
        specs = _FIELDS.validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Invalid(f"Fields: {where}: {first['msg']}.", field="fields") from None
    if len(specs) > MAX_FIELDS:
        raise Invalid(f"A form has at most {MAX_FIELDS} fields.", field="fields")
    keys = [s.key for s in specs]
    if len(set(keys)) != len(keys):
        raise Invalid("Each field needs its own key.", field="fields")
    for spec in specs:
        if spec.type == "choice" and not spec.options:
            raise Invalid(f"The choice field {spec.key!r} needs options.", field="fields")
    return [s.model_dump() for s in specs]


class FeedbackItemOut(BaseModel):
    """A feedback item as the API shows it: never contact details."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")

    id: int
    reference: str
    form_id: int
    project_id: int
    text: str
    answers: dict[str, Any]
    region: str | None
    channel: str
    language: str | None
    status: str
    held_for_moderation: bool
    held_reason: str | None
    duplicate_of_id: int | None
    received_at: datetime
