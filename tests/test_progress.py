"""Long commands report progress per policy: live lines on a terminal, log lines otherwise."""

from __future__ import annotations

import re

import pytest

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from tests.support.faultsite import FaultSite
from tests.support.paths import FAST_SETTINGS
from tests.support.terminal import run_on_terminal


@pytest.fixture
def two_policies(site, tmp_path):
    """One policy that works, one whose host refuses; the crawl arguments."""
    site.pages["/privacy"] = Page(demo_page("policy-2025.html"))
    path = tmp_path / "policies.yaml"
    watchlist.save(
        path,
        [
            watchlist.Policy(name="works", url=site.url("/privacy")),
            watchlist.Policy(name="gone", url=FaultSite.refused_url()),
        ],
    )
    return ["--db", "pw.db", "--watchlist", str(path), *FAST_SETTINGS]


def test_crawl_writes_a_log_line_per_policy_when_not_on_a_terminal(two_policies, run_cli):
    result = run_cli("crawl", *two_policies, check=False)
    lines = [line for line in result.stderr.splitlines() if line.startswith("crawl: ")]
    found = [re.fullmatch(r"crawl: (\w+): ([\w-]+) \((\d)/2 policies\)", line) for line in lines]
    assert all(found), lines
    assert sorted((m[1], m[2]) for m in found) == [("gone", "connection"), ("works", "new-version")]
    assert [m[3] for m in found] == ["1", "2"]  # policies done so far, in the order they finish
    assert "\x1b[" not in result.stderr
    assert result.stdout.splitlines()[-1] == "1 ok, 1 failed"  # the summary, last

    quiet = run_cli("-q", "crawl", *two_policies, check=False)
    assert "crawl: " not in quiet.stderr


def test_crawl_draws_live_lines_per_policy_on_a_terminal(two_policies, tmp_path):
    status, shown = run_on_terminal(["crawl", *two_policies], tmp_path)
    assert status == 1
    assert "\x1b[?25l" in shown and "\x1b[?25h" in shown  # a live display, cursor restored
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)
    for name, outcome in (("works", "new-version"), ("gone", "connection")):
        assert re.search(rf"{name} +━+ 1/1 .*{outcome}", plain), plain
    assert "crawl: " not in plain  # no log lines on a terminal
    assert plain.rstrip().endswith("1 ok, 1 failed")


def test_run_export_and_reextract_report_each_policy(two_policies, run_cli):
    ran = run_cli("run", *two_policies, check=False)
    assert sorted(
        line.split(" (")[0] for line in ran.stderr.splitlines() if "policies)" in line
    ) == [
        "run: gone: connection",
        "run: works: new-version",
    ]
    exported = run_cli("export", "--db", "pw.db", "--format", "csv", "--out", "dataset")
    assert exported.stderr.splitlines() == ["export: works: written (1/1 policies)"]
    assert exported.stdout.startswith("1 versions exported")

    reextracted = run_cli("reextract", "--db", "pw.db")
    lines = [line for line in reextracted.stderr.splitlines() if line.startswith("reextract: ")]
    assert sorted(lines) == [
        "reextract: gone: no-capture (1/2 policies)",
        "reextract: works: unchanged (2/2 policies)",
    ]
