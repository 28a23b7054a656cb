"""`policywatch demo`: the whole loop offline, on a fictional clinic's policy pages.

A local Wayback-compatible archive holds the policy's 2023 and 2025 editions, captured over
three years; the demo back-fills them, then serves edition 2025 live, crawls it, publishes
edition 2026 (a section edited, one added, one moved, the date changed), crawls again and
shows the history and the diff.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from crawler.config import watchlist
from crawler.sandbox.siteserver import Page, SiteServer
from crawler.sandbox.wayback import ArchiveStore, WaybackServer

# What the archive captured, and when: the 2023 edition twice, then the 2025 one.
ARCHIVED = (
    ("20230620101500", "policy-2023.html"),
    ("20240115083000", "policy-2023.html"),
    ("20250310120000", "policy-2025.html"),
)
EDITIONS = ("policy-2025.html", "policy-2026.html")
# Loopback needs no politeness delay; everything else stays as configured.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False"]
FAST_WAYBACK = [
    "-s",
    "POLICYWATCH_WAYBACK_CDX_INTERVAL=0",
    "-s",
    "POLICYWATCH_WAYBACK_CAPTURE_INTERVAL=0",
]


def demo_page(edition: str) -> bytes:
    """The demo site's privacy page: its chrome around one edition of the policy."""
    folder = resources.files("crawler.sandbox") / "demo_site"
    chrome = (folder / "chrome.html").read_text(encoding="utf-8")
    policy = (folder / edition).read_text(encoding="utf-8")
    return chrome.replace("{policy}", policy).encode("utf-8")


def policywatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "crawler", *args]


def run_demo(workdir: Path, echo: Callable[[str], None]) -> int:
    """Run the demo in `workdir` (its own database and watch list); return an exit status."""
    workdir.mkdir(parents=True, exist_ok=True)
    db, watch = workdir / "demo.db", workdir / "demo-policies.yaml"
    for stale in workdir.glob("demo.db*"):
        stale.unlink()
    archive = ArchiveStore()
    site = SiteServer({"/legal/privacy": Page(demo_page(EDITIONS[0]))})
    with site, WaybackServer(archive) as wayback:
        url = site.url("/legal/privacy")
        for timestamp, edition in ARCHIVED:
            archive.add_capture(url, timestamp, demo_page(edition))
        policy = watchlist.Policy(
            name="larkspur-privacy", url=url, organisation="Larkspur Health (fictional)"
        )
        watchlist.save(watch, [policy])
        common = ["--db", str(db), "--watchlist", str(watch)]
        echo(f"\n== back-fill: the local Wayback archive at {wayback.base_url} has 3 captures")
        archive_url = ["-s", f"POLICYWATCH_WAYBACK_URL={wayback.base_url}"]
        status = subprocess.call(policywatch("backfill", *common, *FAST_WAYBACK, *archive_url))
        if status:
            return status
        for step, edition in enumerate(EDITIONS, start=1):
            site.pages["/legal/privacy"] = Page(demo_page(edition))
            echo(f"\n== crawl {step}: the site serves {edition}")
            status = subprocess.call(policywatch("crawl", *common, *FAST))
            if status:
                return status
    echo("\n== policywatch history larkspur-privacy")
    subprocess.call(policywatch("history", "larkspur-privacy", "--db", str(db)))
    echo("\n== policywatch diff larkspur-privacy")
    subprocess.call(policywatch("diff", "larkspur-privacy", "--db", str(db)))
    echo(
        f"\nThe demo database is {db}: try `policywatch diff larkspur-privacy --db {db} "
        "--format html`."
    )
    return 0
