"""Pauses that end as soon as the crawl is asked to stop (SIGTERM, Ctrl-C).

Scrapy stops gracefully: it waits for every request in progress, and a request whose
middleware sleeps out a long 429 pause is in progress. Without this a stopped crawl would
sit out the pause (minutes) and then send the request it was stopped to prevent.
"""

from __future__ import annotations

import asyncio
import time

from scrapy.exceptions import IgnoreRequest

# How often a pause looks whether the crawl is stopping: short next to any stop deadline.
POLL_SECONDS = 0.1


class CrawlStopping(IgnoreRequest):
    """A request not sent because the crawl was stopped during its pause."""


def stopping(crawler) -> bool:
    engine = getattr(crawler, "engine", None)
    return engine is not None and not engine.running


async def pause(crawler, seconds: float) -> bool:
    """Sleep `seconds`; False as soon as the crawl is stopping (the pause was cut short)."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if stopping(crawler):
            return False
        await asyncio.sleep(min(left, POLL_SECONDS))
    return not stopping(crawler)
