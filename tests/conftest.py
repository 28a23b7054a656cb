"""Shared fixtures: the real corpus, a loopback web site, and the real CLI in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.sandbox.siteserver import SiteServer
from tests.support.paths import CORPUS, isolated_environment


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

    def run(*args: str, check: bool = True, input: str | None = None, env: dict | None = None):
        env = {**isolated_environment(tmp_path), **(env or {})}
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


# Modules whose helpers start a crawl, a back-fill or a server in a subprocess.
SUBPROCESS_HELPERS = {"tests.support.crawlrun", "tests.support.backfill_helpers"}


def pytest_collection_modifyitems(items):
    """Mark `slow` the tests that use the real CLI, and those of modules that start crawls or
    servers in a subprocess, so a quick loop can leave them out (`pytest -m "not slow"`)."""
    for item in items:
        names = vars(item.module)
        spawns = "subprocess" in names or "run_cli" in item.fixturenames
        helpers = {getattr(value, "__module__", None) for value in names.values()}
        if spawns or helpers & SUBPROCESS_HELPERS:
            item.add_marker(pytest.mark.slow)
