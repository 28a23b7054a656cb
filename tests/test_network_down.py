"""A host that cannot be reached is reported fast, and a dead network is named once."""

from __future__ import annotations

import time

import pytest

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.outcomes import advice
from crawler.sandbox.siteserver import Page
from tests.support.crawlrun import crawl, outcomes
from tests.support.faultsite import FaultSite
from tests.support.paths import FAST_SETTINGS

# What a user waits, at most, to hear that one policy cannot be reached (start-up included).
REPORT_WITHIN_SECONDS = 20

# A name that never resolves (RFC 6761 reserves .invalid), and a loopback port nothing serves.
UNREACHABLE = {
    "dns": "http://policy.nowhere.invalid/privacy",
    "connection": FaultSite.refused_url(),
}


@pytest.mark.parametrize("outcome", sorted(UNREACHABLE))
def test_one_unreachable_policy_is_reported_within_20_seconds(outcome, run_cli, tmp_path):
    policy = watchlist.Policy(name="gone-privacy", url=UNREACHABLE[outcome])
    watchlist.save(tmp_path / "policies.yaml", [policy])
    started = time.monotonic()
    # The shipped settings (no test speed-ups): politeness delays and retries as users get them.
    result = run_cli("crawl", "--db", "pw.db", "--watchlist", "policies.yaml", check=False)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    assert outcomes(tmp_path) == [("gone-privacy", outcome)]
    assert f"gone-privacy: {advice(outcome)}" in result.stderr
    assert elapsed < REPORT_WITHIN_SECONDS, f"took {elapsed:.1f} s"
    # Retried (twice: three attempts), not given up at the first refusal.
    assert f"Gave up retrying <GET {policy.url}> (failed 3 times)" in result.stderr


def test_every_host_failing_the_same_way_says_no_network_once(run_cli, tmp_path):
    # Two hosts (127.0.0.1 and localhost) whose ports refuse: as when the network is down.
    policies = [
        watchlist.Policy(name="first-privacy", url=FaultSite.refused_url()),
        watchlist.Policy(
            name="second-privacy", url=FaultSite.refused_url().replace("127.0.0.1", "localhost")
        ),
    ]
    result = crawl(run_cli, tmp_path, policies)
    assert result.returncode == 1
    assert result.stderr.count("no network?") == 1, result.stderr
    assert advice("connection") not in result.stderr
    assert "0 ok, 2 failed" in result.stdout

    # The nightly run's summary says it once too.
    args = ["--db", str(tmp_path / "pw.db"), "--watchlist", str(tmp_path / "policies.yaml")]
    nightly = run_cli("run", *args, *FAST_SETTINGS, check=False)
    assert nightly.returncode == 1
    assert nightly.stdout.count("no network? every host failed the same way (connection)") == 1


def test_one_host_failing_among_working_ones_gets_its_own_advice(run_cli, tmp_path):
    with FaultSite() as site:
        site.pages["/ok"] = Page(demo_page("policy-2025.html"))
        policies = [
            watchlist.Policy(name="works-privacy", url=site.url("/ok")),
            watchlist.Policy(name="gone-privacy", url=FaultSite.refused_url()),
        ]
        result = crawl(run_cli, tmp_path, policies)
    assert result.returncode == 1
    assert "no network?" not in result.stderr
    assert f"gone-privacy: {advice('connection')}" in result.stderr
