"""Where the tests find the repository, the corpus and the README; and the fast crawl settings."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
# Loopback servers need no politeness delays; retries back off for 0 s.
FAST_SETTINGS = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "POLICYWATCH_RETRY_BACKOFF_BASE=0",
    "-s",
    "RETRY_TIMES=1",
]


def readme_section(title: str) -> str:
    """The README's `## title` section, up to the next second-level heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n## {title}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]
