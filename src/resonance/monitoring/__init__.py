"""Monitoring: reform projects (and later their queries, mentions and rollups)."""
