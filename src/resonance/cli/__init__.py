"""Command-line interface (Typer); commands are thin and call services."""
