"""The wayback spider: back-fill each policy's history from the Wayback Machine.

Per policy: a CDX search (200 HTML captures, adjacent digests collapsed, paged by resume key)
within the window, sampled by `every`, minus the captures already stored; then the raw `id_`
captures, each yielded as a `Capture` through the same pipelines as live pages. What is
stored already comes with each policy, worked out by the job that starts the spider
(crawler/jobs/backfill_plan.py): the spider reads no database.

One request at a time, chained from callback to callback: the archive is one host with one
rate limit, so nothing is lost, a 429 pause really stops all traffic (no request waits in a
queue to fire during it), and policies are done one after another for the progress report.
"""

from __future__ import annotations

from collections import deque
from typing import Any, ClassVar

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.failures import classify_failure
from crawler.items import Capture
from crawler.spiders.live import utc_now
from crawler.stopping import CrawlStopping
from crawler.wayback.cdx import (
    CdxReplyError,
    CdxRow,
    Window,
    distinct_changes,
    is_timestamp,
    iso,
    memento_timestamp,
    parse_page,
    sample,
    search_url,
)
from crawler.wayback.politeness import WaybackBlocked
from crawler.wayback.progress import BackfillProgress

# The archive's own "excluded" page is a 200 without Memento-Datetime (WAYBACK.md).
EXCLUDED_MARKER = b"This URL has been excluded from the Wayback Machine"
# Archived errors and the archive's 404 reach the callback; redirects are followed (an inexact
# timestamp is a 302 to the nearest capture, whose date is then checked).
HANDLED_STATUSES = list(range(400, 600))


class WaybackSpider(scrapy.Spider):
    """Arguments: `policies` (dicts as for the live spider, each with what is stored of it:
    see crawler/jobs/backfill_plan.py), `start`/`end` (YYYY[MM[DD]]), `every`
    (change|month|quarter|year), `progress` (a BackfillProgress, optional)."""

    name = "wayback"
    # Pacing is WaybackPolitenessMiddleware's job; the archive's API is meant for programs.
    custom_settings: ClassVar[dict[str, Any]] = {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
    }

    def __init__(
        self,
        policies: list[dict[str, Any]],
        start: str = "",
        end: str = "",
        every: str = "change",
        progress: BackfillProgress | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.waiting = deque(policies)
        self.start_bound, self.end_bound, self.every = start, end, every
        self.progress = progress
        self.todo: deque[tuple[dict[str, Any], Window, CdxRow]] = deque()

    async def start(self):
        settings = self.settings
        self.base = settings.get("POLICYWATCH_WAYBACK_URL").rstrip("/")
        self.page_size = settings.getint("POLICYWATCH_WAYBACK_CDX_PAGE_SIZE")
        for output in self.advance():
            yield output

    # -- the chain: at most one request in flight --------------------------------------------
    def advance(self):
        """Yield what comes next: already-stored bodies need no request; then one request."""
        while self.todo:
            policy, window, row = self.todo.popleft()
            reused = self.reuse(policy, row)
            if reused is None:
                yield self.capture_request(policy, window, row)
                return
            self.advanced(policy)
            yield reused
        if self.waiting:
            policy = self.waiting.popleft()
            yield self.cdx_request(policy, self.window(policy), [], "")

    def window(self, policy: dict[str, Any]) -> Window:
        from_watchlist = "".join(c for c in policy.get("wayback_from") or "" if c.isdigit())
        return Window(self.start_bound or from_watchlist, self.end_bound)

    def item(self, policy: dict[str, Any], capture_url: str) -> Capture:
        return Capture(
            policy_id=policy["id"],
            policy_name=policy["name"],
            source="wayback",
            url=policy["url"],
            requested_at=utc_now(),
            capture_url=capture_url,
            select=policy.get("select") or [],
            remove=policy.get("remove") or [],
            watched_document=policy.get("document"),
            watched_document_type=policy.get("document_type"),
        )

    def advanced(self, policy: dict[str, Any]) -> None:
        if self.progress is not None:
            self.progress.advance(policy["name"])

    # -- CDX search ---------------------------------------------------------------------------
    def cdx_request(self, policy, window: Window, rows: list[CdxRow], resume_key: str) -> Request:
        return Request(
            search_url(self.base, policy["url"], window, self.page_size, resume_key),
            callback=self.parse_cdx,
            errback=self.cdx_failed,
            dont_filter=True,
            meta={
                "wayback": "cdx",
                "policy": policy,
                "window": window,
                "rows": rows,
                "resume_key": resume_key,
                "handle_httpstatus_list": HANDLED_STATUSES,
            },
        )

    def parse_cdx(self, response: Response):
        meta = response.meta
        policy, window = meta["policy"], meta["window"]
        if response.status != 200:
            blocked = response.status == 403
            outcome = "wayback-blocked-site" if blocked else "wayback-cdx-error"
            yield from self.cdx_gave_up(policy, response.url, outcome, f"HTTP {response.status}")
            return
        try:
            rows, resume_key = parse_page(response.body)
        except CdxReplyError as error:
            yield from self.cdx_gave_up(policy, response.url, "wayback-bad-reply", str(error))
            return
        rows = meta["rows"] + rows
        # The archive prints a key whenever a page is full, and an empty page after it.
        if resume_key and resume_key != meta["resume_key"]:
            yield self.cdx_request(policy, window, rows, resume_key)
            return
        self.plan(policy, window, rows)
        yield from self.advance()

    def cdx_failed(self, failure: Failure):
        policy = failure.request.meta["policy"]
        outcome, detail = classify_failure(failure)
        if failure.check(WaybackBlocked):
            outcome = "wayback-blocked"
        yield from self.cdx_gave_up(policy, failure.request.url, outcome, detail)

    def cdx_gave_up(self, policy, url: str, outcome: str, detail: str):
        item = self.item(policy, url)
        item.outcome, item.detail = outcome, detail
        yield item
        if outcome not in ("wayback-blocked", "interrupted"):
            yield from self.advance()

    def plan(self, policy: dict[str, Any], window: Window, rows: list[CdxRow]) -> None:
        """Queue the captures of `rows` this run still needs, after sampling."""
        sampled, sampled_out = sample(distinct_changes(rows), self.every)
        stored, settled = policy["stored"], policy["settled"]
        needed = [
            row
            for row in sampled
            if row.timestamp not in stored and row.capture_url(self.base) not in settled
        ]
        self.todo.extend((policy, window, row) for row in needed)
        if self.progress is not None:
            self.progress.plan(policy["name"], len(needed), len(sampled) - len(needed), sampled_out)

    # -- captures -----------------------------------------------------------------------------
    def reuse(self, policy: dict[str, Any], row: CdxRow) -> Capture | None:
        """A capture whose digest was fetched already: the same bytes, placed at its own time."""
        known = policy["bodies"].get(row.digest)
        if known is None:
            return None
        item = self.item(policy, row.capture_url(self.base))
        item.captured_at = iso(row.timestamp)
        item.http_status = 200
        item.content_type = known["type"]
        # Bytes fetched in this run are in hand; earlier runs' are read by StoredBodyPipeline.
        item.body = known.get("body") or b""
        item.stored_raw_hash = known.get("raw_hash")
        item.cdx_digest = row.digest
        policy["stored"].add(row.timestamp)
        return item

    def capture_request(self, policy, window: Window, row: CdxRow) -> Request:
        return Request(
            row.capture_url(self.base),
            callback=self.parse_capture,
            errback=self.capture_failed,
            dont_filter=True,
            meta={
                "wayback": "capture",
                "policy": policy,
                "window": window,
                "row": row,
                "handle_httpstatus_list": HANDLED_STATUSES,
            },
        )

    def parse_capture(self, response: Response):
        meta = response.meta
        policy, row = meta["policy"], meta["row"]
        item = self.item(policy, row.capture_url(self.base))
        header = response.headers.get
        item.final_url = response.url
        item.http_status = response.status
        item.content_type = (header(b"Content-Type") or b"").decode("latin-1") or None
        item.body = response.body
        memento = (header(b"Memento-Datetime") or b"").decode("latin-1")
        # A header that is there but unreadable is a broken date, not a missing one.
        landed = (memento_timestamp(memento) or memento[:40]) if memento else None
        item.outcome, item.detail = self.judge(response, row, meta["window"], landed)
        if item.outcome is None:
            item.captured_at = iso(landed)
            # The CDX digest describes the row asked for; a redirect may have landed elsewhere.
            if landed == row.timestamp:
                item.cdx_digest = row.digest
                policy["bodies"][row.digest] = {"body": item.body, "type": item.content_type}
            policy["stored"].add(landed)
        self.advanced(policy)
        yield item
        yield from self.advance()

    def judge(self, response: Response, row: CdxRow, window: Window, landed: str | None):
        """(outcome, detail) for an answer that must not be stored, else (None, "")."""
        status = response.status
        if landed is None:
            if status == 200 and EXCLUDED_MARKER in response.body:
                return "wayback-excluded", "the archive's excluded-URL page"
            if status == 404:
                return "wayback-not-archived", f"HTTP 404 for capture {row.timestamp}"
            return "wayback-no-memento", f"HTTP {status} without Memento-Datetime"
        if not is_timestamp(landed):
            return "wayback-bad-date", f"Memento-Datetime {landed!r} is impossible or in the future"
        if landed not in window:
            return "wayback-outside-window", f"asked for {row.timestamp}, landed on {landed}"
        if status >= 400:
            return "wayback-archived-error", f"archived HTTP {status} of {landed}"
        if landed != row.timestamp and landed in response.meta["policy"]["stored"]:
            return "wayback-known-capture", f"asked for {row.timestamp}, landed on {landed}"
        return None, ""

    def capture_failed(self, failure: Failure):
        meta = failure.request.meta
        policy, row = meta["policy"], meta["row"]
        item = self.item(policy, row.capture_url(self.base))
        item.outcome, item.detail = classify_failure(failure)
        self.advanced(policy)
        if failure.check(WaybackBlocked, CrawlStopping):
            if failure.check(WaybackBlocked):
                item.outcome = "wayback-blocked"
            self.todo.clear()
            self.waiting.clear()
            yield item
            return
        yield item
        yield from self.advance()
