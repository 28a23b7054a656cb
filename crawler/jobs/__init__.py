"""What the command line orchestrates: crawl, back-fill, run, re-extract, the demo."""
