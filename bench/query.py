"""Query speed on a large generated history: timeline, change details, silent
edits and full-text search, at 1,000 policies and at 10,000, median of repeated runs.

    python bench/query.py [--policies 1000] [--versions 50] [--large-policies 10000]
                          [--large-versions 5] [--repeat 7]

10,000 x 50 versions (6 million sections) takes far longer to generate than the bench's few
minutes, so the large database has fewer versions per policy; the table says which sizes ran.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench.*` when run as a script

from bench.history_db import build_database, policy_entry
from crawler.storage import Store

# The questions of the README's "Querying the history", as a user would type them.
TIMELINE = """SELECT policy, version_number, first_seen, change_kind, sections_changed
FROM policy_timeline WHERE policy = ? ORDER BY first_seen"""
POLICY_CHANGES = """SELECT changed_at, heading, section_status, word_diff
FROM change_details WHERE policy = ? ORDER BY changed_at"""
SHARING_CHANGED_IN_YEAR = """SELECT DISTINCT policy, changed_at, heading FROM change_details
WHERE heading LIKE '%shar%' AND changed_at >= '2009-01-01' AND changed_at < '2010-01-01'"""
ALL_SILENT_EDITS = """SELECT policy, changed_at, effective_date, sections_modified
FROM silent_edits ORDER BY changed_at"""
SILENT_EDITS_IN_MONTH = """SELECT policy, changed_at, effective_date FROM silent_edits
WHERE changed_at >= '2009-03-01' AND changed_at < '2009-04-01' ORDER BY changed_at"""


def measurements(store: Store, policy: str) -> dict[str, Callable[[], list]]:
    """Each measured query, named as the table shows it."""
    return {
        "policy_timeline, one policy": lambda: store.query(TIMELINE, [policy]),
        "change_details, one policy": lambda: store.query(POLICY_CHANGES, [policy]),
        "change_details, 'shar%' heading in 2009": lambda: store.query(SHARING_CHANGED_IN_YEAR),
        "silent_edits, all": lambda: store.query(ALL_SILENT_EDITS),
        "silent_edits, one month": lambda: store.query(SILENT_EDITS_IN_MONTH),
        "search 'advertising' (top 20)": lambda: store.search_sections("advertising"),
        "search 'couriers', one policy": lambda: store.search_sections("couriers", policy=policy),
    }


def median_ms(run: Callable[[], list], repeat: int) -> tuple[float, int]:
    """Median wall time of `repeat` runs after one warm-up, and the number of rows."""
    rows = len(run())
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, rows


def measure_size(folder: Path, policies: int, versions: int, repeat: int) -> dict:
    start = time.perf_counter()
    store = build_database(folder / f"history-{policies}x{versions}.db", policies, versions)
    built = time.perf_counter() - start
    counts = store.query(
        "SELECT (SELECT count(*) FROM versions) AS versions, "
        "(SELECT count(*) FROM sections) AS sections, (SELECT count(*) FROM changes) AS changes"
    )[0]
    policy = policy_entry(policies // 2)["name"]
    timings = {name: median_ms(run, repeat) for name, run in measurements(store, policy).items()}
    store.close()
    size_mb = store.path.stat().st_size / 1e6
    return {
        "label": f"{policies:,} x {versions}",
        "built": built,
        "mb": size_mb,
        **counts,
        "timings": timings,
    }


def print_table(small: dict, large: dict, repeat: int) -> None:
    print(f"\nQuery time, median of {repeat} runs (ms), and rows returned\n")
    header = f"{'query':42} {small['label']:>18} {large['label']:>18} {'growth':>7}"
    print(header)
    print("-" * len(header))
    for name, (small_ms, small_rows) in small["timings"].items():
        large_ms, large_rows = large["timings"][name]
        print(
            f"{name:42} {small_ms:9.2f} ({small_rows:>5}) {large_ms:9.2f} ({large_rows:>5}) "
            f"{large_ms / small_ms:6.1f}x"
        )
    print()
    for size in (small, large):
        print(
            f"{size['label']:>14}: {size['versions']:,} versions, {size['sections']:,} sections, "
            f"{size['changes']:,} changes; {size['mb']:.0f} MB; generated in {size['built']:.0f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=50)
    parser.add_argument("--large-policies", type=int, default=10_000)
    parser.add_argument("--large-versions", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    # Memory-backed when the machine has one: the bench measures queries, not the disk.
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as folder:
        small = measure_size(Path(folder), args.policies, args.versions, args.repeat)
        large = measure_size(Path(folder), args.large_policies, args.large_versions, args.repeat)
    print_table(small, large, args.repeat)


if __name__ == "__main__":
    main()
