"""The failures feed (`failures.atom` / `failures.rss`): policies failing run after run, and
working again, newest first, next to the change feeds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from crawler.alerts.feed_xml import ATOM, EPOCH, FEED_ID_PREFIX, add, document, rfc822
from crawler.alerts.feeds import checked, replace_if_changed
from crawler.alerts.notices import Notice

KEY = "failures"
TITLE = "Policies failing, and working again"


def summary(notice: Notice) -> str:
    return f"{notice.text}. {notice.advice}".rstrip(". ") + "."


def atom_notices(notices: list[Notice]) -> bytes:
    feed = ET.Element(f"{{{ATOM}}}feed")

    def atom(parent: ET.Element, tag: str, text: str | None = None, **attributes: str):
        return add(parent, f"{{{ATOM}}}{tag}", text, **attributes)

    atom(feed, "id", FEED_ID_PREFIX + KEY)
    atom(feed, "title", TITLE)
    atom(feed, "updated", max((n.fetched_at for n in notices), default=EPOCH))
    atom(atom(feed, "author"), "name", "policywatch")
    atom(feed, "generator", "policywatch")
    for notice in notices:
        entry = atom(feed, "entry")
        atom(entry, "id", notice.entry_id)
        atom(entry, "title", notice.text)
        atom(entry, "updated", notice.fetched_at)
        atom(atom(entry, "author"), "name", notice.organisation)
        atom(entry, "link", rel="alternate", href=notice.url)
        atom(entry, "category", term=notice.kind)
        atom(entry, "summary", summary(notice), type="text")
    return document(feed)


def rss_notices(notices: list[Notice]) -> bytes:
    rss = ET.Element("rss", version="2.0")
    channel = add(rss, "channel")
    add(channel, "title", TITLE)
    add(channel, "link", "")
    add(channel, "description", f"policywatch: {TITLE.lower()}")
    add(channel, "lastBuildDate", rfc822(max((n.fetched_at for n in notices), default=EPOCH)))
    add(channel, "generator", "policywatch")
    for notice in notices:
        item = add(channel, "item")
        add(item, "title", notice.text)
        add(item, "link", notice.url)
        add(item, "guid", notice.entry_id, isPermaLink="false")
        add(item, "pubDate", rfc822(notice.fetched_at))
        add(item, "category", notice.kind)
        add(item, "description", summary(notice))
    return document(rss)


RENDER = {"atom": atom_notices, "rss": rss_notices}


def write_notice_feed(directory: Path, notices: list[Notice], fmt: str) -> bool:
    """Write failures.FMT under `directory` (checked to parse back first); True if it changed."""
    name = f"{KEY}.{fmt}"
    return replace_if_changed(directory / name, checked(name, RENDER[fmt](notices)))
