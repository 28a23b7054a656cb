"""The order in which a crawl's browser tabs take their policies."""

from __future__ import annotations

from crawler.browser.tabs import interleave_hosts


def named(*urls: str) -> list[dict]:
    return [{"name": f"p{n}", "url": url} for n, url in enumerate(urls)]


def test_policies_take_their_hosts_in_turn_keeping_each_hosts_order():
    policies = named(
        "https://a.example/privacy",
        "https://a.example/cookies",
        "https://a.example/terms",
        "https://b.example/privacy",
        "https://c.example/privacy",
        "https://b.example/cookies",
    )

    order = [p["name"] for p in interleave_hosts(policies)]

    assert order == ["p0", "p3", "p4", "p1", "p5", "p2"]


def test_one_host_keeps_the_watch_lists_order():
    policies = named(*(f"https://a.example/{n}" for n in range(4)))
    assert interleave_hosts(policies) == policies
