"""Helpers for tests that crawl a loopback site through the real CLI and read the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler import watchlist
from tests.conftest import FAST_SETTINGS


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
