"""Helpers for tests that crawl a loopback site through the real CLI and read the database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from crawler.config import watchlist
from tests.support.paths import FAST_SETTINGS, ROOT

# Runs the CLI and, as it exits, logs the peak resident size of its own address space. The
# child's ru_maxrss would not do: Linux carries the forking pytest process's peak across exec.
PEAK_REPORTING_CLI = (
    "import atexit, runpy, sys\n"
    "def report():\n"
    "    peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
    "    print(peak[0].strip(), file=sys.stderr)\n"
    "atexit.register(report)\n"
    "runpy.run_module('crawler', run_name='__main__', alter_sys=True)\n"
)


def rows(db: Path, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def crawl(run_cli, tmp_path: Path, policies: list[watchlist.Policy], *settings: str):
    """`policywatch crawl` of `policies` into tmp_path/pw.db; the finished process."""
    path = tmp_path / "policies.yaml"
    watchlist.save(path, policies)
    db = str(tmp_path / "pw.db")
    args = ["crawl", "--db", db, "--watchlist", str(path), *FAST_SETTINGS, *settings]
    return run_cli(*args, check=False)


def outcomes(tmp_path: Path) -> list[tuple[str, str]]:
    """(policy name, outcome) of every logged fetch, oldest first."""
    return [
        (r["name"], r["outcome"])
        for r in rows(
            tmp_path / "pw.db",
            "SELECT p.name, f.outcome FROM fetch_log f JOIN policies p ON p.id = f.policy_id "
            "ORDER BY f.id",
        )
    ]


def versioned(tmp_path: Path) -> list[str]:
    """The name of the policy of every stored version, oldest first."""
    return [
        r["name"]
        for r in rows(
            tmp_path / "pw.db",
            "SELECT p.name FROM versions v JOIN policies p ON p.id = v.policy_id ORDER BY v.id",
        )
    ]


def start_crawl(tmp_path, policies, *settings, report_peak=False) -> subprocess.Popen:
    """`policywatch crawl` in the background, its output in tmp_path/crawl-<time>.log
    (ending with a `VmHWM:` line when `report_peak`)."""
    path = tmp_path / "policies.yaml"
    if not path.exists():
        watchlist.save(path, policies)
    args = ["crawl", "--db", str(tmp_path / "pw.db"), "--watchlist", str(path)]
    # The child gets its own copy of the log's descriptor; ours can close at once.
    with open(tmp_path / f"crawl-{time.monotonic_ns()}.log", "w") as log:
        return subprocess.Popen(
            [
                sys.executable,
                *(["-c", PEAK_REPORTING_CLI] if report_peak else ["-m", "crawler"]),
                *args,
                *FAST_SETTINGS,
                *settings,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
