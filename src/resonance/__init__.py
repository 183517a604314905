"""Resonance: communication operations for public institutions."""

__version__ = "0.1.0"
