"""Feed documents: Atom (RFC 4287) and RSS 2.0, built with ElementTree (which escapes
every text and attribute, so policy text can never become markup in the feed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import format_datetime

from crawler.alerts.model import Alert

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


def atom_feed(key: str, title: str, alerts: list[Alert], content: dict[int, str]) -> bytes:
    """An Atom feed; `content` maps each alert's to_version_id to its entry HTML."""
    feed = ET.Element(f"{{{ATOM}}}feed")

    def atom(parent: ET.Element, tag: str, text: str | None = None, **attributes: str):
        return add(parent, f"{{{ATOM}}}{tag}", text, **attributes)

    atom(feed, "id", FEED_ID_PREFIX + key)
    atom(feed, "title", title)
    atom(feed, "updated", max((a.changed_at for a in alerts), default=EPOCH))
    atom(atom(feed, "author"), "name", "policywatch")
    atom(feed, "generator", "policywatch")
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


def rss_feed(key: str, title: str, alerts: list[Alert], content: dict[int, str]) -> bytes:
    """The same entries as RSS 2.0, for readers and tools that only take RSS."""
    rss = ET.Element("rss", version="2.0")
    channel = add(rss, "channel")
    add(channel, "title", title)
    # RSS requires a channel link; the policy page when the feed is about one policy.
    add(channel, "link", alerts[0].url if key.startswith("policy/") and alerts else "")
    add(channel, "description", f"policywatch: {title}")
    add(channel, "lastBuildDate", rfc822(max((a.changed_at for a in alerts), default=EPOCH)))
    add(channel, "generator", "policywatch")
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
