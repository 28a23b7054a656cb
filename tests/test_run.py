"""`policywatch run` end to end against a loopback site, and the run lock across processes."""

from __future__ import annotations

import pytest

from crawler.jobs.runlock import EXIT_LOCKED, lock_path
from crawler.storage import open_database
from tests.support.alerting import (
    WebhookSink,
    crawl_args,
    hold_lock,
    kill,
    publish,
    write_alerts,
    write_watchlist,
)


@pytest.fixture
def hook():
    with WebhookSink() as sink:
        yield sink


def test_run_crawls_then_alerts_once_per_change(site, run_cli, tmp_path, hook):
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    alerts = write_alerts(
        tmp_path / "alerts.yaml", {"type": "webhook", "url": hook.url}, {"type": "atom"}
    )
    args = ["run", *crawl_args(db, watch), "--alerts", str(alerts)]
    publish(site, 1)
    first = run_cli(*args)
    assert "policies: 2 ok, 0 failed" in first.stdout
    assert "versions: 2 new; changes: 0 (0 to alert)" in first.stdout

    publish(site, 2)
    second = run_cli(*args)
    assert "versions: 2 new; changes: 2 (2 to alert)" in second.stdout
    assert "alerts: 4 sent, 0 failed" in second.stdout  # 2 changes x (webhook + atom)
    assert sorted(p["change"]["policy"] for p in hook.received) == ["quill-privacy", "raven-terms"]
    assert (db.parent / "feeds" / "all.atom").exists()

    third = run_cli(*args)
    assert "alerts: 0 sent, 0 failed" in third.stdout
    assert len(hook.received) == 2

    store = open_database(db)
    runs = store.query("SELECT * FROM runs ORDER BY id")
    assert [r["status"] for r in runs] == ["ok", "ok", "ok"]
    assert [(r["versions"], r["changes"], r["alerts_sent"]) for r in runs] == [
        (2, 0, 0),
        (2, 2, 4),
        (0, 0, 0),
    ]
    assert all(r["finished_at"] >= r["started_at"] for r in runs)


def test_run_exits_nonzero_and_records_partial_when_a_policy_fails(site, run_cli, tmp_path):
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    publish(site, 1)
    del site.pages["/raven/terms"]  # the site answers 404
    result = run_cli("run", *crawl_args(db, watch), check=False)
    assert result.returncode == 1
    assert "policies: 1 ok, 1 failed" in result.stdout
    assert "FAIL raven-terms" in result.stdout
    assert "alerts: no reporters configured" in result.stdout
    (run,) = open_database(db).query("SELECT * FROM runs")
    assert (run["status"], run["policies_ok"], run["policies_failed"]) == ("partial", 1, 1)


def test_lock_held_by_another_process_refuses_run_and_crawl(site, run_cli, tmp_path):
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    publish(site, 1)
    holder = hold_lock(db)
    try:
        for command in ("run", "crawl"):
            result = run_cli(command, *crawl_args(db, watch), check=False)
            assert result.returncode == EXIT_LOCKED
            assert f"pid {holder.pid} test-holder" in result.stderr
        assert not site.requests  # nothing was fetched while locked
    finally:
        kill(holder)
    # The holder died without cleaning up (SIGKILL): the lock is free again at once.
    run_cli("run", *crawl_args(db, watch))


def test_stale_lock_file_with_dead_pid_is_taken_over(site, run_cli, tmp_path):
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    publish(site, 1)
    holder = hold_lock(db)
    kill(holder)
    assert f"pid {holder.pid}" in lock_path(db).read_text()  # left behind
    killed_run = open_database(db).start_run(holder.pid)  # as a run killed mid-way leaves it
    result = run_cli("run", *crawl_args(db, watch))
    assert "policies: 2 ok" in result.stdout
    runs = open_database(db).query("SELECT id, status FROM runs ORDER BY id")
    assert runs == [
        {"id": killed_run, "status": "interrupted"},
        {"id": killed_run + 1, "status": "ok"},
    ]


def test_the_run_lock_is_per_database_file(site, run_cli, tmp_path):
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    publish(site, 1)
    db.parent.mkdir()
    db.touch()
    link = tmp_path / "elsewhere" / "same.db"
    link.parent.mkdir()
    link.symlink_to(db)
    holder = hold_lock(db)
    try:
        # Another database in the same directory is another lock: it runs.
        other = run_cli("crawl", *crawl_args(db.parent / "other.db", watch), check=False)
        assert other.returncode == 0, other.stderr
        # The same database by another path (relative, through a symlink) is the same lock.
        for path in ("data/./policywatch.db", str(link)):
            again = run_cli("crawl", *crawl_args(path, watch), check=False)
            assert again.returncode == EXIT_LOCKED, (path, again.stderr)
    finally:
        kill(holder)
