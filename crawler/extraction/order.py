"""One policy's captures go through the item pipelines one at a time, in the order the spider
yielded them.

Extraction in worker processes (crawler/extraction/pool.py) finishes in any order; but what a
capture becomes (a version, an earlier sighting, a held-back page) depends on what the policy's
previous capture wrote to the timeline and to fetch_log. Different policies still go through
side by side. Without worker processes every pipeline finishes a capture before the next one
starts, so the gate is not installed.
"""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.extraction.pool import worker_count
from crawler.items import Capture


class PolicyOrderPipeline:
    """First of the pipelines: holds a capture until its policy's previous one is recorded."""

    def __init__(self):
        # Policy id -> completion of its latest capture in the pipelines.
        self.latest: dict[int, asyncio.Future] = {}
        # id(item) -> (item, its completion); the item is kept so its id cannot be reused.
        self.in_flight: dict[int, tuple[Capture, asyncio.Future]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not worker_count(crawler.settings.get("POLICYWATCH_EXTRACT_PROCESSES")):
            raise NotConfigured("extraction runs in the reactor, in order")
        pipeline = cls()
        # Connected after FetchLogExtension's handlers (extensions are built before the
        # pipelines), so a capture counts as done once its fetch_log row is written.
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(pipeline.finished, signal=signal)
        return pipeline

    def process_item(self, item: Capture, spider=None) -> Any:
        previous = self.latest.get(item.policy_id)
        done = asyncio.get_running_loop().create_future()
        self.latest[item.policy_id] = done
        self.in_flight[id(item)] = (item, done)
        if previous is None or previous.done():
            return item
        return self.after(previous, item)

    async def after(self, previous: asyncio.Future, item: Capture) -> Capture:
        await previous
        return item

    def finished(self, item: Any, **kwargs: Any) -> None:
        entry = self.in_flight.pop(id(item), None)
        if entry is None:
            return
        capture, done = entry
        done.set_result(None)
        if self.latest.get(capture.policy_id) is done:
            del self.latest[capture.policy_id]
