"""Undo the Wayback Machine's view-mode decoration if a non-`id_` page reaches us.

The back-fill asks for raw `id_` captures, but a redirect can land on a decorated page. The
extractor already drops the toolbar (a chrome rule) and unwraps links to web.archive.org, but
not links rewritten onto another archive base (POLICYWATCH_WAYBACK_URL), and the stored body
should be the archived page, not the archive's additions. Shapes from the real replay
recorded in ../shared/corpus/wayback (test_get_memento_with_mode).
"""

from __future__ import annotations

import re

from crawler.items import Capture

TOOLBAR = re.compile(
    rb"<!-- BEGIN WAYBACK TOOLBAR INSERT -->.*?<!-- END WAYBACK TOOLBAR INSERT -->\s*", re.S
)
HEAD_INSERT = re.compile(
    rb"<script[^>]*bundle-playback\.js.*?<!-- End Wayback Rewrite JS Include -->\s*", re.S
)
TRAILER = re.compile(rb"<!--\s*FILE ARCHIVED ON .*?-->\s*", re.S)
MARKERS = (b"<!-- BEGIN WAYBACK TOOLBAR INSERT -->", b"End Wayback Rewrite JS Include")


def rewritten_link(base: str) -> re.Pattern[bytes]:
    """`[base]/web/<timestamp>[xx_]/` as put in front of every link by view mode."""
    origins = {re.escape(b) for b in (base.rstrip("/"), "https://web.archive.org")}
    origins |= {re.escape("http://web.archive.org")}
    prefix = "(?:" + "|".join(sorted(origins)) + ")?"
    return re.compile((prefix + r"/web/\d{1,14}(?:[a-z]{2}_)?/(?=[a-zA-Z]+:)").encode())


def strip_wayback_decoration(body: bytes, base: str) -> bytes:
    """The archived page without the toolbar, replay scripts, trailer and link rewriting."""
    if not any(marker in body for marker in MARKERS):
        return body
    for pattern in (TOOLBAR, HEAD_INSERT, TRAILER):
        body = pattern.sub(b"", body)
    return rewritten_link(base).sub(b"", body)


class WaybackCleanupPipeline:
    """Strips view-mode decoration from Wayback captures before extraction."""

    def __init__(self, base: str):
        self.base = base

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("POLICYWATCH_WAYBACK_URL"))

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.source == "wayback" and item.body:
            item.body = strip_wayback_decoration(item.body, self.base)
        return item
