"""Writes one `fetch_log` row for every fetch, whether it was stored or dropped."""

from __future__ import annotations

from scrapy import signals

from crawler.items import Capture
from crawler.outcomes import is_ok
from crawler.storage import open_database


class FetchLogExtension:
    """Listens to item_scraped / item_dropped / item_error and records the typed outcome of
    each fetch: one row whatever happened to it, an unexpected exception in a pipeline too."""

    def __init__(self, db_path: str):
        self.store = open_database(db_path)

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler.settings.get("POLICYWATCH_DB"))
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Capture, **kwargs) -> None:
        self.log(item, item.outcome or "error", item.detail)

    def item_dropped(self, item: Capture, exception: Exception, **kwargs) -> None:
        self.log(item, getattr(exception, "outcome", "error"), str(exception))

    def item_error(self, item: Capture, failure, **kwargs) -> None:
        error = failure.value
        self.log(item, "error", f"{type(error).__name__} in a pipeline: {error}")

    def spider_closed(self, spider) -> None:
        self.store.close()

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
                "text_hash": item.document_hash(),
            }
        )
