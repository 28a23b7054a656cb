"""The live spider: fetch the current page of every watched policy."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.failures import classify_failure
from crawler.items import Capture

# Error statuses reach the callback (not only the errback) so they are logged with their
# status; 304 answers our conditional requests. Redirects are still followed.
HANDLED_STATUSES = [304, *range(400, 600)]


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class LiveSpider(scrapy.Spider):
    """Fetches each policy's URL once, conditionally (ETag / Last-Modified) when it can.

    Arguments: `policies`, a list of dicts with id, name, url, select, remove, document,
    ignore_robots, and `conditional` (the ETag / Last-Modified of the last capture, possibly empty).
    """

    name = "live"

    def __init__(self, policies: list[dict[str, Any]], **kwargs: Any):
        super().__init__(**kwargs)
        self.policies = policies

    async def start(self):
        for policy in self.policies:
            yield self.policy_request(policy)

    def policy_request(self, policy: dict[str, Any]) -> Request:
        """The conditional GET of one policy's page."""
        headers = {}
        conditional = policy.get("conditional") or {}
        if conditional.get("etag"):
            headers["If-None-Match"] = conditional["etag"]
        if conditional.get("last_modified"):
            headers["If-Modified-Since"] = conditional["last_modified"]
        return Request(
            policy["url"],
            headers=headers,
            callback=self.parse,
            errback=self.failed,
            dont_filter=True,
            meta={
                "policy": policy,
                "requested_at": utc_now(),
                "handle_httpstatus_list": HANDLED_STATUSES,
                "dont_obey_robotstxt": bool(policy.get("ignore_robots")),
            },
        )

    def capture(self, request: Request) -> Capture:
        policy = request.meta["policy"]
        return Capture(
            policy_id=policy["id"],
            policy_name=policy["name"],
            source="live",
            url=policy["url"],
            requested_at=request.meta["requested_at"],
            select=policy.get("select") or [],
            remove=policy.get("remove") or [],
            watched_document=policy.get("document"),
            watched_document_type=policy.get("document_type"),
        )

    def parse(self, response: Response):
        item = self.capture(response.request)
        header = response.headers.get
        item.captured_at = utc_now()
        item.final_url = response.url
        item.http_status = response.status
        item.content_type = (header(b"Content-Type") or b"").decode("latin-1") or None
        item.etag = (header(b"ETag") or b"").decode("latin-1") or None
        item.last_modified = (header(b"Last-Modified") or b"").decode("latin-1") or None
        item.body = response.body
        yield item

    def failed(self, failure: Failure):
        item = self.capture(failure.request)
        item.outcome, item.detail = classify_failure(failure)
        yield item
