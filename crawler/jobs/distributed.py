"""Crawls spread over many machines through Redis: queue and record, fetch, or only record."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

from crawler.cluster.reach import require_redis
from crawler.jobs.crawl import run_spider


def with_redis(redis_url: str, overrides: dict[str, str] | None) -> dict[str, str]:
    return {**(overrides or {}), "POLICYWATCH_REDIS_URL": redis_url}


def crawl_through_redis(
    redis_url: str, db: Path, policies: list[dict[str, Any]], overrides: dict[str, str] | None
) -> None:
    """Queue a live fetch of each policy on the shared frontier, then record the captures
    the workers send until each queued request is recorded (blocking; once per process)."""
    from crawler.cluster.enqueue import enqueue_policies

    require_redis(redis_url)
    queued = enqueue_policies(redis_url, policies)
    arguments = {"redis_url": redis_url, "expected": queued}
    run_spider("ingest", db, arguments, with_redis(redis_url, overrides))


def ingest(redis_url: str, db: Path, idle_timeout: float, overrides: dict[str, str] | None):
    """Record whatever captures the workers send, until idle for `idle_timeout` (0: never)."""
    require_redis(redis_url)
    arguments = {"redis_url": redis_url, "idle_timeout": idle_timeout}
    run_spider("ingest", db, arguments, with_redis(redis_url, overrides))


def default_consumer() -> str:
    """This worker's name in the consumer group: unique per process and machine."""
    return f"{socket.gethostname()}-{os.getpid()}"


def work(redis_url: str, idle_timeout: float, overrides: dict[str, str] | None) -> None:
    """Fetch requests from the shared frontier until idle for `idle_timeout` (0: never)."""
    from crawler.config import crawl_settings

    require_redis(redis_url)
    settings = with_redis(redis_url, overrides)
    # A worker has no database; the path only fills the setting.
    unused = Path(os.devnull)
    arguments = {
        "redis_url": redis_url,
        "consumer": default_consumer(),
        "claim_after": crawl_settings(unused, settings).getfloat("POLICYWATCH_REDIS_CLAIM_AFTER"),
        "idle_timeout": idle_timeout,
    }
    run_spider("frontier", unused, arguments, settings)
