"""Text intelligence: language, tokens, tone, embeddings, near-duplicates, summaries."""
