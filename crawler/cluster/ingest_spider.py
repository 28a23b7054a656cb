"""The ingest spider: record the captures workers send through Redis, in this process only.

It fetches nothing: `start()` yields the captures read from the captures stream as items,
through the same pipelines and fetch_log as a crawl on one machine. Once a capture's fetch_log
row is written, its request is acknowledged and deleted, and its fingerprint leaves the
dupefilter; a second capture of a request already recorded (a worker that was taken for dead
fetched it again) is dropped unrecorded.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, ClassVar

import redis
import scrapy
from redis.asyncio import Redis
from scrapy import signals

from crawler.cluster.captures import capture_from_fields
from crawler.cluster.frontier import (
    CAPTURES,
    INGEST,
    QUEUED,
    REQUESTS,
    WORKERS,
    create_groups_async,
)
from crawler.items import Capture

READ_BLOCK_MS = 200
# Captures read but not yet recorded: enough to keep every extraction process busy.
MAX_IN_FLIGHT = 64


class IngestSpider(scrapy.Spider):
    """Arguments: `redis_url`; `expected`, the request ids to wait for (None: until idle);
    `idle_timeout`, seconds with nothing to record before stopping (0: never)."""

    name = "ingest"
    custom_settings: ClassVar[dict[str, Any]] = {"ROBOTSTXT_OBEY": False}

    def __init__(
        self,
        redis_url: str,
        expected: list[str] | None = None,
        idle_timeout: float = 0.0,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.redis_url = redis_url
        self.waiting = set(expected) if expected is not None else None
        self.idle_timeout = idle_timeout
        # id(item) -> (item, its capture entry id), from read to acknowledgement.
        self.in_flight: dict[int, tuple[Capture, str]] = {}
        # Requests whose capture this process has taken: a second one is a duplicate.
        self.taken: set[str] = set()
        self.acks = redis.Redis.from_url(redis_url)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Connected after FetchLogExtension's handlers (extensions are built before the
        # spider): a request is acknowledged once its fetch_log row is written.
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider.recorded, signal=signal)
        return spider

    async def start(self):
        client = Redis.from_url(self.redis_url)
        await create_groups_async(client)
        last_work = time.monotonic()
        # First the captures an earlier ingest read and did not record (it was stopped).
        position = "0"
        try:
            while self.crawler.engine.running and not self.all_recorded():
                if len(self.in_flight) >= MAX_IN_FLIGHT:
                    await asyncio.sleep(0.01)
                    continue
                reply = await client.xreadgroup(
                    INGEST, INGEST, {CAPTURES: position}, count=MAX_IN_FLIGHT, block=READ_BLOCK_MS
                )
                entries = [entry for _, listed in reply or [] for entry in listed]
                if position == "0":
                    position = entries[-1][0] if entries else ">"
                if entries or self.in_flight:
                    last_work = time.monotonic()
                elif self.idle_timeout and time.monotonic() - last_work > self.idle_timeout:
                    return
                for entry_id, fields in entries:
                    item = capture_from_fields(fields)
                    if await self.is_duplicate(client, item):
                        self.acks.xack(CAPTURES, INGEST, entry_id)
                        self.acks.xdel(CAPTURES, entry_id)
                        continue
                    self.taken.add(item.delivery[0])
                    self.in_flight[id(item)] = (item, entry_id)
                    yield item
        finally:
            await client.aclose()

    def all_recorded(self) -> bool:
        return self.waiting is not None and not self.waiting

    async def is_duplicate(self, client: Redis, item: Capture) -> bool:
        """Was this capture's request recorded already, here or by an earlier ingest?"""
        request_id = item.delivery[0]
        if request_id in self.taken:
            return True
        pending = await client.xpending_range(REQUESTS, WORKERS, request_id, request_id, 1)
        return not pending

    def recorded(self, item: Any, **kwargs: Any) -> None:
        entry = self.in_flight.pop(id(item), None)
        if entry is None:
            return
        capture, capture_id = entry
        request_id, fingerprint = capture.delivery
        with self.acks.pipeline(transaction=False) as batch:
            batch.xack(REQUESTS, WORKERS, request_id)
            batch.xdel(REQUESTS, request_id)
            batch.srem(QUEUED, fingerprint)
            batch.xack(CAPTURES, INGEST, capture_id)
            batch.xdel(CAPTURES, capture_id)
            batch.execute()
        if self.waiting is not None:
            self.waiting.discard(request_id)

    def closed(self, reason: str) -> None:
        self.acks.close()
