"""`policywatch status`: each policy at a glance, from a really crawled database."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from crawler.storage import open_database
from tests.support.crawlrun import rows
from tests.support.faultsite import FaultSite
from tests.support.paths import FAST_SETTINGS


@pytest.fixture
def crawled(site, run_cli, tmp_path):
    """Three crawls: `changing` works and changes once; `gone` fails every time; `waiting`
    is added to the watch list only after them; `paused` worked once and is disabled."""
    site.pages["/privacy"] = Page(demo_page("policy-2025.html"))
    site.pages["/terms"] = Page(demo_page("policy-2023.html"))
    changing = watchlist.Policy(name="changing", url=site.url("/privacy"))
    gone = watchlist.Policy(name="gone", url=FaultSite.refused_url())
    paused = watchlist.Policy(name="paused", url=site.url("/terms"))
    path = tmp_path / "policies.yaml"
    args = ["--db", "pw.db", "--watchlist", str(path), *FAST_SETTINGS]
    watchlist.save(path, [changing, gone, paused])
    run_cli("crawl", *args, check=False)
    watchlist.save(
        path, [changing, gone, watchlist.Policy(**{**paused.__dict__, "enabled": False})]
    )
    run_cli("crawl", *args, check=False)
    site.pages["/privacy"] = Page(demo_page("policy-2026.html"))
    run_cli("crawl", *args, check=False)
    waiting = watchlist.Policy(name="waiting", url=site.url("/later"))
    watchlist.save(
        path, [changing, gone, watchlist.Policy(**{**paused.__dict__, "enabled": False}), waiting]
    )
    return path


def test_status_has_one_entry_per_watched_policy_failing_first(crawled, run_cli, tmp_path):
    result = run_cli("status", "--db", "pw.db", "--watchlist", str(crawled), "--format", "json")
    statuses = json.loads(result.stdout)
    assert [s["name"] for s in statuses] == ["gone", "changing", "paused", "waiting"]
    by_name = {s["name"]: s for s in statuses}

    last_fetches = rows(
        tmp_path / "pw.db",
        "SELECT p.name, max(f.requested_at) AS at FROM fetch_log f "
        "JOIN policies p ON p.id = f.policy_id GROUP BY p.name",
    )
    for row in last_fetches:
        assert by_name[row["name"]]["last_fetch"] == row["at"]

    gone = by_name["gone"]
    assert (gone["outcome"], gone["failing_streak"], gone["versions"]) == ("connection", 3, 0)
    assert gone["last_change"] is None

    changing = by_name["changing"]
    (change,) = rows(tmp_path / "pw.db", "SELECT kind, changed_at FROM changes")
    assert changing["outcome"] == "new-version" and changing["failing_streak"] == 0
    assert changing["last_change"] == {"kind": change["kind"], "at": change["changed_at"]}
    assert changing["versions"] == 2

    # Disabled: its last fetch (the first crawl) still shows; no run is planned for it.
    assert (by_name["paused"]["enabled"], by_name["paused"]["next_run"]) == (False, None)
    assert by_name["paused"]["outcome"] == "new-version"
    assert by_name["waiting"]["last_fetch"] is None and by_name["waiting"]["versions"] == 0

    # The next run of the default schedule: 03:00 local time, within the next day.
    next_run = datetime.fromisoformat(changing["next_run"])
    assert (next_run.hour, next_run.minute) == (3, 0)
    assert 0 < (next_run - datetime.now(UTC)).total_seconds() <= 24 * 3600

    # The same, as text: one line per policy, failing first.
    args = ["status", "--db", "pw.db", "--watchlist", str(crawled)]
    plain = run_cli(*args).stdout.splitlines()
    assert [line.split()[:2] for line in plain] == [
        ["FAIL", "gone"],
        ["ok", "changing"],
        ["ok", "paused"],
        ["new", "waiting"],
    ]
    assert "connection (failed 3 in a row)" in plain[0]
    assert "2 versions" in plain[1] and "last change " in plain[1] and "next " in plain[1]
    assert plain[2].endswith("disabled")
    assert "\x1b[" not in "".join(plain)  # not a terminal: no colour

    coloured = run_cli("--color", "always", *args).stdout.splitlines()
    assert coloured[0].startswith("\x1b[31mFAIL")  # red
    assert coloured[1].startswith("\x1b[32mok")  # green


def test_status_next_run_follows_the_schedule_setting(run_cli, tmp_path, monkeypatch):
    open_database(tmp_path / "pw.db").close()
    watchlist.save(
        tmp_path / "policies.yaml", [watchlist.Policy(name="new", url="https://a.test/")]
    )
    monkeypatch.setenv("POLICYWATCH_SCHEDULE", "30 2 * * sun")
    result = run_cli("status", "--db", "pw.db", "--watchlist", "policies.yaml", "--format", "json")
    (status,) = json.loads(result.stdout)
    assert (status["name"], status["last_fetch"], status["versions"]) == ("new", None, 0)
    next_run = datetime.fromisoformat(status["next_run"])
    assert (next_run.weekday(), next_run.hour, next_run.minute) == (6, 2, 30)
    assert 0 < (next_run - datetime.now(UTC)).total_seconds() <= 7 * 24 * 3600


def test_status_without_a_database_says_how_to_get_one(run_cli):
    result = run_cli("status", "--db", "missing.db", check=False)
    assert result.returncode == 1
    assert "no database at missing.db" in result.stderr
