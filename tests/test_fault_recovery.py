"""Faults over several runs: a shrunk text is held back until confirmed; a failure streak is
announced once when it starts to matter and once when it ends."""

from __future__ import annotations

import json

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from tests.support.crawlrun import crawl, outcomes, rows

FULL = demo_page("policy-2025.html")
# The same page cut off mid-tag after its preamble: a truncated body, ~90 % of the text gone.
TRUNCATED = FULL[: FULL.index(b"<h2>1. Information") + 6]


def test_a_shrunk_text_is_held_back_until_two_consecutive_crawls_see_it(site, run_cli, tmp_path):
    policies = [watchlist.Policy(name="larkspur", url=site.url("/privacy"))]
    db = tmp_path / "pw.db"
    editions = [FULL, TRUNCATED, FULL, TRUNCATED, TRUNCATED]
    codes = []
    for body in editions:
        site.pages["/privacy"] = Page(body)
        result = crawl(run_cli, tmp_path, policies)
        codes.append(result.returncode)
        if result.returncode:
            assert "held back; recorded as a version only if the next crawl" in result.stderr

    assert [outcome for _, outcome in outcomes(tmp_path)] == [
        "new-version",
        "shrunk",  # first sighting: held back
        "not-modified",  # the full page is back (same ETag): the streak of shrunk texts ends
        "shrunk",  # seen again, but not twice in a row: held back again
        "new-version",  # the same shrunk text on the next crawl: confirmed
    ]
    assert codes == [0, 1, 0, 1, 0]
    held = rows(db, "SELECT detail, text_hash FROM fetch_log WHERE outcome = 'shrunk'")
    assert held[0]["text_hash"] == held[1]["text_hash"]
    assert "of its words at once" in held[0]["detail"]
    versions = rows(db, "SELECT word_count FROM versions ORDER BY first_seen")
    assert len(versions) == 2 and versions[1]["word_count"] < versions[0]["word_count"] * 0.2
    (change,) = rows(db, "SELECT flags, should_alert FROM changes")
    assert "shrink" in json.loads(change["flags"]) and change["should_alert"] == 0


def test_a_failure_streak_is_reported_once_when_it_reaches_n_and_once_when_it_ends(
    site, run_cli, tmp_path
):
    policies = [
        watchlist.Policy(name="flaky", url=site.url("/flaky")),
        watchlist.Policy(name="steady", url=site.url("/steady")),
    ]
    site.pages["/steady"] = Page(FULL)
    broken = Page(b"<html><body>Service unavailable</body></html>", status=404)
    nights = [Page(FULL), broken, broken, broken, broken, Page(FULL), Page(FULL)]
    summaries = []
    for page in nights:
        site.pages["/flaky"] = page
        result = crawl(run_cli, tmp_path, policies, "-s", "POLICYWATCH_FAILING_AFTER=3")
        summaries.append([line for line in result.stdout.splitlines() if "flaky:" in line])

    assert summaries[0:3] == [[], [], []]
    assert summaries[3] == [
        "FAILING flaky: failed 3 runs in a row, now http-4xx: "
        "the page answered a client error (404/410: moved? update the URL)"
    ]
    assert summaries[4] == []
    assert summaries[5] == ["RECOVERED flaky: works again after 4 failed runs"]
    assert summaries[6] == []
    assert not any("steady:" in line for s in summaries for line in s)
