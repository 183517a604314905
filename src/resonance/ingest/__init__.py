"""The ingestion pipeline: fetch → store raw → normalise → dedupe → enrich → match → store."""
