"""What the CLI orchestrates: crawls, back-fills, runs and re-extraction, each a library call."""
