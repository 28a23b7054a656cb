"""Bounded memory, kill -9 mid-crawl, and two crawls of one database at once."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import time

import pytest

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from tests.support.crawlrun import outcomes, rows, start_crawl
from tests.support.faultsite import FaultSite

# Generous: a crawl process peaks near 100 MB here; one gzip bomb held in memory is 2 GiB.
PEAK_RSS_LIMIT_MB = 300


@pytest.fixture
def fault_site():
    with FaultSite() as site:
        yield site


def version_count(db) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM versions").fetchone()[0]
    except sqlite3.OperationalError:  # the crawl has not created its tables yet
        return 0
    finally:
        conn.close()


def integrity(db) -> str:
    return rows(db, "PRAGMA integrity_check")[0]["integrity_check"]


def test_a_gzip_bomb_and_20_mb_pages_leave_memory_bounded(fault_site, tmp_path):
    paths = ("/fault/gzip-bomb", "/fault/huge", "/fault/huge-unannounced")
    policies = [watchlist.Policy(name=p.rsplit("/", 1)[1], url=fault_site.url(p)) for p in paths]
    process = start_crawl(tmp_path, policies, report_peak=True)
    process.wait(timeout=300)
    (log,) = tmp_path.glob("crawl-*.log")
    peak_kb = re.search(r"^VmHWM:\s+(\d+) kB$", log.read_text(), re.M).group(1)
    peak_mb = int(peak_kb) / 1024
    print(f"peak RSS of the crawl: {peak_mb:.0f} MB")
    assert process.returncode == 1
    assert set(outcomes(tmp_path)) == {
        ("gzip-bomb", "too-large"),
        ("huge", "too-large"),
        ("huge-unannounced", "too-large"),
    }
    assert peak_mb < PEAK_RSS_LIMIT_MB


def test_kill_9_mid_crawl_loses_nothing_committed_and_the_next_crawl_completes(
    fault_site, tmp_path
):
    db = tmp_path / "pw.db"
    fault_site.pages["/privacy"] = Page(demo_page("policy-2025.html"))
    policies = [
        watchlist.Policy(name=f"clinic-{n:02}", url=fault_site.url(f"/privacy?clinic={n}"))
        for n in range(30)
    ]
    for n in range(30):
        fault_site.pages[f"/privacy?clinic={n}"] = Page(demo_page("policy-2025.html"))
    fault_site.page_delay = 0.3  # 30 pages one at a time: about 9 s
    process = start_crawl(tmp_path, policies)
    deadline = time.monotonic() + 60
    while version_count(db) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    committed = version_count(db)

    assert process.returncode == -signal.SIGKILL
    assert 5 <= committed < 30, "killed too late to test an interruption"
    assert integrity(db) == "ok"
    assert version_count(db) == committed
    fault_site.page_delay = 0
    finished = start_crawl(tmp_path, policies)
    assert finished.wait(timeout=120) == 0
    assert integrity(db) == "ok"
    per_policy = rows(db, "SELECT policy_id, count(*) AS n FROM versions GROUP BY policy_id")
    assert len(per_policy) == 30 and {r["n"] for r in per_policy} == {1}


def test_two_crawls_of_one_database_at_once_store_each_version_once(fault_site, tmp_path):
    db = tmp_path / "pw.db"
    policies = []
    for n in range(12):
        fault_site.pages[f"/terms/{n}"] = Page(demo_page("policy-2026.html"))
        policies.append(watchlist.Policy(name=f"clinic-{n:02}", url=fault_site.url(f"/terms/{n}")))
    fault_site.page_delay = 0.05
    first, second = start_crawl(tmp_path, policies), start_crawl(tmp_path, policies)

    # The run lock lets one crawl through; the other says "busy" (75) without fetching. Had
    # it started after the first finished, it would have run too, finding every text unchanged.
    codes = sorted((first.wait(timeout=120), second.wait(timeout=120)))
    assert codes in ([0, 75], [0, 0])
    assert integrity(db) == "ok"
    assert rows(db, "SELECT count(*) AS n FROM policies") == [{"n": 12}]
    per_policy = rows(db, "SELECT policy_id, count(*) AS n FROM versions GROUP BY policy_id")
    assert len(per_policy) == 12 and {r["n"] for r in per_policy} == {1}
    assert rows(db, "SELECT count(*) AS n FROM changes") == [{"n": 0}]
    logged = [outcome for _, outcome in outcomes(tmp_path)]
    assert logged.count("new-version") == 12
    assert set(logged) <= {"new-version", "unchanged", "not-modified"}
