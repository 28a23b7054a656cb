"""`policywatch demo`: the whole loop offline, on a fictional clinic's policy pages.

It serves edition 2025 of the policy on loopback, crawls it, publishes edition 2026 (a
section edited, one added, one moved, the date changed), crawls again and shows the diff.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from crawler import watchlist
from crawler.siteserver import Page, SiteServer

EDITIONS = ("policy-2025.html", "policy-2026.html")
# Loopback needs no politeness delay; everything else stays as configured.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False"]


def demo_page(edition: str) -> bytes:
    """The demo site's privacy page: its chrome around one edition of the policy."""
    folder = resources.files("crawler") / "demo_site"
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
    with SiteServer({"/legal/privacy": Page(demo_page(EDITIONS[0]))}) as site:
        watchlist.save(
            watch,
            [
                watchlist.Policy(
                    name="larkspur-privacy",
                    url=site.url("/legal/privacy"),
                    organisation="Larkspur Health (fictional)",
                    tags=["demo"],
                )
            ],
        )
        common = ["--db", str(db), "--watchlist", str(watch)]
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
