"""Feedback and consultations: intake, analysis, routing, replies."""
