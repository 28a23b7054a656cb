"""A real redis-server for the tests, or a skip that says how to install it."""

from __future__ import annotations

import shutil

import pytest

from crawler.sandbox.redisserver import RedisServer

INSTALL_HINT = (
    "redis-server not found: the tests of crawls shared through Redis start their own; "
    "install it with `apt-get install redis-server` (Debian) or put it on PATH"
)


def start_redis() -> RedisServer:
    """A fresh server; the test is skipped with how to install it when there is none."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(INSTALL_HINT)
    return RedisServer(binary)
