"""Run a spider over policies in this process (one crawl per process: Twisted's reactor
cannot be restarted) and summarise what it did from fetch_log.

Scrapy and Twisted are imported when a crawl starts, not with this module: the commands that
only read the database (`history`, `show`, `diff`, `search`…) start without them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.collector import tune_for_crawl
from crawler.config import crawl_settings
from crawler.failing import streak_notices
from crawler.storage import Store, open_database
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
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.frontier import FrontierSpider
    from crawler.spiders.ingest import IngestSpider
    from crawler.spiders.live import LiveSpider
    from crawler.spiders.wayback import WaybackSpider

    spiders = {
        "live": LiveSpider,
        "wayback": WaybackSpider,
        "frontier": FrontierSpider,
        "ingest": IngestSpider,
    }
    process = CrawlerProcess(crawl_settings(db, overrides))
    # (After CrawlerProcess, which reconfigures logging.) A robots.txt that cannot be fetched
    # is logged by Scrapy with a full traceback; the page's own fetch then fails or succeeds,
    # and its typed outcome is what the summary reports.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    process.crawl(spiders[spider], **spider_kwargs)
    tune_for_crawl()
    process.start()


@dataclass(frozen=True)
class CrawlResult:
    """What one live crawl did: its fetch_log rows, and the policies that got no result."""

    fetches: list[dict[str, Any]]
    missing: list[str]
    notices: list[str]  # FAILING / RECOVERED lines for policies whose streak turned

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [row for row in self.fetches if not row["ok"]]

    @property
    def ok(self) -> list[dict[str, Any]]:
        return [row for row in self.fetches if row["ok"]]


def crawl_live(
    db: Path,
    policies: list[Policy],
    overrides: dict[str, str] | None,
    redis_url: str | None = None,
) -> CrawlResult:
    """Fetch the live pages of `policies` into `db` (blocking; once per process); with
    `redis_url`, workers on any machine fetch them and this process records them."""
    store = open_database(db)
    described = spider_arguments(store, policies)
    before = store.last_fetch_id()
    store.close()
    if redis_url:
        from crawler.jobs.distributed import crawl_through_redis

        crawl_through_redis(redis_url, db, described, overrides)
    else:
        run_spider("live", db, {"policies": described}, overrides)
    store = open_database(db)
    fetches = store.fetches_after(before)
    failing_after = crawl_settings(db, overrides).getint("POLICYWATCH_FAILING_AFTER")
    notices = streak_notices(store, fetches, failing_after)
    store.close()
    missing = sorted({p.name for p in policies} - {row["policy"] for row in fetches})
    return CrawlResult(fetches, missing, notices)
