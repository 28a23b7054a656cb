"""Where the tests find the repository, the corpus and the README; the fast crawl settings;
an environment free of the user's own policywatch files."""

from __future__ import annotations

import os
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


def isolated_environment(tmp_path: Path) -> dict[str, str]:
    """The environment with this checkout importable and no home, database, watch list or
    alerts configuration of the user's: the home defaults to the XDG one under tmp_path."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    for name in (
        "POLICYWATCH_HOME",
        "POLICYWATCH_DB",
        "POLICYWATCH_WATCHLIST",
        "POLICYWATCH_ALERTS",
    ):
        env.pop(name, None)
    return env
