"""Feed documents: Atom (RFC 4287) and RSS 2.0, built with ElementTree (which escapes
every text and attribute, so policy text can never become markup in the feed).

Not feedgen: its 1.0 release writes an entry's links with their `href` alone (python-feedgen
issue 135, open), so each entry's Wayback link (`rel="related"`) would become a second
`alternate` link, the one readers open. With the public address the feeds are served from
(`base_url`), each feed links to itself (`rel="self"`), as feed validators ask.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import format_datetime

from crawler.alerts.model import Alert
from crawler.settings import POLICYWATCH_CONTACT_URL

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID_PREFIX = "urn:policywatch:feed:"
EPOCH = "1970-01-01T00:00:00Z"
ET.register_namespace("", ATOM)


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def document(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atom(parent: ET.Element, tag: str, text: str | None = None, **attributes: str):
    """An Atom element (in the Atom namespace) under `parent`."""
    return add(parent, f"{{{ATOM}}}{tag}", text, **attributes)


def feed_url(base_url: str | None, key: str, fmt: str) -> str | None:
    """Where the feed `key` is served, given the address of the feeds folder."""
    return f"{base_url.rstrip('/')}/{key}.{fmt}" if base_url else None


def atom_head(
    key: str, title: str, updated: str, own_url: str | None = None, about: str | None = None
) -> ET.Element:
    """An Atom feed element with its id, title, date, author, generator and links (`own_url`:
    where it is served; `about`: the page it is about)."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    atom(feed, "id", FEED_ID_PREFIX + key)
    atom(feed, "title", title)
    atom(feed, "updated", updated)
    atom(atom(feed, "author"), "name", "policywatch")
    atom(feed, "generator", "policywatch")
    if own_url:
        atom(feed, "link", rel="self", href=own_url)
    if about:
        atom(feed, "link", rel="alternate", href=about)
    return feed


def rss_head(
    title: str, link: str | None, updated: str, own_url: str | None = None
) -> tuple[ET.Element, ET.Element]:
    """An RSS document and its channel, with title, link, description and date. RSS requires
    a channel link: `link`, else the feed's own address, else policywatch's."""
    # The atom: prefix spelled out: ElementTree gives Atom's namespace the default prefix,
    # which here would claim RSS's own elements for Atom.
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM})
    channel = add(rss, "channel")
    add(channel, "title", title)
    add(channel, "link", link or own_url or POLICYWATCH_CONTACT_URL)
    if own_url:
        add(channel, "atom:link", rel="self", href=own_url, type="application/rss+xml")
    add(channel, "description", f"policywatch: {title}")
    add(channel, "lastBuildDate", rfc822(updated))
    add(channel, "generator", "policywatch")
    return rss, channel


def policy_page(key: str, alerts: list[Alert]) -> str | None:
    """The page a one-policy feed is about."""
    return alerts[0].url if key.startswith("policy/") and alerts else None


def atom_feed(
    key: str, title: str, alerts: list[Alert], content: dict[int, str], base_url=None
) -> bytes:
    """An Atom feed; `content` maps each alert's to_version_id to its entry HTML."""
    updated = max((a.changed_at for a in alerts), default=EPOCH)
    own_url = feed_url(base_url, key, "atom")
    feed = atom_head(key, title, updated, own_url, policy_page(key, alerts))
    for alert in alerts:
        entry = atom(feed, "entry")
        atom(entry, "id", alert.entry_id)
        atom(entry, "title", f"{alert.policy}: {alert.kind_label}")
        atom(entry, "updated", alert.changed_at)
        atom(entry, "published", alert.detected_at)
        atom(atom(entry, "author"), "name", alert.organisation)
        atom(entry, "link", rel="alternate", href=alert.url)
        atom(entry, "link", rel="related", href=alert.wayback_link, title="Wayback capture")
        for tag in alert.tags:
            atom(entry, "category", term=tag)
        summary = f"{alert.changed_between.capitalize()}. {alert.section_summary()}"
        atom(entry, "summary", summary, type="text")
        atom(entry, "content", content[alert.to_version_id], type="html")
    return document(feed)


def rfc822(stamp: str) -> str:
    return format_datetime(datetime.fromisoformat(stamp.replace("Z", "+00:00")))


def rss_feed(
    key: str, title: str, alerts: list[Alert], content: dict[int, str], base_url=None
) -> bytes:
    """The same entries as RSS 2.0, for readers and tools that only take RSS."""
    updated = max((a.changed_at for a in alerts), default=EPOCH)
    own_url = feed_url(base_url, key, "rss")
    rss, channel = rss_head(title, policy_page(key, alerts), updated, own_url)
    for alert in alerts:
        item = add(channel, "item")
        add(item, "title", f"{alert.policy}: {alert.kind_label}")
        add(item, "link", alert.url)
        add(item, "guid", alert.entry_id, isPermaLink="false")
        add(item, "pubDate", rfc822(alert.changed_at))
        for tag in alert.tags:
            add(item, "category", tag)
        add(item, "description", content[alert.to_version_id])
    return document(rss)
