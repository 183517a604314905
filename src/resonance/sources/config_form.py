"""A connector's config as form fields: read from its pydantic JSON schema, secrets kept hidden."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pydantic

from resonance.errors import Invalid
from resonance.sources.registry import ConnectorRegistry, default_registry

MASK = "********"
PREFIX = "config."
_TRUE = frozenset({"on", "true", "1", "yes"})


@dataclass(frozen=True)
class ConfigField:
    """One config field; `kind` is text, number, boolean, choice, lines, secret,
    secret_lines or json (anything nested, edited as JSON)."""

    name: str
    label: str
    kind: str
    required: bool
    default: Any
    help: str
    choices: tuple[str, ...] = ()

    @property
    def input_name(self) -> str:
        return PREFIX + self.name

    @property
    def is_secret(self) -> bool:
        return self.kind in ("secret", "secret_lines")


def _model(connector: str, registry: ConnectorRegistry | None) -> type[pydantic.BaseModel]:
    return (registry or default_registry()).get(connector).config_model


def _unwrap(prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The non-null alternative of an `anyOf [X, null]` property, and whether null is allowed."""
    options = prop.get("anyOf")
    if not options:
        return prop, False
    real = [o for o in options if o.get("type") != "null"]
    if len(real) == 1:
        return {**prop, **real[0]}, len(real) < len(options)
    return {**prop, "type": "json"}, len(real) < len(options)


def _kind(prop: dict[str, Any]) -> str:
    kind = prop.get("type")
    if "$ref" in prop or kind in ("object", "json") or "allOf" in prop:
        return "json"
    if "enum" in prop:
        return "choice"
    if kind in ("integer", "number"):
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "array":
        items = prop.get("items", {})
        if items.get("type") != "string":
            return "json"
        return "secret_lines" if items.get("format") == "password" else "lines"
    return "secret" if prop.get("format") == "password" else "text"


def config_fields(
    connector: str, *, registry: ConnectorRegistry | None = None
) -> list[ConfigField]:
    """The fields of a connector's config model, in declaration order."""
    schema = _model(connector, registry).model_json_schema()
    required = set(schema.get("required", ()))
    fields = []
    for name, raw in schema.get("properties", {}).items():
        prop, _nullable = _unwrap(raw)
        fields.append(
            ConfigField(
                name=name,
                label=str(raw.get("title") or name),
                kind=_kind(prop),
                required=name in required,
                default=raw.get("default"),
                help=str(raw.get("description") or prop.get("description") or ""),
                choices=tuple(str(v) for v in prop.get("enum", ())),
            )
        )
    return fields


def secret_names(connector: str, *, registry: ConnectorRegistry | None = None) -> set[str]:
    """Names of the config fields that hold secrets (never shown, never logged)."""
    try:
        return {f.name for f in config_fields(connector, registry=registry) if f.is_secret}
    except Invalid:  # a connector whose plugin is gone: nothing known to hide
        return set()


def masked(
    connector: str, config: Mapping[str, Any], *, registry: ConnectorRegistry | None = None
) -> dict[str, Any]:
    """The config with each secret replaced by a mask (lists keep their length)."""
    out = dict(config)
    for name in secret_names(connector, registry=registry) & set(out):
        value = out[name]
        out[name] = [MASK] * len(value) if isinstance(value, list) else MASK
    return out


def keep_masked_secrets(
    connector: str,
    config: Mapping[str, Any],
    existing: Mapping[str, Any],
    *,
    registry: ConnectorRegistry | None = None,
) -> dict[str, Any]:
    """A new config where a secret sent back masked (or left out) keeps its stored value."""
    out = dict(config)
    for name in secret_names(connector, registry=registry):
        value = out.get(name)
        unchanged = value in (None, "", MASK) or (
            isinstance(value, list) and all(v == MASK for v in value)
        )
        if unchanged and name in existing:
            out[name] = existing[name]
    return out


def form_values(fields: list[ConfigField], config: Mapping[str, Any]) -> dict[str, str]:
    """Form input values of a stored config (secrets left blank)."""
    values: dict[str, str] = {}
    for field in fields:
        value = config.get(field.name, field.default)
        if field.is_secret or value is None:
            values[field.input_name] = ""
        elif field.kind == "lines":
            values[field.input_name] = "\n".join(str(v) for v in value)
        elif field.kind == "json":
            values[field.input_name] = json.dumps(value, ensure_ascii=False, indent=2)
        elif field.kind == "boolean":
            values[field.input_name] = "on" if value else ""
        else:
            values[field.input_name] = str(value)
    return values


def parse_config_form(fields: list[ConfigField], form: Mapping[str, str]) -> dict[str, Any]:
    """A config dict from form inputs; blank inputs are left out (defaults or stored secrets)."""
    config: dict[str, Any] = {}
    for field in fields:
        raw = str(form.get(field.input_name, "")).strip()
        if field.kind == "boolean":
            config[field.name] = raw.lower() in _TRUE
        elif raw:
            config[field.name] = _parse(field, raw)
    return config


def _parse(field: ConfigField, raw: str) -> Any:
    if field.kind in ("lines", "secret_lines"):
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if field.kind == "number":
        try:
            return int(raw)
        except ValueError:
            try:
                return float(raw)
            except ValueError:
                raise Invalid(
                    f"{field.label}: {raw!r} is not a number.", field=field.input_name
                ) from None
    if field.kind == "json":
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise Invalid(
                f"{field.label}: not valid JSON ({exc}).", field=field.input_name
            ) from None
    return raw


def config_errors(
    connector: str, config: Mapping[str, Any], *, registry: ConnectorRegistry | None = None
) -> dict[str, str]:
    """Validation errors of a config keyed by form input name (`config` for the whole)."""
    try:
        _model(connector, registry).model_validate(dict(config))
    except pydantic.ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            loc = [str(p) for p in error["loc"]]
            key = PREFIX + loc[0] if loc else "config"
            where = ".".join(loc[1:])
            message = f"{where}: {error['msg']}" if where else str(error["msg"])
            errors.setdefault(key, message)
        return errors
    return {}
