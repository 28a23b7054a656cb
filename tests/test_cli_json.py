"""`--format json` summaries of crawl, backfill, run, alerts and export (`--summary json`),
and diff's from/to versions: real crawls of loopback sites and a local Wayback server."""

from __future__ import annotations

import json

import pytest

from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from tests.support.alerting import (
    crawl_args,
    crawl_two_editions,
    publish,
    write_alerts,
    write_watchlist,
)
from tests.support.backfill_helpers import POLICY_URL, backfill, edition
from tests.support.backfill_helpers import write_watchlist as write_backfill_watchlist


def as_json(result) -> dict:
    """The command's standard output, which must be one JSON document and nothing else."""
    return json.loads(result.stdout)


def test_crawl_summary_counts_outcomes_versions_and_changes(site, run_cli, tmp_path):
    db, watch = tmp_path / "pw.db", write_watchlist(tmp_path / "w.yaml", site)
    publish(site, 1)
    del site.pages["/raven/terms"]  # the site answers 404
    first = run_cli("crawl", *crawl_args(db, watch), "--format", "json", check=False)
    assert first.returncode == 1
    summary = as_json(first)
    assert (summary["ok"], summary["failed"]) == (1, 1)
    assert summary["outcomes"] == {"http-4xx": 1, "new-version": 1}
    assert (summary["versions_added"], summary["changes"]) == (1, 0)
    failed = next(f for f in summary["fetches"] if not f["ok"])
    assert (failed["policy"], failed["http_status"], failed["detail"]) == (
        "raven-terms",
        404,
        "HTTP 404",
    )
    assert failed["advice"]

    publish(site, 2)
    second = as_json(run_cli("crawl", *crawl_args(db, watch), "--format", "json"))
    assert (second["ok"], second["failed"], second["missing"]) == (2, 0, [])
    assert second["outcomes"] == {"new-version": 2}
    assert (second["versions_added"], second["changes"], second["alertable_changes"]) == (2, 1, 1)
    assert sorted(f["policy"] for f in second["fetches"]) == ["quill-privacy", "raven-terms"]
    assert all(f["advice"] is None for f in second["fetches"])


def test_backfill_summary_counts_captures_and_versions(run_cli, tmp_path):
    store = ArchiveStore()
    for stamp, number in (("20170301101500", 1), ("20190512093000", 2), ("20210228234500", 3)):
        store.add_capture(POLICY_URL, stamp, edition(number))
    write_backfill_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    with WaybackServer(store) as archive:
        result = backfill(tmp_path, archive, "--format", "json")
        again = backfill(tmp_path, archive, "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = as_json(result)
    assert summary["outcomes"] == {"new-version": 3}
    assert (summary["ok"], summary["failed"]) == (3, 0)
    assert (summary["versions_added"], summary["changes"], summary["alertable_changes"]) == (
        3,
        2,
        0,  # back-filled changes are history, never alerted
    )
    assert summary["policies"] == [
        {
            "policy": "harbourlane-privacy",
            "captures_to_fetch": 3,
            "already_stored": 0,
            "skipped_by_sampling": 0,
        }
    ]
    resumed = as_json(again)
    assert (resumed["ok"], resumed["versions_added"], resumed["fetches"]) == (0, 0, [])
    assert resumed["policies"][0]["already_stored"] == 3


def test_run_summary_has_the_run_its_crawl_and_the_alerts_sent(site, run_cli, tmp_path):
    db, watch = tmp_path / "pw.db", write_watchlist(tmp_path / "w.yaml", site)
    alerts = write_alerts(tmp_path / "alerts.yaml", {"type": "atom"})
    args = ["run", *crawl_args(db, watch), "--alerts", str(alerts), "--format", "json"]
    publish(site, 1)
    first = as_json(run_cli(*args))
    assert first["run"]["status"] == "ok"
    assert (first["versions_added"], first["changes"], first["alerts"]["sent"]) == (2, 0, 0)
    publish(site, 2)
    second = as_json(run_cli(*args))
    assert second["run"]["id"] == first["run"]["id"] + 1
    assert (second["versions_added"], second["changes"]) == (2, 2)
    assert (second["alerts"]["sent"], second["alerts"]["failed"]) == (2, 0)
    (atom,) = second["alerts"]["reporters"]
    assert atom["id"] == "atom"
    assert atom["description"].startswith(f"atom feeds in {tmp_path / 'feeds'};")
    assert sorted(a["policy"] for a in atom["alerts"]) == ["quill-privacy", "raven-terms"]
    without_config = run_cli("run", *crawl_args(db, watch), "--format", "json")
    assert as_json(without_config)["alerts"] is None


def test_alerts_summary_dry_run_then_sent_then_nothing_pending(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    alerts = write_alerts(tmp_path / "alerts.yaml", {"type": "atom"}, {"type": "rss"})
    args = ["alerts", "--db", str(db), "--alerts", str(alerts), "--format", "json"]
    dry = as_json(run_cli(*args, "--dry-run"))
    assert (dry["dry_run"], dry["sent"]) == (True, 0)
    assert [r["id"] for r in dry["reporters"]] == ["atom", "rss"]
    assert [len(r["alerts"]) for r in dry["reporters"]] == [2, 2]
    kinds = {a["policy"]: a["kind"] for a in dry["reporters"][0]["alerts"]}
    assert kinds == {"quill-privacy": "both", "raven-terms": "silent-edit"}
    sent = as_json(run_cli(*args))
    assert (sent["dry_run"], sent["sent"], sent["failed"]) == (False, 4, 0)
    assert as_json(run_cli(*args))["sent"] == 0


@pytest.mark.parametrize(
    ("fmt", "files"),
    [
        ("json", ["versions.json"]),
        ("csv", ["versions.csv"]),
    ],
)
def test_export_summary_lists_the_files_written(site, run_cli, tmp_path, fmt, files):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    out = tmp_path / "dataset"
    args = ["export", "--db", str(db), "--format", fmt, "--out", str(out)]
    summary = as_json(run_cli(*args, "--summary", "json"))
    assert summary == {
        "format": fmt,
        "versions": 4,
        "policies": 2,
        "out": str(out),
        "metadata": str(out / files[0]),
        "files": files,
    }


def test_export_summary_of_markdown_lists_each_version_file(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    out = tmp_path / "dataset"
    args = ["export", "--db", str(db), "--out", str(out), "--summary", "json"]
    summary = as_json(run_cli(*args))
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert summary["files"] == written
    assert len([f for f in written if f.endswith(".md")]) == summary["versions"] == 4


def test_diff_json_names_the_versions_compared(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    history = as_json(run_cli("history", "quill-privacy", "--db", str(db), "--format", "json"))
    diff = as_json(run_cli("diff", "quill-privacy", "--db", str(db), "--format", "json"))
    old, new = history["versions"]
    assert diff["policy"] == "quill-privacy"
    for end, version in (("from", old), ("to", new)):
        assert diff[end]["number"] == version["number"]
        assert diff[end]["first_seen"] == version["first_seen"]
        assert diff[end]["effective_date"] == version["effective_date"]
    assert diff["effective_date"] == {"old": "2025-03-01", "new": "2025-04-01"}
    assert any(s["status"] == "modified" for s in diff["sections"])
