"""Audit log: who changed what and when, with before/after."""
