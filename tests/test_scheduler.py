"""scheduler.py: real `policywatch run` subprocesses on a short trigger, the lock, coalescing."""

from __future__ import annotations

import itertools
import logging
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

import scheduler
from crawler.storage import open_database
from tests.support.alerting import crawl_args, hold_lock, kill, publish, write_watchlist
from tests.support.paths import ROOT


@pytest.fixture
def log(tmp_path):
    logger = scheduler.file_logger(tmp_path / "logs")
    yield logger
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        logging.getLogger("apscheduler").removeHandler(handler)
        handler.close()


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def run_in_tmp(tmp_path, site):
    """The `policywatch run` command line the scheduler starts, on the loopback site."""
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    publish(site, 1)
    return db, scheduler.run_command(crawl_args(db, watch))


def finished_runs(db) -> list[dict]:
    if not db.exists():
        return []
    store = open_database(db)
    try:
        return store.query("SELECT * FROM runs WHERE finished_at IS NOT NULL ORDER BY id")
    finally:
        store.close()


def test_runs_on_a_one_second_trigger_never_overlap(site, tmp_path, log, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    db, command = run_in_tmp(tmp_path, site)
    job = scheduler.build_scheduler(command, IntervalTrigger(seconds=1), log, BackgroundScheduler())
    job.start()
    try:
        wait_for(lambda: len(finished_runs(db)) >= 2)
    finally:
        job.shutdown(wait=True)
    runs = finished_runs(db)
    assert all(r["status"] == "ok" for r in runs)
    # Each run takes longer than the 1 s interval, yet max_instances=1 kept them apart.
    for earlier, later in itertools.pairwise(runs):
        assert earlier["finished_at"] <= later["started_at"]
    text = (tmp_path / "logs" / "scheduler.log").read_text()
    assert text.count("finished with exit status 0") == len(runs)
    assert "policies: 2 ok, 0 failed" in text


def test_missed_runs_are_caught_up_once(tmp_path, log):
    marks = tmp_path / "marks"
    command = [sys.executable, "-c", f"open({str(marks)!r}, 'a').write('run\\n')"]
    start = datetime.now().astimezone() + timedelta(seconds=0.5)
    # Three due times pass while the scheduler is paused, as if the machine slept through them.
    trigger = IntervalTrigger(seconds=1, start_date=start, end_date=start + timedelta(seconds=2.2))
    job = scheduler.build_scheduler(command, trigger, log, BackgroundScheduler())
    job.start(paused=True)
    time.sleep(3.5)
    job.resume()
    wait_for(lambda: job.get_job(scheduler.JOB_ID) is None, 10)
    job.shutdown(wait=True)
    assert marks.read_text() == "run\n"


def test_a_run_finding_the_lock_taken_is_logged_as_skipped(site, tmp_path, log, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    db, command = run_in_tmp(tmp_path, site)
    holder = hold_lock(db)
    try:
        status = scheduler.start_run(command, log, timeout=60)
    finally:
        kill(holder)
    assert status == scheduler.EXIT_LOCKED
    assert (
        "skipped: another policywatch process holds the run lock"
        in (tmp_path / "logs" / "scheduler.log").read_text()
    )
    assert scheduler.start_run(command, log, timeout=60) == 0


def test_default_schedule_is_three_in_the_morning_local_with_jitter():
    trigger = scheduler.nightly_trigger(scheduler.DEFAULT_CRON, scheduler.DEFAULT_JITTER)
    now = datetime.now().astimezone()
    fire = trigger.get_next_fire_time(None, now)
    night = fire.replace(hour=3, minute=0, second=0, microsecond=0)
    assert night <= fire <= night + timedelta(seconds=scheduler.DEFAULT_JITTER)


def test_scheduler_imports_no_scrapy_and_rejects_a_bad_cron(tmp_path):
    probe = (
        "import sys, scheduler; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'scrapy', 'twisted'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
    bad = subprocess.run(
        [sys.executable, "scheduler.py", "--cron", "every night", "--log-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 1
    assert "bad --cron 'every night'" in bad.stderr


def schedule(tmp_path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """`policywatch schedule ARGS…` in a subprocess; one with valid options never returns."""
    return subprocess.run(
        [sys.executable, "-m", "crawler", "schedule", "--log-dir", str(tmp_path), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--alerts", "a.yaml"], "unrecognized arguments: --alerts a.yaml"),
        (["--", "--bogus"], "No such option '--bogus'"),
        (["--", "--alerts"], "Option '--alerts' requires an argument"),
        (["--", "extra"], "unexpected extra argument (extra)"),
    ],
)
def test_schedule_refuses_bad_options_at_start_not_at_three(tmp_path, args, message):
    result = schedule(tmp_path, *args)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "scheduler.log").exists()  # no scheduler was started


def test_schedule_help_lists_its_options(tmp_path):
    result = schedule(tmp_path, "--help")
    assert result.returncode == 0
    for option in ("--cron", "--jitter", "--misfire-grace", "--run-timeout", "--log-dir", "--"):
        assert option in result.stdout


def test_schedule_with_valid_run_options_starts(tmp_path):
    command = [sys.executable, "-m", "crawler", "schedule", "--log-dir", str(tmp_path)]
    command += ["--cron", "0 3 1 1 *", "--", "--alerts", "a.yaml", "-s", "DOWNLOAD_DELAY=1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, cwd=tmp_path, env=env
    ) as process:
        try:
            assert process.stdout.readline().startswith("policywatch schedule: '0 3 1 1 *'")
            assert process.poll() is None
        finally:
            process.terminate()


@pytest.mark.parametrize(
    ("weekday", "day"), [("1", "Monday"), ("0", "Sunday"), ("7", "Sunday"), ("sun", "Sunday")]
)
def test_crontab_weekday_numbers_count_from_sunday(weekday, day):
    # APScheduler counts weekdays from Monday; a crontab line's 1 must still mean Monday.
    trigger = scheduler.nightly_trigger(f"30 2 * * {weekday}", 0)
    start = datetime(2026, 12, 8, 12, tzinfo=UTC)  # a Tuesday
    assert trigger.get_next_fire_time(None, start).strftime("%A") == day


def test_crontab_weekday_steps_and_ranges_count_from_sunday():
    assert scheduler.crontab_weekdays("1-5") == "mon,tue,wed,thu,fri"
    assert scheduler.crontab_weekdays("*/2") == "sun,tue,thu,sat"
    assert scheduler.crontab_weekdays("mon-fri") == "mon-fri"
