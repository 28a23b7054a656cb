"""Writes one `fetch_log` row for every fetch, whether it was stored or dropped, and tells the
live crawl's progress report its outcome."""

from __future__ import annotations

from scrapy import signals

from crawler.browser.fallback import retry_in_browser
from crawler.items import Capture
from crawler.outcomes import is_ok
from crawler.pipelines import crawl_store


class FetchLogExtension:
    """Listens to item_scraped / item_dropped / item_error and records the typed outcome of
    each fetch: one row whatever happened to it, an unexpected exception in a pipeline too."""

    def __init__(self, store, crawler=None):
        self.store = store
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawl_store(crawler), crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        return extension

    def item_scraped(self, item: Capture, **kwargs) -> None:
        self.log(item, item.outcome or "error", item.detail)

    def item_dropped(self, item: Capture, exception: Exception, **kwargs) -> None:
        if retry_in_browser(item, exception):
            return  # the browser's fetch of the page is the one logged
        self.log(item, getattr(exception, "outcome", "error"), str(exception))

    def item_error(self, item: Capture, failure, **kwargs) -> None:
        error = failure.value
        self.log(item, "error", f"{type(error).__name__} in a pipeline: {error}")

    def log(self, item: Capture, outcome: str, detail: str) -> None:
        self.store.log_fetch(
            {
                "policy_id": item.policy_id,
                "source": item.source,
                "url": item.capture_url or item.url,
                "requested_at": item.requested_at,
                "outcome": outcome,
                "ok": int(is_ok(outcome)),
                "http_status": item.http_status,
                "detail": detail[:500],
                "final_url": item.final_url or None,
                "text_hash": item.text_hash,
                "fetched_with": item.fetched_with,
            }
        )
        # A live policy is done when its one fetch is logged; the wayback spider counts its
        # captures itself, those it skips included.
        progress = getattr(getattr(self.crawler, "spider", None), "progress", None)
        if progress is not None and item.source == "live":
            progress.advance(item.policy_name, outcome)
