"""Downloader middleware: retries that back off."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import exceptions as scrapy_errors
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message
from twisted.internet import error as twisted_errors

from crawler.stopping import pause

logger = logging.getLogger(__name__)

# Errors that come back at once when a host cannot be reached at all (no network, a name that
# does not resolve, nothing listening). Waiting minutes between retries of these only delays
# the answer: they are retried fewer times, after short pauses.
UNREACHABLE = (
    scrapy_errors.CannotResolveHostError,
    scrapy_errors.DownloadConnectionRefusedError,
    twisted_errors.DNSLookupError,
    twisted_errors.ConnectionRefusedError,
)


def is_robots_txt(request) -> bool:
    """The robots.txt request Scrapy's RobotsTxtMiddleware makes before a host's first page."""
    return request.meta.get("dont_obey_robotstxt") and urlsplit(request.url).path == "/robots.txt"


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, waiting base * 2**attempt seconds (or Retry-After) before each one.

    An unreachable host (UNREACHABLE) is retried at most POLICYWATCH_UNREACHABLE_RETRY_TIMES
    times, from POLICYWATCH_UNREACHABLE_BACKOFF_BASE seconds. A crawl stopped during the wait
    retries nothing: the last answer (or error) stands.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("POLICYWATCH_RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("POLICYWATCH_RETRY_BACKOFF_MAX")
        self.unreachable_base = min(
            self.base, settings.getfloat("POLICYWATCH_UNREACHABLE_BACKOFF_BASE")
        )
        self.unreachable_times = min(
            self.max_retry_times, settings.getint("POLICYWATCH_UNREACHABLE_RETRY_TIMES")
        )

    def delay(self, request, retry_after: bytes | None = None, unreachable=False) -> float:
        attempt = request.meta.get("retry_times", 0)
        wait = (self.unreachable_base if unreachable else self.base) * 2**attempt
        if retry_after and retry_after.strip().isdigit():
            wait = max(wait, float(retry_after))
        return min(wait, self.cap)

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        reason = response_status_message(response.status)
        retry = self._retry(request, reason)
        if retry is None:
            return response
        if not await self.wait(request, response.headers.get(b"Retry-After")):
            return response
        return retry

    async def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry"):
            return None
        unreachable = isinstance(exception, UNREACHABLE)
        if unreachable:
            # The page's own request, retried, tells whether the host is back; retrying its
            # robots.txt first as well would double the wait for the same answer.
            times = 0 if is_robots_txt(request) else self.unreachable_times
            request.meta.setdefault("max_retry_times", times)
        retry = self._retry(request, exception)
        if retry is not None and not await self.wait(request, unreachable=unreachable):
            return None
        return retry

    async def wait(self, request, retry_after: bytes | None = None, unreachable=False) -> bool:
        """Wait before a retry; False if the crawl was stopped meanwhile."""
        seconds = self.delay(request, retry_after, unreachable)
        if seconds <= 0:
            return True
        logger.info("retrying %s in %.0f s", request.url, seconds)
        return await pause(self.crawler, seconds)
