"""Helpers shared by CLI commands: settings, database, error reporting with exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

import typer

from resonance.config import Settings
from resonance.errors import ResonanceError
from resonance.storage.runtime import Database

P = ParamSpec("P")
R = TypeVar("R")

EXIT_ERROR = 1
EXIT_USAGE = 2


def settings() -> Settings:
    return Settings.from_env()


def database(config: Settings | None = None) -> Database:
    return Database.from_settings(config or settings())


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    typer.secho(f"Error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn domain errors into a one-line message and exit code 1 instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except ResonanceError as exc:
            fail(exc.detail)

    return wrapper
