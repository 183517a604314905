"""The ingestion pipeline: fetch → store raw → normalise → dedupe → enrich → match → store."""

from resonance.ingest._mentions import recompute_rollups
from resonance.ingest._normalize import author_key, text_hash
from resonance.ingest.pipeline import BatchReport, IngestContext, ingest_batch
from resonance.ingest.queries import get_dead_letter, list_dead_letters
from resonance.ingest.services import ReplayReport, replay_dead_letters

__all__ = [
    "BatchReport",
    "IngestContext",
    "ReplayReport",
    "author_key",
    "get_dead_letter",
    "ingest_batch",
    "list_dead_letters",
    "recompute_rollups",
    "replay_dead_letters",
    "text_hash",
]
