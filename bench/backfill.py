"""Back-fill speed against the local Wayback server, politeness off.

Every Open Terms Archive document with raw snapshots becomes one archived policy history;
`policywatch backfill` runs over all of them in a subprocess (start-up included, as a user
sees it), then once more to show what an idempotent re-run costs.

    python bench/backfill.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from crawler.sandbox.wayback import ArchiveStore, WaybackServer, load_ota_history

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT.parent / "shared" / "corpus" / "ota" / "docs"
POLITENESS_OFF = {
    "POLICYWATCH_WAYBACK_CDX_INTERVAL": "0",
    "POLICYWATCH_WAYBACK_CAPTURE_INTERVAL": "0",
}


def archive_all(store: ArchiveStore) -> dict[str, str]:
    """Load every document's snapshots under its own URL; return name -> URL."""
    policies = {}
    for doc in sorted(DOCS.iterdir()):
        if (doc / "snapshots.json").is_file():
            url = f"https://{doc.name}.example/policy"
            if load_ota_history(store, doc, url=url):
                policies[doc.name.lower()] = url
    return policies


def write_watchlist(workdir: Path, policies: dict[str, str]) -> None:
    """Each entry states its document type, the terms type ending the corpus name ("…--bumble--
    terms-of-service"), as bench/changes.py does: a page watched as the wrong type keeps the
    wrong document of a page holding several."""
    entries = [
        {"name": name, "url": url, "document_type": name.rsplit("--", 1)[-1]}
        for name, url in policies.items()
    ]
    (workdir / "policies.yaml").write_text(yaml.safe_dump({"policies": entries}))


@contextmanager
def archived_corpus() -> Iterator[tuple[Path, WaybackServer, dict[str, str]]]:
    """A working directory whose watch list names every archived history, the archive
    serving them, and the policies (name -> URL)."""
    store = ArchiveStore()
    policies = archive_all(store)
    with tempfile.TemporaryDirectory() as tmp, WaybackServer(store) as server:
        workdir = Path(tmp)
        write_watchlist(workdir, policies)
        yield workdir, server, policies


def run(workdir: Path, server: WaybackServer) -> float:
    settings = {**POLITENESS_OFF, "POLICYWATCH_WAYBACK_URL": server.base_url}
    flags = [f for name, value in settings.items() for f in ("-s", f"{name}={value}")]
    command = [sys.executable, "-m", "crawler", "backfill", "--db", "pw.db"]
    command += ["--watchlist", "policies.yaml", *flags]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run(command, cwd=workdir, env=env, capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> int:
    if not DOCS.is_dir():
        print(f"../shared/corpus not found at {DOCS}: this benchmark needs it", file=sys.stderr)
        return 1
    with archived_corpus() as (workdir, server, policies):
        first = run(workdir, server)
        captures = sum(1 for r in server.requests if r.path.startswith("/web/"))
        seen = len(server.requests)
        second = run(workdir, server)
        again = sum(1 for r in server.requests[seen:] if r.path.startswith("/web/"))
    print(f"policies: {len(policies)}, captures fetched: {captures}")
    print(f"first run:  {first:6.2f} s  {captures / first:6.1f} captures/s (start-up included)")
    print(f"second run: {second:6.2f} s  {again} captures fetched (idempotent re-run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
