"""A live crawl in two passes: Scrapy's own downloader first, then, only when some policy
needs it, a second crawl whose downloads go through the browser.

Installing scrapy-playwright's download handler starts Playwright's Node driver (some
200 MiB) whether or not a request uses it, so a crawl where no page needs a browser never
installs it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from twisted.internet.defer import inlineCallbacks

from crawler.spiders.live import LiveSpider


@inlineCallbacks
def live_passes(
    process: CrawlerProcess,
    policies: list[dict[str, Any]],
    browser_settings: Callable[[set[str]], Settings],
    progress=None,
):
    """Crawl `policies` plainly, then in the browser those planned for it and those whose
    plain fetch turned out to need it (`browser_settings(schemes)`: the settings of a crawl
    fetching URLs of those schemes in the browser; `progress`: told of each policy's outcome).
    Add to `process` before its start()."""
    plain = [p for p in policies if p.get("fetch_with") != "browser"]
    in_browser = [p for p in policies if p.get("fetch_with") == "browser"]
    if plain:
        crawler = process.create_crawler(LiveSpider)
        yield process.crawl(crawler, policies=plain, progress=progress)
        if crawler.stats.get_value("finish_reason") != "finished":
            return  # stopped (SIGTERM, Ctrl-C): no second pass
        retry = set(crawler.spider.browser_retries)
        in_browser += [{**p, "fetch_with": "browser"} for p in plain if p["id"] in retry]
    if in_browser:
        # The process's join() waits for this crawl too: it is added before the first
        # crawl's completion reaches join().
        schemes = {urlsplit(p["url"]).scheme for p in in_browser}
        # init_reactor: this may be the process's first crawl (installing it again is a no-op).
        crawler = Crawler(LiveSpider, browser_settings(schemes), init_reactor=True)
        yield process.crawl(crawler, policies=in_browser, progress=progress)
