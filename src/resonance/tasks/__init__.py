"""Background jobs: one task API with an embedded (database) and a Redis backend."""
