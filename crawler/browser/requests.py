"""The Scrapy side of a browser fetch: the request meta scrapy-playwright reads, and the
settings of a crawl whose downloads may go through the browser."""

from __future__ import annotations

from typing import Any

from crawler.browser.chromium import launch_options
from crawler.browser.page import page_steps, prepare_page

PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


async def init_page(page, request) -> None:
    """scrapy-playwright's page init callback: runs before the page navigates, a reused
    page's too (the pinned scrapy-playwright calls it before every download)."""
    prepare_page(page, request.meta["policywatch_browser_timeout"])


def browser_meta(
    actions: list[dict[str, str]], user_agent: str, timeout: float, page: Any = None
) -> dict:
    """Meta that sends one request through the browser (its page pool, our User-Agent), in
    `page` when given (a tab of the crawl's, crawler/browser/tabs.py), else in a new one; the
    page is handed on in the response's meta rather than closed."""
    from scrapy_playwright.page import PageMethod

    return {
        "playwright": True,
        "playwright_include_page": True,
        **({"playwright_page": page} if page is not None else {}),
        # The page's own scripts see the same User-Agent its server does.
        "playwright_context_kwargs": {"user_agent": user_agent, "service_workers": "block"},
        "playwright_page_init_callback": init_page,
        "playwright_page_methods": [PageMethod(step) for step in page_steps(actions)],
        "policywatch_browser_timeout": timeout,
    }


def browser_settings(executable: str, settings: Any, schemes: set[str]) -> dict[str, Any]:
    """What turns a crawl's settings into a browser crawl's: scrapy-playwright as the download
    handler (it starts Playwright's driver, so only crawls that need it get it), one Chromium
    with a small pool of pages, heavy resources refused, a per-page timeout.

    Scrapy builds one handler per scheme, each with its own driver and browser: only the
    `schemes` the crawl's pages use get one (nearly always https alone).
    """
    timeout = settings.getfloat("POLICYWATCH_BROWSER_TIMEOUT")
    return {
        "DOWNLOAD_HANDLERS": {scheme: PLAYWRIGHT_HANDLER for scheme in sorted(schemes)},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch_options(executable, timeout),
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("POLICYWATCH_BROWSER_PAGES"),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout * 1000,
        "PLAYWRIGHT_ABORT_REQUEST": "crawler.browser.page.should_abort",
    }
