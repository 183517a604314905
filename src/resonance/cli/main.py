"""The `resonance` command: one Typer app with a sub-app per area."""

from __future__ import annotations

import typer

from resonance.cli import text as text_cli

app = typer.Typer(
    name="resonance",
    help="Resonance: communication operations for public institutions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(text_cli.app, name="text")


if __name__ == "__main__":  # pragma: no cover
    app()
