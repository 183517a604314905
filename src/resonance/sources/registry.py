"""Connectors by name: the built-ins first, then plugins from the `resonance.connectors` group."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any, cast

import pydantic

from resonance.errors import Invalid
from resonance.sources.base import Connector
from resonance.sources.http import HttpClient

ENTRY_POINT_GROUP = "resonance.connectors"
log = logging.getLogger(__name__)

ConnectorClass = type[Connector]


class ConnectorRegistry:
    """Name → connector class. A plugin may not silently replace a connector already known."""

    def __init__(self) -> None:
        self._classes: dict[str, ConnectorClass] = {}
        self.origins: dict[str, str] = {}
        self.load_errors: dict[str, str] = {}

    def register(self, cls: type[Any], *, origin: str = "builtin", replace: bool = False) -> None:
        """Add a connector class; it needs `name`, `config_model` (pydantic) and `fetch`."""
        problem = _shape_problem(cls)
        if problem:
            raise TypeError(f"{cls!r} is not a connector: {problem}")
        name = str(cls.name)
        if name in self._classes and not replace and self._classes[name] is not cls:
            raise ValueError(
                f"connector {name!r} is already registered by {self.origins[name]}; "
                "choose another name"
            )
        self._classes[name] = cast(ConnectorClass, cls)
        self.origins[name] = origin

    def get(self, name: str) -> ConnectorClass:
        try:
            return self._classes[name]
        except KeyError:
            known = ", ".join(self.names()) or "none"
            raise Invalid(f"unknown connector {name!r}; known: {known}", field="kind") from None

    def names(self) -> list[str]:
        return sorted(self._classes)

    def __contains__(self, name: object) -> bool:
        return name in self._classes

    def load_entry_points(self, points: Iterable[EntryPoint] | None = None) -> None:
        """Register each entry point's connector class; a broken plugin is logged, not fatal."""
        if points is None:
            points = entry_points(group=ENTRY_POINT_GROUP)
        for point in points:
            origin = f"{point.value} (entry point {point.name!r})"
            try:
                cls = point.load()
                if getattr(cls, "name", None) != point.name:
                    raise ValueError(
                        f"entry point name {point.name!r} differs from the class's name "
                        f"{getattr(cls, 'name', None)!r}"
                    )
                self.register(cls, origin=origin)
            except Exception as exc:  # a third-party plugin must not stop the others
                self.load_errors[point.name] = f"{type(exc).__name__}: {exc}"
                log.warning("connector plugin %s not loaded: %s", origin, exc)

    def build(self, name: str, config: Mapping[str, Any], http: HttpClient) -> Connector:
        """Validate `config` with the connector's model and construct it."""
        cls = self.get(name)
        try:
            model = cls.config_model.model_validate(dict(config))
        except pydantic.ValidationError as exc:
            raise Invalid(
                f"invalid {name} connector config: {_describe(exc)}",
                field="config",
                errors=[_error_entry(e) for e in exc.errors()],
            ) from exc
        factory: Any = cls
        connector: Connector = factory(model, http)
        return connector


def _shape_problem(cls: Any) -> str | None:
    if not isinstance(cls, type):
        return "not a class"
    if not isinstance(getattr(cls, "name", None), str) or not getattr(cls, "name", ""):
        return "no `name` string"
    model = getattr(cls, "config_model", None)
    if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
        return "`config_model` is not a pydantic model"
    if not callable(getattr(cls, "fetch", None)):
        return "no `fetch` method"
    return None


def _describe(exc: pydantic.ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "(config)"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def _error_entry(error: Any) -> dict[str, str]:
    return {"loc": ".".join(str(p) for p in error["loc"]), "msg": str(error["msg"])}


def builtin_registry() -> ConnectorRegistry:
    """A registry holding the built-in connectors only."""
    from resonance.sources.builtin import BUILTIN_CONNECTORS

    registry = ConnectorRegistry()
    for cls in BUILTIN_CONNECTORS:
        registry.register(cls, origin=f"builtin {cls.__module__}")
    return registry


def _register_hook_connectors(registry: ConnectorRegistry) -> None:
    """Connectors offered through the `register_connectors` plugin hook (pluggy)."""
    from resonance.plugins import collect

    for cls in collect("register_connectors"):
        if cls.name in registry and registry.get(cls.name) is cls:
            continue  # a built-in, already registered
        try:
            registry.register(cls, origin=f"plugin {cls.__module__}")
        except (TypeError, ValueError) as exc:
            registry.load_errors[str(getattr(cls, "name", cls))] = str(exc)
            log.warning("connector from a plugin not registered: %s", exc)


_default: ConnectorRegistry | None = None


def default_registry(*, reload: bool = False) -> ConnectorRegistry:
    """Built-ins plus installed plugins, built once per process."""
    global _default
    if _default is None or reload:
        registry = builtin_registry()
        _register_hook_connectors(registry)
        registry.load_entry_points()
        _default = registry
    return _default


def build_connector(
    name: str,
    config: Mapping[str, Any],
    http: HttpClient,
    *,
    registry: ConnectorRegistry | None = None,
) -> Connector:
    """Validate the config of connector `name` and build it; raises Invalid with the reasons."""
    return (registry or default_registry()).build(name, config, http)
