"""Feed documents, Atom (RFC 4287) and RSS 2.0, written by feedgen (through lxml, which escapes
every text and attribute, so policy text can never become markup in the feed).

A feed's dates are its newest entry's, never the time of writing, so an unchanged feed is
byte-for-byte the same file. With the public address the feeds are served from (`base_url`),
each feed links to itself (`rel="self"`), as feed validators ask.
"""

from __future__ import annotations

from feedgen.feed import FeedGenerator

from crawler.alerts.model import Alert
from crawler.settings import POLICYWATCH_CONTACT_URL

FEED_ID_PREFIX = "urn:policywatch:feed:"
EPOCH = "1970-01-01T00:00:00Z"


def feed_url(base_url: str | None, key: str, fmt: str) -> str | None:
    """Where the feed `key` is served, given the address of the feeds folder."""
    return f"{base_url.rstrip('/')}/{key}.{fmt}" if base_url else None


def channel_link(key: str, alerts: list[Alert], own_url: str | None) -> str:
    """The page a feed is about: the policy's for a one-policy feed, else the feed's own
    address, else policywatch's (RSS requires one)."""
    if key.startswith("policy/") and alerts:
        return alerts[0].url
    return own_url or POLICYWATCH_CONTACT_URL


def build_feed(
    fmt: str, key: str, title: str, alerts: list[Alert], content: dict[int, str], base_url=None
) -> bytes:
    """The feed `key` in `fmt` ("atom" or "rss"); `content` maps each alert's to_version_id
    to its entry HTML."""
    own_url = feed_url(base_url, key, fmt)
    updated = max((a.changed_at for a in alerts), default=EPOCH)
    feed = FeedGenerator()
    feed.id(FEED_ID_PREFIX + key)
    feed.title(title)
    feed.description(f"policywatch: {title}")
    feed.author(name="policywatch")
    feed.generator("policywatch")
    feed.updated(updated)
    feed.lastBuildDate(updated)
    if own_url:
        feed.link(href=own_url, rel="self")
    feed.link(href=channel_link(key, alerts, own_url), rel="alternate")
    for alert in alerts:
        entry = feed.add_entry(order="append")
        entry.id(alert.entry_id)
        entry.guid(alert.entry_id, permalink=False)
        entry.title(f"{alert.policy}: {alert.kind_label}")
        entry.updated(alert.changed_at)
        entry.link(href=alert.url, rel="alternate")
        for tag in alert.tags:
            entry.category(term=tag)
        if fmt == "atom":
            entry.published(alert.detected_at)
            entry.author(name=alert.organisation)
            entry.link(href=alert.wayback_link, rel="related", title="Wayback capture")
            entry.summary(alert.section_summary())
            entry.content(content[alert.to_version_id], type="html")
        else:
            entry.pubDate(alert.changed_at)
            entry.description(content[alert.to_version_id])
    if fmt == "atom":
        return feed.atom_str(pretty=True) + b"\n"
    return feed.rss_str(pretty=True) + b"\n"
