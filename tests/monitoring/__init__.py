"""Monitoring tests."""
