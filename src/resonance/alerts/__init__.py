"""Alerts: calendar-aware anomaly detection, grouping, delivery and acknowledgement."""
