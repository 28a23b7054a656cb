"""SIGTERM while a crawl waits out a 429 (the site's Retry-After, or the archive's pause) stops
it at once: no wait to the end of the pause, no request after it, the fetch still logged."""

from __future__ import annotations

import signal
import subprocess
import time

from crawler.config import watchlist
from crawler.sandbox.siteserver import Page
from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from crawler.storage import open_database
from tests.support.backfill_helpers import (
    POLICY_URL,
    edition,
    start_backfill,
    wait_for,
    write_watchlist,
)
from tests.support.crawlrun import outcomes, start_crawl
from tests.support.faultsite import FaultSite

# Far longer than the test: a crawl that waits the pause out fails it.
LONG_PAUSE = 120
# From SIGTERM to exit: the crawl only has to close the database and Scrapy.
STOPS_WITHIN_SECONDS = 5


def log_text(tmp_path) -> str:
    return "".join(p.read_text() for p in tmp_path.glob("crawl-*.log"))


def stop_and_time(process) -> float:
    """Seconds from SIGTERM to exit (infinite past four times the limit)."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.communicate(timeout=4 * STOPS_WITHIN_SECONDS)  # and close its pipes
    except subprocess.TimeoutExpired:
        return float("inf")
    return time.monotonic() - started


def test_sigterm_during_a_retry_after_pause_stops_at_once(tmp_path):
    with FaultSite() as site:
        site.pages["/privacy"] = Page(
            b"<html><body>Slow down</body></html>", 429, headers={"Retry-After": str(LONG_PAUSE)}
        )
        policy = watchlist.Policy(name="slow", url=site.url("/privacy"))
        process = start_crawl(
            tmp_path,
            [policy],
            "-s",
            "LOG_LEVEL=INFO",
            "-s",
            f"POLICYWATCH_RETRY_BACKOFF_MAX={LONG_PAUSE}",
        )
        try:
            wait_for(lambda: "retrying" in log_text(tmp_path))
            took = stop_and_time(process)
        finally:
            process.kill()
        asked = [path for path in site.requests if path == "/privacy"]

    assert took < STOPS_WITHIN_SECONDS, log_text(tmp_path)[-3000:]
    assert asked == ["/privacy"]
    assert outcomes(tmp_path) == [("slow", "rate-limited")]


def test_sigterm_during_the_archive_429_pause_stops_at_once(tmp_path):
    archive = ArchiveStore()
    archive.add_capture(POLICY_URL, "20190101000000", edition(1))
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    with WaybackServer(archive) as server:
        server.fail_next(1, status=429)
        process = start_backfill(
            tmp_path, server, "-s", f"POLICYWATCH_WAYBACK_BLOCK_PAUSE={LONG_PAUSE}"
        )
        try:
            wait_for(lambda: len(server.requests) == 1)
            time.sleep(1)  # the answer reaches the crawl and the pause begins
            took = stop_and_time(process)
        finally:
            process.kill()
            process.communicate()
        asked = len(server.requests)

    assert took < STOPS_WITHIN_SECONDS
    assert asked == 1
    store = open_database(tmp_path / "pw.db")
    logged = [row["outcome"] for row in store.fetches_after(0)]
    store.close()
    assert logged == ["interrupted"]
