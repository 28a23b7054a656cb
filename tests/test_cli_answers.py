"""What crawl, feed and history answer, checked against what the database really holds."""

from __future__ import annotations

import json

import feedparser
import pytest

from tests.support.alerting import (
    crawl_args,
    crawl_two_editions,
    publish,
    write_alerts,
    write_watchlist,
)
from tests.support.query_history import build_history

POLICIES = ("quill-privacy", "raven-terms")


def test_crawl_summary_numbers_versions_as_history_does(site, run_cli, tmp_path):
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    for edition in (1, 2):
        publish(site, edition)
        output = run_cli("crawl", *crawl_args(db, watch)).stdout
        for policy in POLICIES:
            line = next(line for line in output.splitlines() if policy in line)
            history = json.loads(
                run_cli("history", policy, "--db", str(db), "--format", "json").stdout
            )
            # Both policies are at their version `edition`, whatever the row ids.
            assert history["versions"][-1]["number"] == edition
            assert line.split()[-2:] == ["version", str(edition)], line


@pytest.fixture
def history_db(tmp_path):
    build_history(tmp_path / "history.db").close()
    return ["--db", str(tmp_path / "history.db")]


@pytest.mark.parametrize(
    ("at", "number"),
    [
        # Northwind's version 2 was first seen at 2023-02-10T08:00:00Z.
        ("2023-02-10T09:30:00+02:00", 1),  # 07:30 UTC
        ("2023-02-10T07:30:00-01:00", 2),  # 08:30 UTC
        ("2023-02-10T07:59:59Z", 1),
        ("2023-02-10T08:00:00Z", 2),
        ("2023-02-10T08:00:00", 2),  # no offset: UTC, as stored
    ],
)
def test_show_at_converts_an_offset_to_utc(run_cli, history_db, at, number):
    result = run_cli("show", "northwind-privacy", "--at", at, "--format", "json", *history_db)
    assert json.loads(result.stdout)["number"] == number


@pytest.fixture
def two_changes(site, run_cli, tmp_path):
    """Both alerting.py policies changed once (edition 1 → 2): two alertable changes."""
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    return db


def test_feed_filters_before_it_limits(run_cli, two_changes):
    for policy in POLICIES:
        args = ["feed", "--policy", policy, "--limit", "1", "--db", str(two_changes)]
        entries = feedparser.parse(run_cli(*args).stdout).entries
        assert len(entries) == 1 and policy in entries[0].title, policy
    unknown = run_cli("feed", "--policy", "nope", "--db", str(two_changes), check=False)
    assert unknown.returncode == 1 and "no policy named 'nope'" in unknown.stderr
    assert unknown.stdout == ""


def test_each_feed_file_keeps_its_own_newest_entries(run_cli, two_changes, tmp_path):
    alerts = write_alerts(tmp_path / "alerts.yaml", {"type": "atom", "limit": 1})
    run_cli("alerts", "--db", str(two_changes), "--alerts", str(alerts))
    feeds = two_changes.parent / "feeds"
    for policy in POLICIES:
        entries = feedparser.parse((feeds / "policy" / f"{policy}.atom").read_bytes()).entries
        assert len(entries) == 1 and policy in entries[0].title, policy
    assert len(feedparser.parse((feeds / "all.atom").read_bytes()).entries) == 1


def test_history_and_show_of_a_policy_never_fetched_say_so_alike(site, run_cli, tmp_path):
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    publish(site, 1)
    del site.pages["/raven/terms"]  # 404: raven-terms is in the database, with no version
    crawled = run_cli("crawl", *crawl_args(db, watch), check=False)
    assert crawled.returncode == 1
    for command in (["history"], ["history", "--format", "json"], ["show"]):
        result = run_cli(*command, "raven-terms", "--db", str(db), check=False)
        assert result.returncode == 1, command
        assert result.stdout == ""
        assert result.stderr.startswith("Error: this policy has no versions yet (last fetch: ")
        assert "run `policywatch crawl` first" in result.stderr


def test_a_name_as_long_as_allowed_reaches_feed_files_and_exports(site, run_cli, tmp_path):
    """A 64-character name (the most a name may have) makes file names every platform takes."""
    long_name = "quill-privacy-" + "n" * 50
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    watch.write_text(watch.read_text().replace("quill-privacy", long_name))
    for edition in (1, 2):
        publish(site, edition)
        run_cli("crawl", *crawl_args(db, watch))
    alerts = write_alerts(tmp_path / "alerts.yaml", {"type": "atom"})
    run_cli("alerts", "--db", str(db), "--alerts", str(alerts))
    feed = db.parent / "feeds" / "policy" / f"{long_name}.atom"
    assert [entry.title for entry in feedparser.parse(feed.read_bytes()).entries]
    out = tmp_path / "dataset"
    run_cli("export", "--db", str(db), "--out", str(out))
    assert len(list(out.rglob(f"{long_name}/*.md"))) == 2
