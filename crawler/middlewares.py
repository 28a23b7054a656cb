"""Downloader middleware: retries that back off."""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message

from crawler.stopping import pause

logger = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, waiting base * 2**attempt seconds (or Retry-After) before each one.

    A crawl stopped during the wait retries nothing: the last answer (or error) stands.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("POLICYWATCH_RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("POLICYWATCH_RETRY_BACKOFF_MAX")

    def delay(self, request, retry_after: bytes | None = None) -> float:
        attempt = request.meta.get("retry_times", 0)
        wait = self.base * 2**attempt
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
        retry = self._retry(request, exception)
        if retry is not None and not await self.wait(request):
            return None
        return retry

    async def wait(self, request, retry_after: bytes | None = None) -> bool:
        """Wait before a retry; False if the crawl was stopped meanwhile."""
        seconds = self.delay(request, retry_after)
        if seconds <= 0:
            return True
        logger.info("retrying %s in %.0f s", request.url, seconds)
        return await pause(self.crawler, seconds)
