"""The redis_server fixture: a real redis-server on a free loopback port, or a skip that says
how to install it."""

from __future__ import annotations

import shutil

import pytest

from crawler.sandbox.redisserver import RedisServer

INSTALL_HINT = "redis-server not found: apt-get install redis-server (Debian) or put it on PATH"


def start_redis() -> RedisServer:
    """A fresh server; the test is skipped with how to install it when there is none."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(INSTALL_HINT)
    return RedisServer(binary)


@pytest.fixture
def redis_server():
    server = start_redis()
    yield server
    server.stop()
