"""When a plain fetch's failure is one a browser can get past: a JavaScript shell, an empty
extraction, or a bot wall that lets a real browser through."""

from __future__ import annotations

from crawler.items import Capture

BROWSER_PASSABLE = frozenset({"empty-extraction", "bot-wall"})
# The only `not-a-policy` a browser can change: a login page or a "page not found" stays one.
JAVASCRIPT_SHELL = "needs JavaScript"


def browser_might_pass(outcome: str | None, detail: str) -> bool:
    """Could rendering the page in a browser turn this failed fetch into a policy?"""
    if outcome == "not-a-policy":
        return JAVASCRIPT_SHELL in detail
    return outcome in BROWSER_PASSABLE


def retry_in_browser(item: Capture, exception: Exception) -> bool:
    """Is this dropped capture a plain fetch that the crawl fetches again in the browser?"""
    return (
        item.browser_fallback
        and item.fetched_with == "http"
        and browser_might_pass(getattr(exception, "outcome", None), str(exception))
    )
