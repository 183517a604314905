"""`resonance text ...`: analyse, train and evaluate the text models."""

from __future__ import annotations

import typer

app = typer.Typer(help="Text intelligence: analyse, train, evaluate.", no_args_is_help=True)
