"""The failures feed (`failures.atom` / `failures.rss`): policies failing run after run, and
working again, newest first, next to the change feeds."""

from __future__ import annotations

from pathlib import Path

from crawler.alerts.feed_xml import EPOCH, add, atom, atom_head, document, rfc822, rss_head
from crawler.alerts.feeds import checked, replace_if_changed
from crawler.alerts.notices import Notice

KEY = "failures"
TITLE = "Policies failing, and working again"


def summary(notice: Notice) -> str:
    return f"{notice.text}. {notice.advice}".rstrip(". ") + "."


def atom_notices(notices: list[Notice]) -> bytes:
    feed = atom_head(KEY, TITLE, max((n.fetched_at for n in notices), default=EPOCH))
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
    rss, channel = rss_head(TITLE, None, max((n.fetched_at for n in notices), default=EPOCH))
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
