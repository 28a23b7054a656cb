"""Jobs: the long-running things a command starts (crawls, back-fills, workers, ingest)."""
