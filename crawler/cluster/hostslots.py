"""One request at a time per host across every worker that shares the Redis.

Scrapy's CONCURRENT_REQUESTS_PER_DOMAIN holds within one process only. Each request here
first takes its host's lock in Redis (redis-py's Lock: a token set with NX and an expiry,
released by a compare-and-delete script), and gives it back when its answer or error comes.
The expiry frees the host of a worker killed mid-download.
"""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from scrapy.utils.httpobj import urlparse_cached

from crawler.cluster.frontier import host_slot_key

# How often a waiting request tries the lock again.
RETRY_SECONDS = 0.005


class HostSlotMiddleware:
    """Downloader middleware: hold the host's Redis lock from request to answer."""

    def __init__(self, redis_url: str, expiry: float):
        self.client = Redis.from_url(redis_url)
        self.expiry = expiry

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        # A download never outlives DOWNLOAD_TIMEOUT: the lock must not expire before it.
        expiry = settings.getfloat("DOWNLOAD_TIMEOUT") + 5
        return cls(settings.get("POLICYWATCH_REDIS_URL"), expiry)

    async def process_request(self, request, spider=None):
        host = urlparse_cached(request).hostname or ""
        lock = Lock(
            self.client,
            host_slot_key(host),
            timeout=self.expiry,
            sleep=RETRY_SECONDS,
            thread_local=False,
            raise_on_release_error=False,  # expired: the host is free anyway
        )
        await lock.acquire()
        request.meta["host_slot"] = lock
        return None

    async def process_response(self, request, response, spider=None):
        await self.release(request)
        return response

    async def process_exception(self, request, exception, spider=None):
        await self.release(request)
        return None

    async def release(self, request) -> None:
        lock = request.meta.pop("host_slot", None)
        if lock is not None:
            await lock.release()
