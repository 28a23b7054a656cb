"""What happens to a page in the browser, for a crawl and for `extract --browser` alike:
heavy resources refused, the network left to settle, then the policy's `browser_actions`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from crawler.browser.actions import ACTION_KINDS
from crawler.redirect_guard import internal_address

# Text is all a policy needs; pictures, fonts and video only cost time and memory.
BLOCKED_RESOURCE_TYPES = frozenset({"image", "font", "media"})
# The page has settled when no request has been in flight for this long: scripts that fetch
# the policy's sections start their requests within a few milliseconds of the last answer.
QUIET_SECONDS = 0.1
POLL_SECONDS = 0.02
# Resolves once the page's tasks queued before it have run.
TURN = "() => new Promise(resolve => setTimeout(resolve, 0))"
# What Playwright says when the page navigated away under an evaluation.
NAVIGATED = "Execution context was destroyed"

Step = Callable[[Any], Awaitable[None]]


class PageTimeout(Exception):
    """The page did not settle (requests still in flight) within the per-page timeout."""


async def should_abort(request) -> bool:
    """Refuse images, fonts and media, and anything on another host than the page's that is
    an internal address (scrapy-playwright's PLAYWRIGHT_ABORT_REQUEST): a public page's
    scripts and frames must not make the crawler read, and store, an internal service's
    answer, as Scrapy's redirects may not (crawler/redirect_guard.py). Playwright routes no
    redirect, so the page's own redirects are checked once it has loaded (spiders/live.py)."""
    if request.resource_type in BLOCKED_RESOURCE_TYPES:
        return True
    return await internal_address(request.url, page_host(first_request(request))) is not None


def first_request(request):
    """The request that started `request`'s chain of redirects."""
    while request.redirected_from is not None:
        request = request.redirected_from
    return request


def page_host(first) -> str | None:
    """The host of the page a chain of requests starting with `first` belongs to: the watched
    URL's for the page's own navigation and its redirects, else the host of the page its
    frame shows."""
    frame = first.frame
    if first.is_navigation_request() and frame.parent_frame is None:
        return urlsplit(first.url).hostname
    return urlsplit(frame.page.main_frame.url).hostname


class Network:
    """Counts a page's requests in flight, and when that count last changed."""

    def __init__(self, page, timeout_seconds: float):
        self.restart(timeout_seconds)
        page.on("request", self.started)
        page.on("requestfinished", self.ended)
        page.on("requestfailed", self.ended)

    def restart(self, timeout_seconds: float) -> None:
        """Start counting afresh for the next URL the page loads, with its own timeout."""
        self.deadline = time.monotonic() + timeout_seconds
        self.timeout_seconds = timeout_seconds
        self.in_flight: set[Any] = set()
        self.changed = time.monotonic()

    def started(self, request) -> None:
        self.in_flight.add(request)
        self.changed = time.monotonic()

    def ended(self, request) -> None:
        self.in_flight.discard(request)
        self.changed = time.monotonic()

    async def quiet(self, page) -> None:
        from playwright.async_api import Error as PlaywrightError

        while True:
            left = self.deadline - time.monotonic()
            try:
                if left <= 0:
                    raise TimeoutError
                # Let the page's own event loop take a turn first: a response that has arrived
                # reaches its script, and Playwright's events sent before it reach us. Bounded:
                # a script stuck in a loop never answers.
                await asyncio.wait_for(page.evaluate(TURN), left)
            except TimeoutError:
                raise self.timed_out() from None
            except PlaywrightError as error:
                if NAVIGATED not in str(error):
                    raise
                self.changed = time.monotonic()  # a meta refresh or a script moved the page on
            if not self.in_flight and not self.recently_changed():
                return
            await asyncio.sleep(POLL_SECONDS)

    def timed_out(self) -> PageTimeout:
        waiting = next(iter(self.in_flight), None)
        return PageTimeout(
            f"the page did not settle within {self.timeout_seconds:g} s"
            + (f" (still loading {waiting.url[:200]})" if waiting else "")
        )

    def recently_changed(self) -> bool:
        return time.monotonic() - self.changed < QUIET_SECONDS


_networks: WeakKeyDictionary[Any, Network] = WeakKeyDictionary()


def prepare_page(page, timeout_seconds: float) -> None:
    """Bound every wait on `page` by the per-page timeout and start watching its network,
    before each URL it loads (a crawl's pages load one policy after another)."""
    page.set_default_timeout(timeout_seconds * 1000)
    if (network := _networks.get(page)) is not None:
        network.restart(timeout_seconds)  # not a second set of listeners on the same page
    else:
        _networks[page] = Network(page, timeout_seconds)


async def settle(page) -> None:
    """Wait until the page's scripts have stopped loading things (bounded by its timeout)."""
    network = _networks.get(page)
    if network is not None:
        await network.quiet(page)


async def click(page, selector: str) -> None:
    await page.click(selector)


async def wait_for(page, selector: str) -> None:
    await page.wait_for_selector(selector)


ACTIONS: dict[str, Callable[[Any, str], Awaitable[None]]] = {"click": click, "wait_for": wait_for}
assert set(ACTIONS) == set(ACTION_KINDS)


def page_steps(actions: list[dict[str, str]]) -> list[Step]:
    """What to do once the page has loaded: settle, then each action followed by a settle
    (a click often fetches the text it reveals)."""
    steps: list[Step] = [settle]
    for action in actions:
        ((kind, selector),) = action.items()
        steps += [partial(ACTIONS[kind], selector=selector), settle]
    return steps
