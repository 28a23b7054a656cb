"""Put a crawl's policies on the shared frontier, each once (scrapy-redis' dupefilter)."""

from __future__ import annotations

from typing import Any

import redis
from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter

from crawler.cluster.frontier import QUEUED, REQUESTS, create_groups, request_fields


class PolicyDupeFilter(RFPDupeFilter):
    """scrapy-redis' fingerprint set, with the policy in the fingerprint: two policies at
    one URL are two fetches."""

    def request_fingerprint(self, request: Request) -> str:
        return f"{request.meta['policy']['id']}:{super().request_fingerprint(request)}"


def enqueue_policies(redis_url: str, policies: list[dict[str, Any]]) -> list[str]:
    """Queue a live fetch of each of `policies` (spider arguments, with their ids) unless one
    is waiting already; the stream ids of the entries queued."""
    client = redis.Redis.from_url(redis_url)
    create_groups(client)
    queued = PolicyDupeFilter(client, key=QUEUED)
    entries = []
    for policy in policies:
        request = Request(policy["url"], meta={"policy": policy})
        if queued.request_seen(request):
            continue
        fingerprint = queued.request_fingerprint(request)
        entries.append(client.xadd(REQUESTS, request_fields(policy, fingerprint)).decode())
    client.close()
    return entries
