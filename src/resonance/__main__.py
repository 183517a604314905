"""Allow `python -m resonance`."""

from resonance.cli.main import app

app()
