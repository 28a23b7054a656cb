"""Shared fixtures: the real corpus, a loopback web site, and the real CLI in a subprocess."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from crawler.sandbox.siteserver import SiteServer
from tests.support.cli import run_policywatch
from tests.support.paths import CORPUS
from tests.support.redisserver import start_redis

# The property tests check answers, not timings: on a busy machine one example can be paused
# for longer than hypothesis's default deadline and fail for nothing.
settings.register_profile("policywatch", deadline=None)
settings.load_profile("policywatch")


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
def redis_server():
    """A real redis-server on a free loopback port, stopped after the test; a skip that says how
    to install it where there is none."""
    server = start_redis()
    yield server
    server.stop()


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """Run `policywatch ARGS…` in a subprocess in the test's temporary directory."""

    def run(*args: str, check: bool = True, input: str | None = None, env: dict | None = None):
        return run_policywatch(tmp_path, *args, check=check, input=input, env=env)

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
