"""Which fetcher each policy of a live crawl starts with, from its `browser` field, what the
last crawls learnt about its page, and whether a browser is installed."""

from __future__ import annotations

from typing import Any


def fetch_plan(mode: str, remembered: bool, browser_problem: str | None) -> dict[str, Any]:
    """How to fetch a policy whose watch-list `browser` is `mode` ("auto", "always", "never").

    `remembered`: its page needed the browser last time; `browser_problem`: why no browser can
    run here, None when one can. The keys go into the live spider's policy arguments.
    """
    if mode == "never":
        return {"fetch_with": "http", "browser_fallback": False}
    if browser_problem is not None:
        if mode == "always":
            return {"fetch_with": "no-browser", "no_browser": browser_problem}
        return {"fetch_with": "http", "browser_fallback": False}
    if mode == "always" or remembered:
        return {"fetch_with": "browser", "browser_fallback": False}
    return {"fetch_with": "http", "browser_fallback": True}
