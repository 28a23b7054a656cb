"""Extraction in worker processes: the crawl's own process only downloads and writes, and
what gets recorded is exactly what extracting in the reactor records."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from crawler.config import watchlist
from crawler.sandbox.siteserver import Page
from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from tests.support.backfill_helpers import POLICY_URL, backfill, edition, wait_for, write_watchlist
from tests.support.crawlrun import rows
from tests.support.paths import FAST_SETTINGS, ROOT

# Runs the CLI and, as it exits, prints the CPU seconds of its own process and of the
# children it waited for (the worker processes, joined when the spider closes).
CPU_REPORTING_CLI = (
    "import atexit, resource, runpy, sys\n"
    "def report():\n"
    "    own = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    print('CPU', own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime,\n"
    "          file=sys.stderr)\n"
    "atexit.register(report)\n"
    "runpy.run_module('crawler', run_name='__main__', alter_sys=True)\n"
)


def processes(count: int) -> tuple[str, str]:
    return ("-s", f"POLICYWATCH_EXTRACT_PROCESSES={count}")


def real_pages(corpus: Path, count: int) -> list[bytes]:
    """The newest snapshot of the first `count` histories of the corpus that have one."""
    pages = []
    for doc in sorted((corpus / "ota" / "docs").iterdir()):
        snapshots = sorted((doc / "snapshots").glob("*.html"))
        if snapshots:
            pages.append(snapshots[-1].read_bytes())
        if len(pages) == count:
            return pages
    return pages


def crawl_with_cpu(directory: Path, site, bodies: list[bytes], workers: int | None):
    """`policywatch crawl` of `bodies` served as policies, with `workers` extraction
    processes (None: the setting left at its default); (own CPU s, children's CPU s)."""
    directory.mkdir()
    policies = []
    for number, body in enumerate(bodies):
        site.pages[f"/p{number}"] = Page(body, content_type="text/html")
        policies.append(watchlist.Policy(name=f"p{number}", url=site.url(f"/p{number}")))
    watchlist.save(directory / "policies.yaml", policies)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CPU_REPORTING_CLI,
            "crawl",
            "--db",
            str(directory / "pw.db"),
            "--watchlist",
            str(directory / "policies.yaml"),
            *FAST_SETTINGS,
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            *(processes(workers) if workers is not None else ()),
        ],
        capture_output=True,
        text=True,
        cwd=directory,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("CPU "))
    own, children = map(float, line.split()[1:])
    return own, children


def test_by_default_the_crawl_extracts_in_its_own_process(tmp_path, site, corpus):
    # Worker processes only pay on a machine with idle cores: a user turns them on.
    pages = real_pages(corpus, 10)
    own, children = crawl_with_cpu(tmp_path / "default", site, pages, None)
    # A worker process costs far more (an interpreter started and the extraction imported,
    # some 0.5 s of CPU); the crawl's own short-lived helpers (a browser probe) a few ms.
    assert children < 0.1, (own, children)
    assert len(recorded(tmp_path / "default" / "pw.db")["versions"]) == len(pages)


def recorded(db: Path) -> dict[str, list]:
    """What a crawl recorded, less wall-clock times: per policy its texts in order, and
    every fetch in order."""
    return {
        "versions": [
            (r["policy"], r["version_number"], r["change_kind"], r["sections_changed"])
            for r in rows(db, "SELECT * FROM policy_timeline ORDER BY policy, version_number")
        ],
        "texts": rows(db, "SELECT policy_id, text_hash, word_count FROM version_rows ORDER BY id"),
        "fetches": rows(
            db, "SELECT policy_id, url, outcome, ok, text_hash FROM fetch_log ORDER BY id"
        ),
    }


def test_extraction_cpu_is_spent_in_worker_processes(tmp_path, site, corpus):
    pages = real_pages(corpus, 60)
    own_inline, _ = crawl_with_cpu(tmp_path / "inline", site, pages, 0)
    own, children = crawl_with_cpu(tmp_path / "workers", site, pages, 2)
    # Extracting a real page costs ~13 ms of CPU: the crawl's own process no longer spends
    # it, its worker processes do (and more: their start-up, the pickles).
    saved = own_inline - own
    assert saved / len(pages) > 0.008, (own_inline, own, children)
    assert children > saved
    inline = recorded(tmp_path / "inline" / "pw.db")
    workers = recorded(tmp_path / "workers" / "pw.db")
    # Live pages arrive in any order, so fetches are compared as sets; texts by policy.
    assert sorted(map(str, inline["fetches"])) == sorted(map(str, workers["fetches"]))
    assert inline["versions"] == workers["versions"]
    assert len(workers["versions"]) == len(pages)


def test_a_backfill_in_worker_processes_records_the_same_history(tmp_path):
    # Captures of texts seen before need no fetch: the spider yields them in one burst, and a
    # large page's extraction (in one worker) ends after a small one's (in another). Each
    # policy's captures must still reach the timeline and fetch_log in the spider's order.
    large = edition(1).replace(b"</main>", b"<p>Harbour Lane Bakery bakes bread.</p>" * 4000)
    store = ArchiveStore()
    bodies = [large, edition(2), large, edition(2), large, edition(3), edition(2), large]
    for number, body in enumerate(bodies):
        store.add_capture(POLICY_URL, f"20{10 + number}0301101500", body)
    histories = {}
    with WaybackServer(store) as server:
        for workers in (0, 2):
            directory = tmp_path / f"workers-{workers}"
            directory.mkdir()
            write_watchlist(directory, {"harbourlane-privacy": POLICY_URL})
            result = backfill(directory, server, *processes(workers))
            assert result.returncode == 0, result.stdout + result.stderr
            db = directory / "pw.db"
            histories[workers] = (
                rows(db, "SELECT * FROM policy_timeline ORDER BY version_id"),
                rows(db, "SELECT url, outcome, detail, text_hash FROM fetch_log ORDER BY id"),
                rows(db, "SELECT from_version_id, to_version_id, kind, diff_json FROM changes"),
            )
    assert histories[0] == histories[2]
    timeline, fetches, _ = histories[2]
    assert len(fetches) == len(bodies)
    assert [r["version_number"] for r in timeline] == list(range(1, len(bodies) + 1))


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_extraction_processes_end_with_a_killed_crawl(tmp_path, site, corpus):
    pages = real_pages(corpus, 40)
    for number, body in enumerate(pages):
        site.pages[f"/p{number}"] = Page(body, content_type="text/html")
    policies = [watchlist.Policy(name=f"p{n}", url=site.url(f"/p{n}")) for n in range(len(pages))]
    watchlist.save(tmp_path / "policies.yaml", policies)
    crawl = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler",
            "crawl",
            "--db",
            str(tmp_path / "pw.db"),
            "--watchlist",
            str(tmp_path / "policies.yaml"),
            *FAST_SETTINGS,
            *processes(2),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    wait_for(lambda: len(children(crawl.pid)) >= 2, 120)
    workers = children(crawl.pid)
    crawl.send_signal(signal.SIGKILL)
    # Nothing holds the crawl's output open once it is killed: its workers are gone too.
    crawl.communicate(timeout=30)
    wait_for(lambda: not any(running(pid) for pid in workers), 10)
