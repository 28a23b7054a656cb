"""The worker spider: fetch live pages from the shared frontier in Redis, on any machine.

Scrapy 2.19 has no start_requests, and a spider on scrapy-redis' scheduler closes at the first
empty queue: `start()` here keeps reading the stream (XREADGROUP, blocking a moment), takes
over the requests of a worker that has stopped answering (XAUTOCLAIM), and keeps its own
pending requests fresh (XCLAIM of them to itself) until the ingest acknowledges them.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, ClassVar

from redis.asyncio import Redis
from scrapy.http import Request

from crawler import settings as project_settings
from crawler.cluster.frontier import REQUESTS, WORKERS, create_groups_async, decoded
from crawler.items import Capture
from crawler.spiders.live import LiveSpider, utc_now

# How long one XREADGROUP waits for new requests.
READ_BLOCK_MS = 200


class FrontierSpider(LiveSpider):
    """Arguments: `redis_url`, `consumer` (this worker's name in the group), `claim_after`
    (seconds a request may stay unacknowledged before another worker takes it over),
    `idle_timeout` (stop after so long with nothing to do; 0: never)."""

    name = "frontier"
    custom_settings: ClassVar[dict[str, Any]] = {
        # A worker owns no database: its captures go to Redis, where the ingest records them.
        "ITEM_PIPELINES": {"crawler.cluster.publish.PublishCapturePipeline": 100},
        "EXTENSIONS": {"crawler.storage.fetchlog.FetchLogExtension": None},
        # Closest to the network: a host is held only while its answer downloads.
        "DOWNLOADER_MIDDLEWARES": {
            **project_settings.DOWNLOADER_MIDDLEWARES,
            "crawler.cluster.hostslots.HostSlotMiddleware": 900,
        },
    }

    def __init__(
        self,
        redis_url: str,
        consumer: str,
        claim_after: float = 30.0,
        idle_timeout: float = 0.0,
        **kwargs: Any,
    ):
        super().__init__(policies=[], **kwargs)
        self.redis_url = redis_url
        self.consumer = consumer
        self.claim_after_ms = int(claim_after * 1000)
        self.idle_timeout = idle_timeout
        # Requests yielded whose answer (or error) has not come yet: no more are read than
        # CONCURRENT_REQUESTS can fetch, so none waits here while another worker is idle.
        self.in_flight = 0
        # This worker's requests not yet recorded by the ingest: it does not stop before they
        # are, or another worker would take them over and fetch them again.
        self.unrecorded = 0

    async def start(self):
        client = Redis.from_url(self.redis_url)
        await create_groups_async(client)
        capacity = self.settings.getint("CONCURRENT_REQUESTS")
        last_work = time.monotonic()
        next_upkeep = 0.0
        try:
            while self.crawler.engine.running:
                if time.monotonic() >= next_upkeep:
                    deliveries = await self.claim_stale(client, capacity)
                    await self.keep_fresh(client)
                    next_upkeep = time.monotonic() + self.claim_after_ms / 3000
                    for delivery in deliveries:
                        yield self.frontier_request(delivery)
                free = capacity - self.in_flight
                if free <= 0:
                    await asyncio.sleep(0.01)
                    continue
                deliveries = await self.read_new(client, free)
                if deliveries or self.in_flight or self.unrecorded:
                    last_work = time.monotonic()
                elif self.idle_timeout and time.monotonic() - last_work > self.idle_timeout:
                    # A request another worker holds unrecorded may yet be this one's to take
                    # over (that worker may have died): idle means none is left anywhere.
                    if not await self.pending_anywhere(client):
                        return
                    last_work = time.monotonic()
                for delivery in deliveries:
                    yield self.frontier_request(delivery)
        finally:
            await client.aclose()

    async def read_new(self, client: Redis, count: int):
        reply = await client.xreadgroup(
            WORKERS, self.consumer, {REQUESTS: ">"}, count=count, block=READ_BLOCK_MS
        )
        return [decoded(i, fields) for _, entries in reply or [] for i, fields in entries]

    async def pending_anywhere(self, client: Redis) -> int:
        """Requests read by any worker and not yet recorded by the ingest."""
        return (await client.xpending(REQUESTS, WORKERS))["pending"]

    async def claim_stale(self, client: Redis, count: int):
        """Requests another worker read and left unacknowledged for `claim_after`."""
        _, entries, *_ = await client.xautoclaim(
            REQUESTS, WORKERS, self.consumer, self.claim_after_ms, "0-0", count=count
        )
        # An entry deleted meanwhile (recorded, then trimmed) comes back without fields.
        return [decoded(i, fields) for i, fields in entries if fields]

    async def keep_fresh(self, client: Redis) -> None:
        """Reset the idle time of this worker's pending requests, so that no other worker
        takes over a request this one is still fetching or the ingest is still recording."""
        pending = await client.xpending_range(
            REQUESTS, WORKERS, "-", "+", 10_000, consumername=self.consumer
        )
        ids = [entry["message_id"] for entry in pending]
        self.unrecorded = len(ids)
        if ids:
            await client.xclaim(REQUESTS, WORKERS, self.consumer, 0, ids, justid=True)

    def frontier_request(self, delivery) -> Request | Capture:
        policy = delivery.policy
        if policy.get("fetch_with") == "no-browser":
            # Nothing to fetch: the typed outcome goes to the ingest like any capture.
            item = self.capture(policy, utc_now())
            item.outcome, item.detail = "no-browser", policy["no_browser"]
            item.delivery = (delivery.entry_id, delivery.fingerprint)
            return item
        request = self.request(policy)
        request.meta["delivery"] = (delivery.entry_id, delivery.fingerprint)
        self.in_flight += 1
        return request

    def request_capture(self, request: Request) -> Capture:
        item = super().request_capture(request)  # once per request, from its callback or errback
        item.delivery = request.meta["delivery"]
        self.in_flight -= 1
        return item
