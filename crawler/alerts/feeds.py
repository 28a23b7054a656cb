"""Feeds of policy changes: all changes, and per policy, organisation and tag.

Entries carry stable ids (`Alert.entry_id`), the change's dates, the section summary and the
diff excerpt as escaped HTML. A feed's date is its newest entry's, not the time of writing,
and unchanged files are not rewritten: a static web server then keeps answering conditional
requests with 304.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from html import escape
from pathlib import Path

from crawler.alerts.feed_xml import atom_feed, rss_feed
from crawler.alerts.model import Alert
from diffing.render_html import section_html
from diffing.render_parts import shown_sections

FORMATS = {"atom": atom_feed, "rss": rss_feed}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "unnamed"


def feed_key(
    policy: str | None = None,
    organisation: str | None = None,
    tag: str | None = None,
    topic: str | None = None,
):
    """The feed's name ('all', 'policy/NAME', 'organisation/SLUG', 'tag/SLUG', 'topic/ID'),
    a topic narrowing any of the others ('tag/health/topic/sharing')."""
    key = "all"
    for folder, value in (("policy", policy), ("organisation", organisation), ("tag", tag)):
        if value:
            key = f"{folder}/{slug(value)}"
            break
    if topic:
        return f"topic/{topic}" if key == "all" else f"{key}/topic/{topic}"
    return key


def about_topic(alerts: Iterable[Alert], topic: str | None) -> Iterator[Alert]:
    """The alerts with a changed section about `topic` (all of them without one)."""
    return (alert for alert in alerts if topic is None or topic in alert.topics)


def feeds_of(policy: str, organisation: str, tags) -> list[tuple[str, str]]:
    """(key, title) of every feed carrying a change to this policy."""
    return [
        ("all", "All policy changes"),
        (feed_key(policy=policy), f"Changes to {policy}"),
        (feed_key(organisation=organisation), f"{organisation}: changes"),
        *((feed_key(tag=tag), f"Policies tagged {tag}: changes") for tag in tags),
    ]


def feed_groups(
    alerts: list[Alert], limit: int | None = None
) -> dict[str, tuple[str, list[Alert]]]:
    """Feed key → (title, its first `limit` alerts), in the order given (newest first).

    The limit applies to each feed after grouping: taken before, a quiet policy's feed
    would lose entries to busier policies.
    """
    groups: dict[str, tuple[str, list[Alert]]] = {"all": ("All policy changes", [])}
    for alert in alerts:
        for key, title in feeds_of(alert.policy, alert.organisation, alert.tags):
            groups.setdefault(key, (title, []))[1].append(alert)
    return {key: (title, group[:limit]) for key, (title, group) in groups.items()}


def content_html(alert: Alert) -> str:
    """The entry body: kind, section summary, links and the diff excerpt (all escaped)."""
    sections = "\n".join(section_html(c, alert.diff.unit) for c in shown_sections(alert.diff))
    return (
        f"<p><b>{escape(alert.kind_label)}</b> · {escape(alert.section_summary())}</p>\n"
        f'<p><a href="{escape(alert.url, quote=True)}">live page</a> · '
        f'<a href="{escape(alert.wayback_link, quote=True)}">Wayback capture</a></p>\n'
        f"{sections}"
    )


def render_feed(
    fmt: str, key: str, title: str, alerts: list[Alert], base_url: str | None = None
) -> bytes:
    """The feed `key` as `fmt`; `base_url`: the public address of the feeds folder, if any."""
    content = {alert.to_version_id: content_html(alert) for alert in alerts}
    return FORMATS[fmt](key, title, alerts, content, base_url)


class FeedError(RuntimeError):
    """A feed that would not parse back: the old file is kept and the delivery fails."""


def checked(name: str, body: bytes) -> bytes:
    """`body` if it parses back as XML; a reader would otherwise reject the whole feed."""
    try:
        ET.fromstring(body)
    except ET.ParseError as error:
        raise FeedError(f"{name} would not parse back ({error}); kept the previous file") from None
    return body


def write_feeds(
    directory: Path,
    alerts: list[Alert],
    fmt: str,
    limit: int | None = None,
    base_url: str | None = None,
) -> list[Path]:
    """Write every feed (its newest `limit` entries) as KEY.FMT under `directory`; return the
    files whose content changed.

    Every feed is rendered and parsed back before any file is replaced, so a failure leaves
    all of them as they were.
    """
    bodies = {
        directory / f"{key}.{fmt}": checked(
            f"{key}.{fmt}", render_feed(fmt, key, title, group, base_url)
        )
        for key, (title, group) in feed_groups(alerts, limit).items()
    }
    return [path for path, body in bodies.items() if replace_if_changed(path, body)]


def replace_if_changed(path: Path, body: bytes) -> bool:
    """Write `body` to `path` at once (never half a feed), unless it holds it already."""
    if path.exists() and path.read_bytes() == body:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(body)
    tmp.replace(path)  # readers never see half a feed
    return True
