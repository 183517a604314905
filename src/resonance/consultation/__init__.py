"""Consultations on draft documents: versions in sections, stages, comments, dispositions."""
