"""Shared fixtures: the real corpus, a loopback web site, and the real CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.siteserver import SiteServer

# The redis_server fixture (a real redis-server) for crawls shared through Redis.
pytest_plugins = ["tests.redisserver"]

ROOT = Path(__file__).resolve().parents[1]
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


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus, the real policy data; tests that need it skip where it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus not found at {CORPUS}: real-data tests need it")
    return CORPUS


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 (random port) whose pages a test can change."""
    with SiteServer() as server:
        yield server


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """Run `policywatch ARGS…` in a subprocess, as users and the scheduler do."""

    def run(*args: str, check: bool = True, input: str | None = None):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("POLICYWATCH_DB", None)
        result = subprocess.run(
            [sys.executable, "-m", "crawler", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            input=input,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"policywatch {' '.join(args)} exited {result.returncode}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result

    return run
