"""A crawl's browser tabs, each loading one policy after another.

Opening a tab costs Chromium more than loading a policy in it, so a crawl opens at most
POLICYWATCH_BROWSER_PAGES tabs and chains its browser requests through them (scrapy-playwright's
`playwright_include_page` and `playwright_page`): when a tab's policy is done, the tab loads the
next one waiting. A tab whose fetch failed is closed (it may have crashed or hung) and the next
policy gets a new one; so is a tab that has loaded POLICIES_PER_TAB policies, as its renderer's
memory grows with every page it loads.
"""

from __future__ import annotations

from collections import deque
from itertools import chain, zip_longest
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

POLICIES_PER_TAB = 10


def interleave_hosts(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`policies` taking their hosts in turn: a tab whose next policy's host is still in its
    politeness delay waits for it, so the tabs' next policies are on different hosts."""
    by_host: dict[str | None, list[dict[str, Any]]] = {}
    for policy in policies:
        by_host.setdefault(urlsplit(policy["url"]).hostname, []).append(policy)
    rounds = zip_longest(*by_host.values())
    return [policy for policy in chain.from_iterable(rounds) if policy is not None]


class Tabs:
    """The browser policies waiting for a tab."""

    def __init__(self, policies: list[dict[str, Any]], tabs: int):
        self.waiting = deque(interleave_hosts(policies))
        self.tabs = max(1, tabs)
        self.loaded: WeakKeyDictionary[Any, int] = WeakKeyDictionary()

    def first(self) -> list[dict[str, Any]]:
        """The policies the tabs start with, one a tab."""
        return [self.waiting.popleft() for _ in range(min(self.tabs, len(self.waiting)))]

    async def next(self, page, reusable: bool) -> tuple[dict[str, Any] | None, Any]:
        """A tab is free: the policy it loads next (None when none is waiting) and the page to
        load it in (None: a new one). `page` is closed unless it is `reusable`, wanted, and has
        loaded fewer than POLICIES_PER_TAB policies."""
        policy = self.waiting.popleft() if self.waiting else None
        if page is not None:
            self.loaded[page] = self.loaded.get(page, 0) + 1
        if page is not None and not (
            reusable and policy is not None and self.loaded[page] < POLICIES_PER_TAB
        ):
            if not page.is_closed():
                await page.close()
            page = None
        return policy, page
