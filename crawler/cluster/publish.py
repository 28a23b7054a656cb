"""The worker's only item pipeline: send each capture to the ingest through Redis."""

from __future__ import annotations

from redis.asyncio import Redis

from crawler.cluster.captures import capture_fields
from crawler.cluster.frontier import CAPTURES
from crawler.items import Capture


class PublishCapturePipeline:
    """XADDs each capture to the captures stream; the request stays pending until the ingest
    has recorded it."""

    def __init__(self, redis_url: str):
        self.client = Redis.from_url(redis_url)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("POLICYWATCH_REDIS_URL"))

    async def process_item(self, item: Capture, spider=None) -> Capture:
        await self.client.xadd(CAPTURES, capture_fields(item))
        return item

    async def close_spider(self, spider=None) -> None:
        await self.client.aclose()
