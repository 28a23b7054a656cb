"""What the CLI orchestrates: crawls, back-fills, runs, re-extraction, and crawls shared through
Redis (worker, ingest), each a library call."""
