"""The live spider: fetch the current page of every watched policy."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.browser.fallback import retry_in_browser
from crawler.failures import classify_failure
from crawler.items import Capture
from crawler.redirect_guard import internal_address

# Error statuses reach the callback (not only the errback) so they are logged with their
# status; 304 answers our conditional requests. Redirects are still followed.
HANDLED_STATUSES = [304, *range(400, 600)]


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def refuse_internal_redirect(item: Capture) -> None:
    """Chromium follows redirects itself, past crawler/redirect_guard.py: a page it was sent
    into an internal address on another host is refused before anything is stored."""
    internal = await internal_address(item.final_url, urlsplit(item.url).hostname)
    if internal:
        item.outcome = "blocked-redirect"
        item.detail = (
            f"the browser was redirected from {item.url[:200]} to {item.final_url[:200]}, "
            f"an internal address ({internal}): not stored"
        )


class LiveSpider(scrapy.Spider):
    """Fetches each policy's URL once, conditionally (ETag / Last-Modified) when it can.

    Arguments: `policies`, a list of dicts with id, name, url, select, remove, document,
    ignore_robots, `conditional` (the ETag / Last-Modified of the last capture, possibly empty),
    and how to fetch it (crawler/browser/plan.py): `fetch_with` ("http", "browser" or
    "no-browser", a browser fetch without a browser), `browser_fallback` and `browser_actions`.
    Policies whose plain fetch wanted a browser are listed in `browser_retries` (their ids).
    `progress` (a crawler.wayback.progress.Progress, optional), told of each policy here and of
    its outcome by FetchLogExtension.
    """

    name = "live"

    def __init__(self, policies: list[dict[str, Any]], progress=None, **kwargs: Any):
        super().__init__(**kwargs)
        self.policies = policies
        self.progress = progress
        self.browser_retries: list[int] = []
        self.tabs = None  # crawler/browser/tabs.py, when some policy is fetched in the browser

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        return spider

    def item_dropped(self, item: Capture, exception: Exception, **kwargs: Any) -> None:
        if retry_in_browser(item, exception):
            self.browser_retries.append(item.policy_id)

    async def start(self):
        for policy in self.policies:
            if self.progress is not None:
                self.progress.plan(policy["name"], 1)
        in_browser = [p for p in self.policies if p.get("fetch_with") == "browser"]
        for policy in self.policies:
            if policy.get("fetch_with") == "no-browser":
                item = self.capture(policy, utc_now())
                item.fetched_with = "browser"
                item.outcome, item.detail = "no-browser", policy["no_browser"]
                yield item
            elif policy.get("fetch_with") != "browser":
                yield self.request(policy)
        if in_browser:
            from crawler.browser.tabs import Tabs

            self.tabs = Tabs(in_browser, self.settings.getint("POLICYWATCH_BROWSER_PAGES"))
            for policy in self.tabs.first():
                yield self.request(policy)

    async def tab_freed(self, request: Request, reusable: bool):
        """The request for the next policy waiting for a browser tab, in `request`'s page."""
        if request.meta.get("playwright") and self.tabs is not None:
            policy, page = await self.tabs.next(request.meta.get("playwright_page"), reusable)
            if policy is not None:
                yield self.request(policy, page)

    def request(self, policy: dict[str, Any], page=None) -> Request:
        meta = {
            "policy": policy,
            "requested_at": utc_now(),
            "handle_httpstatus_list": HANDLED_STATUSES,
            "dont_obey_robotstxt": bool(policy.get("ignore_robots")),
        }
        headers = {}
        if policy.get("fetch_with") == "browser":
            from crawler.browser.requests import browser_meta

            meta |= browser_meta(
                policy.get("browser_actions") or [],
                self.settings.get("USER_AGENT"),
                self.settings.getfloat("POLICYWATCH_BROWSER_TIMEOUT"),
                page,
            )
        else:
            # Not in the browser: a 304 there would leave it an empty page to render.
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
            meta=meta,
        )

    def capture(self, policy: dict[str, Any], requested_at: str) -> Capture:
        return Capture(
            policy_id=policy["id"],
            policy_name=policy["name"],
            source="live",
            url=policy["url"],
            requested_at=requested_at,
            select=policy.get("select") or [],
            remove=policy.get("remove") or [],
            watched_document=policy.get("document"),
            watched_document_type=policy.get("document_type"),
            fetched_with="browser" if policy.get("fetch_with") == "browser" else "http",
            browser_fallback=bool(policy.get("browser_fallback")),
        )

    def request_capture(self, request: Request) -> Capture:
        return self.capture(request.meta["policy"], request.meta["requested_at"])

    async def parse(self, response: Response):
        item = self.request_capture(response.request)
        header = response.headers.get
        item.captured_at = utc_now()
        item.final_url = response.url
        item.http_status = response.status
        item.content_type = (header(b"Content-Type") or b"").decode("latin-1") or None
        item.etag = (header(b"ETag") or b"").decode("latin-1") or None
        item.last_modified = (header(b"Last-Modified") or b"").decode("latin-1") or None
        item.body = response.body
        if item.fetched_with == "browser":
            await refuse_internal_redirect(item)
        yield item
        async for request in self.tab_freed(response.request, reusable=True):
            yield request

    async def failed(self, failure: Failure):
        item = self.request_capture(failure.request)
        item.outcome, item.detail = classify_failure(failure)
        yield item
        async for request in self.tab_freed(failure.request, reusable=False):
            yield request
