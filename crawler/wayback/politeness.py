"""Politeness towards the Wayback Machine: paced requests, and a full stop on 429.

Acts only on requests whose meta carries `wayback` ("cdx" or "capture"). Rules from
../shared/design/WAYBACK.md: CDX search and captures have their own rates; the archive's 429
has no Retry-After, and a client that keeps going gets firewalled (refused connections). So a
429 pauses ALL Wayback traffic for POLICYWATCH_WAYBACK_BLOCK_PAUSE seconds, doubling on each
further 429 — and a refused connection after a 429 counts as one too, not as an error to retry
at once. An archived 429/5xx (it carries Memento-Datetime) is the site's page of that day: it
is neither a rate limit nor worth retrying.
"""

from __future__ import annotations

import logging
import time

from scrapy.exceptions import IgnoreRequest

from crawler.failures import CONNECTION_ERRORS
from crawler.stopping import CrawlStopping, pause

logger = logging.getLogger(__name__)


class WaybackBlocked(IgnoreRequest):
    """The archive kept refusing us after every pause: stop and resume another day."""


class WaybackPolitenessMiddleware:
    """Spaces CDX requests and capture requests apart, and stops everything on a 429."""

    def __init__(self, settings, crawler=None):
        self.crawler = crawler
        self.interval = {
            "cdx": settings.getfloat("POLICYWATCH_WAYBACK_CDX_INTERVAL"),
            "capture": settings.getfloat("POLICYWATCH_WAYBACK_CAPTURE_INTERVAL"),
        }
        self.pause = settings.getfloat("POLICYWATCH_WAYBACK_BLOCK_PAUSE")
        self.max_blocks = settings.getint("POLICYWATCH_WAYBACK_MAX_BLOCKS")
        self.next_slot = {"cdx": 0.0, "capture": 0.0}
        self.blocked_until = 0.0
        self.strikes = 0  # pauses in a row without a good answer in between

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings, crawler)

    async def process_request(self, request, spider=None):
        kind = request.meta.get("wayback")
        if kind is None:
            return None
        now = time.monotonic()
        # Reserve the slot before sleeping, so concurrent requests queue behind each other.
        start = max(now, self.blocked_until, self.next_slot[kind])
        self.next_slot[kind] = start + self.interval[kind]
        if start > now and not await pause(self.crawler, start - now):
            raise CrawlStopping(f"the crawl was stopped before {request.url} was sent")
        return None

    def finished(self, kind: str) -> None:
        """Count the interval from the answer too, so the archive never sees two requests
        closer than the interval, whatever the latency of the first one was."""
        self.next_slot[kind] = max(self.next_slot[kind], time.monotonic() + self.interval[kind])

    def process_response(self, request, response, spider=None):
        kind = request.meta.get("wayback")
        if kind is None:
            return response
        self.finished(kind)
        archived = b"Memento-Datetime" in response.headers
        if response.status == 429 and not archived:
            return self.block(request, "HTTP 429 from the archive")
        self.strikes = 0
        if archived:
            request.meta["dont_retry"] = True  # the archived page will not change on retry
        return response

    def process_exception(self, request, exception, spider=None):
        kind = request.meta.get("wayback")
        if kind is None:
            return None
        self.finished(kind)
        if not self.strikes:
            return None
        if isinstance(exception, CONNECTION_ERRORS):
            return self.block(request, f"{type(exception).__name__} after a 429")
        return None

    def block(self, request, reason: str):
        """Pause all Wayback traffic, then retry `request`; give up after too many pauses."""
        self.strikes += 1
        if self.strikes > self.max_blocks:
            raise WaybackBlocked(f"{reason}; still refused after {self.max_blocks} pauses")
        wait = self.pause * 2 ** (self.strikes - 1)
        self.blocked_until = time.monotonic() + wait
        logger.warning("Wayback: %s; pausing all archive requests for %.0f s", reason, wait)
        retry = request.copy()
        retry.dont_filter = True
        return retry
