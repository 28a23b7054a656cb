"""Atom feeds of policy changes: all changes, and per policy, organisation and tag.

Entries carry stable ids (`Alert.entry_id`), the change's dates, the section summary and the
diff excerpt as escaped HTML. A feed's `updated` is its newest entry's date, not the time of
writing, and unchanged files are not rewritten: a static web server then keeps answering
conditional requests with 304.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

from crawler.alerts.model import Alert
from diffing.render_html import section_html
from diffing.render_parts import shown_sections

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID_PREFIX = "urn:policywatch:feed:"
ET.register_namespace("", ATOM)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "unnamed"


def feed_groups(alerts: list[Alert]) -> dict[str, tuple[str, list[Alert]]]:
    """Feed file path (relative) → (title, its alerts), alerts kept newest first."""
    groups: dict[str, tuple[str, list[Alert]]] = {"all.atom": ("All policy changes", [])}
    for alert in alerts:
        groups["all.atom"][1].append(alert)
        keys = [
            (f"policy/{slug(alert.policy)}.atom", f"Changes to {alert.policy}"),
            (f"organisation/{slug(alert.organisation)}.atom", f"{alert.organisation}: changes"),
            *((f"tag/{slug(tag)}.atom", f"Policies tagged {tag}: changes") for tag in alert.tags),
        ]
        for path, title in keys:
            groups.setdefault(path, (title, []))[1].append(alert)
    return groups


def content_html(alert: Alert) -> str:
    """The entry body: kind, section summary, links and the diff excerpt (all escaped)."""
    sections = "\n".join(section_html(c, alert.diff.unit) for c in shown_sections(alert.diff))
    return (
        f"<p><b>{escape(alert.kind_label)}</b> · {escape(alert.section_summary())}</p>\n"
        f'<p><a href="{escape(alert.url, quote=True)}">live page</a> · '
        f'<a href="{escape(alert.wayback_link, quote=True)}">Wayback capture</a></p>\n'
        f"{sections}"
    )


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def atom_feed(path: str, title: str, alerts: list[Alert]) -> bytes:
    """One Atom document (RFC 4287); ElementTree escapes every text and attribute."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "id", FEED_ID_PREFIX + path.removesuffix(".atom"))
    add(feed, "title", title)
    add(feed, "updated", max((a.changed_at for a in alerts), default="1970-01-01T00:00:00Z"))
    add(add(feed, "author"), "name", "policywatch")
    add(feed, "generator", "policywatch")
    for alert in alerts:
        entry = add(feed, "entry")
        add(entry, "id", alert.entry_id)
        add(entry, "title", f"{alert.policy}: {alert.kind_label}")
        add(entry, "updated", alert.changed_at)
        add(entry, "published", alert.detected_at)
        add(add(entry, "author"), "name", alert.organisation)
        add(entry, "link", rel="alternate", href=alert.url)
        add(entry, "link", rel="related", href=alert.wayback_link, title="Wayback capture")
        for tag in alert.tags:
            add(entry, "category", term=tag)
        add(entry, "summary", alert.section_summary(), type="text")
        add(entry, "content", content_html(alert), type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feeds(directory: Path, alerts: list[Alert]) -> list[Path]:
    """Write every feed under `directory`; return the files whose content changed."""
    written = []
    for relative, (title, group) in feed_groups(alerts).items():
        path = directory / relative
        body = atom_feed(relative, title, group)
        if path.exists() and path.read_bytes() == body:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(body)
        tmp.replace(path)  # readers never see half a feed
        written.append(path)
    return written
