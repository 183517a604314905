"""The plugin manager: built-in plugins first, then the `resonance` entry-point group."""

from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from typing import Any

import pluggy

from resonance import hookspecs

ENTRY_POINT_GROUP = "resonance"
log = logging.getLogger(__name__)

# Modules of ours that implement hooks exactly as a third-party plugin would.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "resonance.sources.builtin",
    "resonance.kpi.metrics",
    "resonance.feedback.metrics",
)


@lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager (built once)."""
    manager = pluggy.PluginManager("resonance")
    manager.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    try:
        manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    except Exception:  # a broken third-party plugin must not stop the platform
        log.exception("a Resonance plugin from the %r entry points failed", ENTRY_POINT_GROUP)
    return manager


def collect(hook_name: str) -> list[Any]:
    """Flatten the lists every plugin returns for a `register_*` hook."""
    hook = getattr(plugin_manager().hook, hook_name)
    return [item for result in hook() for item in (result or [])]
