"""Run a spider over policies in this process (one crawl per process: Twisted's reactor
cannot be restarted) and summarise what it did from fetch_log.

Scrapy and Twisted are imported when a crawl starts, not with this module: the commands that
only read the database (`history`, `show`, `diff`, `search`…) start without them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.browser.chromium import browser_problem
from crawler.browser.fallback import browser_might_pass
from crawler.browser.plan import fetch_plan
from crawler.config import crawl_settings
from crawler.config.watchlist import Policy
from crawler.jobs.collector import tune_for_crawl
from crawler.jobs.failing import streak_notices
from crawler.storage import Store, open_database


def spider_arguments(
    store: Store, policies: list[Policy], no_browser: str | None = None
) -> list[dict[str, Any]]:
    """Sync the watch-list entries into the database and describe them for a spider
    (`no_browser`: why no browser can run here, None when one can)."""
    described = []
    for policy in policies:
        policy_id = store.sync_policy(policy.__dict__)
        remembered = policy.browser == "auto" and store.needs_browser(policy_id)
        described.append(
            {
                **policy.__dict__,
                "id": policy_id,
                "conditional": store.conditional_headers(policy_id),
                **fetch_plan(policy.browser, remembered, no_browser),
            }
        )
    return described


def run_spider(
    spider: str, db: Path, spider_kwargs: dict[str, Any], overrides: dict[str, str] | None = None
) -> None:
    """Run one spider to completion (blocking)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.browser.passes import live_passes
    from crawler.spiders.live import LiveSpider
    from crawler.spiders.wayback import WaybackSpider

    spiders = {"live": LiveSpider, "wayback": WaybackSpider}
    if spider in ("frontier", "ingest"):  # scrapy-redis and redis-py: the `redis` extra
        from crawler.cluster.ingest_spider import IngestSpider
        from crawler.cluster.worker_spider import FrontierSpider

        spiders |= {"frontier": FrontierSpider, "ingest": IngestSpider}
    process = CrawlerProcess(crawl_settings(db, overrides))
    # (After CrawlerProcess, which reconfigures logging.) A robots.txt that cannot be fetched
    # is logged by Scrapy with a full traceback; the page's own fetch then fails or succeeds,
    # and its typed outcome is what the summary reports.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    if spider == "live":
        in_browser = lambda schemes: browser_crawl_settings(db, overrides, schemes)  # noqa: E731
        live_passes(process, spider_kwargs["policies"], in_browser, spider_kwargs.get("progress"))
    else:
        process.crawl(spiders[spider], **spider_kwargs)
    tune_for_crawl()
    process.start()


def browser_crawl_settings(db: Path, overrides: dict[str, str] | None, schemes: set[str]):
    """The crawl's settings with its downloads of URLs of `schemes` going through the
    browser."""
    from crawler.browser.chromium import find_chromium
    from crawler.browser.requests import browser_settings

    settings = crawl_settings(db, overrides)
    executable = find_chromium(settings.get("POLICYWATCH_CHROMIUM"))
    settings.setdict(browser_settings(executable, settings, schemes), priority="cmdline")
    return settings


@dataclass(frozen=True)
class CrawlResult:
    """What one live crawl did: its fetch_log rows, and the policies that got no result."""

    fetches: list[dict[str, Any]]
    missing: list[str]
    notices: list[str]  # FAILING / RECOVERED lines for policies whose streak turned
    added: dict[str, int]  # versions, changes and alertable changes it recorded
    warnings: list[str] = field(default_factory=list)  # said once, on standard error

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [row for row in self.fetches if not row["ok"]]

    @property
    def ok(self) -> list[dict[str, Any]]:
        return [row for row in self.fetches if row["ok"]]


# Workers fetch with Scrapy's own downloader only: a policy that needs a browser gets the
# typed `no-browser` outcome from a crawl shared through Redis.
NO_BROWSER_THROUGH_REDIS = "crawls shared through Redis (--redis) fetch without a browser"


def crawl_live(
    db: Path,
    policies: list[Policy],
    overrides: dict[str, str] | None,
    progress=None,
    redis_url: str | None = None,
) -> CrawlResult:
    """Fetch the live pages of `policies` into `db` (blocking; once per process), reporting
    each policy's outcome to `progress` (a crawler.wayback.progress.Progress) if given; with
    `redis_url`, `policywatch worker`s on any machine fetch them and this process records
    them."""
    settings = crawl_settings(db, overrides)
    if redis_url:
        no_browser = NO_BROWSER_THROUGH_REDIS
    else:
        no_browser = browser_problem(settings.get("POLICYWATCH_CHROMIUM"))
    store = open_database(db)
    described = spider_arguments(store, policies, no_browser)
    before, marks = store.last_fetch_id(), store.high_water_marks()
    store.close()
    try:
        if redis_url:
            from crawler.jobs.distributed import crawl_through_redis

            crawl_through_redis(redis_url, db, described, overrides)
        else:
            run_spider("live", db, {"policies": described, "progress": progress}, overrides)
    finally:
        if progress is not None:
            progress.close()
    store = open_database(db)
    fetches = store.fetches_after(before)
    notices = streak_notices(store, fetches, settings.getint("POLICYWATCH_FAILING_AFTER"))
    added = store.added_since(marks)
    store.close()
    missing = sorted({p.name for p in policies} - {row["policy"] for row in fetches})
    warnings = browser_warnings(policies, fetches, no_browser)
    return CrawlResult(fetches, missing, notices, added, warnings)


def browser_warnings(
    policies: list[Policy], fetches: list[dict[str, Any]], no_browser: str | None
) -> list[str]:
    """One line when `browser: auto` policies looked like pages that need a browser and
    none could run."""
    auto = {p.name for p in policies if p.browser == "auto"}
    wanting = [
        row["policy"]
        for row in fetches
        if row["policy"] in auto and browser_might_pass(row["outcome"], row["detail"] or "")
    ]
    if no_browser is None or not wanting:
        return []
    return [f"warning: {', '.join(wanting)} may need a browser to render, but {no_browser}"]
