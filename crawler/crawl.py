"""Run a spider over policies in this process (one crawl per process: Twisted's reactor
cannot be restarted) and summarise what it did from fetch_log."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from crawler.config import crawl_settings
from crawler.storage import Store
from crawler.watchlist import Policy


def spider_arguments(store: Store, policies: list[Policy]) -> list[dict[str, Any]]:
    """Sync the watch-list entries into the database and describe them for a spider."""
    described = []
    for policy in policies:
        policy_id = store.sync_policy(policy.__dict__)
        described.append(
            {
                **policy.__dict__,
                "id": policy_id,
                "conditional": store.conditional_headers(policy_id),
            }
        )
    return described


def run_spider(
    spider: str, db: Path, spider_kwargs: dict[str, Any], overrides: dict[str, str] | None = None
) -> None:
    """Run one spider to completion (blocking)."""
    from crawler.spiders.live import LiveSpider

    spiders = {"live": LiveSpider}
    process = CrawlerProcess(crawl_settings(db, overrides))
    # (After CrawlerProcess, which reconfigures logging.) A robots.txt that cannot be fetched
    # is logged by Scrapy with a full traceback; the page's own fetch then fails or succeeds,
    # and its typed outcome is what the summary reports.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    process.crawl(spiders[spider], **spider_kwargs)
    process.start()
