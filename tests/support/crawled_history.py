"""A history made by real crawls of a loopback site, for the Datasette and report tests.

Three crawls of three watched pages: Larkspur's privacy policy is first read, then edited
without a new "Last updated" date (a silent edit), then replaced by a new edition (content and
date: `both`); Fen & Marsh's page never changes (its organisation has markup characters, which
every page must show as text); a third page answers 404 on every crawl (failing 3 in a row).
"""

from __future__ import annotations

from pathlib import Path

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page, SiteServer
from tests.support.cli import run_policywatch
from tests.support.paths import FAST_SETTINGS

LARKSPUR = "larkspur-privacy"
STEADY = "fen-marsh-privacy"
STEADY_ORGANISATION = 'Fen & Marsh <Trust> "Co-op"'
GONE = "gone-privacy"
CRAWLS = 3
EDITIONS = (
    demo_page("policy-2025.html"),
    # The same stated date, one retention period changed.
    demo_page("policy-2025.html").replace(b"after 30 days", b"after 14 days"),
    demo_page("policy-2026.html"),
)


def crawl_history(directory: Path) -> Path:
    """Crawl the three pages three times into directory/pw.db; return the database path."""
    db = directory / "pw.db"
    policies = directory / "policies.yaml"
    with SiteServer() as site:
        site.pages["/steady"] = Page(demo_page("policy-2023.html"))
        watchlist.save(
            policies,
            [
                watchlist.Policy(
                    name=LARKSPUR, url=site.url("/legal/privacy"), organisation="Larkspur Health"
                ),
                watchlist.Policy(
                    name=STEADY, url=site.url("/steady"), organisation=STEADY_ORGANISATION
                ),
                watchlist.Policy(name=GONE, url=site.url("/gone"), organisation="Gone Ltd"),
            ],
        )
        for edition in EDITIONS:
            site.pages["/legal/privacy"] = Page(edition)
            crawl = run_policywatch(
                directory,
                "crawl",
                "--db",
                str(db),
                "--watchlist",
                str(policies),
                *FAST_SETTINGS,
                check=False,
            )
            # Exit 1: the 404 page fails every time, as it should.
            assert crawl.returncode == 1 and "http-4xx" in crawl.stdout, crawl.stdout + crawl.stderr
    return db
