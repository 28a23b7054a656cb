"""Snapshots per second through check → decode → extract → normalise → section → classify → store.

Every stored real snapshot in ../shared/corpus/ota goes through the item pipelines a crawl runs
(CheckResponsePipeline, ExtractPolicyPipeline, RecordVersionPipeline on a fresh SQLite file),
each document's history in capture order, replayed --replays times as distinct policies. A
replay brings the same texts again, which caches keyed by text can recognise although real
distinct policies would not share them: the default, one replay, is the figure; more replays
only steady it on a noisy machine (and flatter it by the size of those hits). The process is
pinned to one core, its garbage collector set as a crawl sets it (crawler/jobs/collector.py).
Prints the rate per CPU-second (and per wall second), the CPU time per stage (exclusive: a
stage's figure excludes the stages it calls) and the peak resident memory. Target:
>= 100 snapshots per second on one core.

With --extraction-beforehand every page's extraction is worked out before the clock starts
and only looked up during the run: the rate of everything else, the most any extractor could
give.

    python bench/pipeline.py [--replays 1] [--tracemalloc] [--extraction-beforehand]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import resource
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from _corpus import Snapshot, require_corpus, snapshot_histories
from _feed import Pipelines, add_policies, capture

import crawler.extraction.body
import crawler.extraction.html
import crawler.pipelines
import crawler.timeline.history
from crawler.jobs.collector import tune_for_crawl
from crawler.pipelines import (
    CheckResponsePipeline,
    ExtractPolicyPipeline,
    FetchFailed,
    RecordVersionPipeline,
)


class StageClock:
    """Exclusive CPU time per stage of functions wrapped in place (a few calls per snapshot)."""

    def __init__(self) -> None:
        self.totals: Counter[str] = Counter()
        self._nested: list[float] = []

    def wrap(self, owner, name: str, stage: str) -> None:
        function = getattr(owner, name)

        @functools.wraps(function)
        def timed(*args, **kwargs):
            self._nested.append(0.0)
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.process_time() - started
                self.totals[stage] += elapsed - self._nested.pop()
                if self._nested:
                    self._nested[-1] += elapsed

        setattr(owner, name, timed)


def instrument() -> StageClock:
    """Time the stages where the pipelines call them (names looked up at call time)."""
    clock = StageClock()
    clock.wrap(CheckResponsePipeline, "process_item", "check")
    clock.wrap(crawler.extraction.body, "decode_body", "decode")
    clock.wrap(crawler.extraction.body, "explain_extraction", "extract")
    clock.wrap(crawler.extraction.body, "check_page", "not-a-policy check")
    # The effective date and the sections of the new text; split_sections again when a stored
    # version is rebuilt for comparison.
    clock.wrap(crawler.extraction.html, "find_date_statement", "section + date")
    clock.wrap(crawler.extraction.html, "document_with_date", "section + date")
    clock.wrap(crawler.timeline.history, "split_sections", "section + date")
    clock.wrap(crawler.timeline.history, "text_hash", "normalise + hash")
    clock.wrap(crawler.pipelines, "text_hash", "normalise + hash")
    clock.wrap(crawler.timeline.history, "build_change", "diff + classify")
    clock.wrap(RecordVersionPipeline, "process_item", "store (SQLite, zstd)")
    return clock


def captures(histories: dict[str, list[Snapshot]], replays: int, policy_ids: list[int]):
    """The items of every snapshot, replay after replay, each replay a distinct policy.

    A replay's bodies differ by an HTML comment, so their raw bytes are new (as every real
    capture's are) while their text is the same.
    """
    runs = [(name, r) for r in range(replays) for name in histories]
    for policy_id, (name, r) in zip(policy_ids, runs, strict=True):
        marker = f"<!-- replay {r} -->".encode() if r else b""
        for snapshot in histories[name]:
            url = snapshot.url or f"https://x.invalid/{name}"
            yield capture(policy_id, url, snapshot.captured_at, snapshot.body + marker)


def replay(histories: dict[str, list[Snapshot]], replays: int, db: Path) -> Counter[str]:
    """Run every snapshot through the pipelines; count the outcomes."""
    names = [f"{name}#{r}" for r in range(replays) for name in histories]
    policy_ids = add_policies(db, names)
    pipelines = Pipelines(db)
    outcomes: Counter[str] = Counter()
    for item in captures(histories, replays, policy_ids):
        outcomes[pipelines.process(item)] += 1
    pipelines.close()
    return outcomes


def extract_beforehand(histories: dict[str, list[Snapshot]], replays: int) -> None:
    """Work out every snapshot's extraction now, so that the timed run only looks it up.

    What is left is the rest of the pipeline's own rate: the most any extractor could give.
    """
    explained: dict[tuple, crawler.extraction.html.Explanation] = {}
    explain = crawler.extraction.body.explain_extraction

    def looked_up(html_text, url=None, select=None, remove=None, document=None):
        key = (html_text, url, tuple(select or ()), tuple(remove or ()), document)
        if key not in explained:
            explained[key] = explain(html_text, url, select, remove, document)
        return explained[key]

    crawler.extraction.body.explain_extraction = looked_up
    extract = ExtractPolicyPipeline()
    for item in captures(histories, replays, [0] * len(histories) * replays):
        with contextlib.suppress(FetchFailed):  # not a policy: dropped in the run alike
            extract.process_item(item)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replays", type=int, default=1, help="times to replay the corpus")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (slower)"
    )
    parser.add_argument(
        "--extraction-beforehand",
        action="store_true",
        help="work out every extraction before the clock starts (the rest's own rate)",
    )
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    histories = snapshot_histories(require_corpus())
    count = sum(len(h) for h in histories.values()) * args.replays
    size = sum(len(s.body) for h in histories.values() for s in h)
    print(
        f"{count} snapshots: {len(histories)} real histories ({size / 1e6:.1f} MB of HTML) "
        f"x {args.replays} replays, one core"
    )
    rss_before = peak_rss_mb()
    if args.extraction_beforehand:
        extract_beforehand(histories, args.replays)
        print("extraction worked out beforehand: its stage below is only a look-up")
    clock = instrument()
    if args.tracemalloc:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        tune_for_crawl()  # as run_spider does before a crawl starts
        started, cpu_started = time.perf_counter(), time.process_time()
        outcomes = replay(histories, args.replays, db)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        db_bytes = sum(p.stat().st_size for p in Path(tmp).iterdir())
    # CPU time is the figure: on a shared machine wall time also counts other processes' turns.
    print(f"\n{count / cpu:7.1f} snapshots per CPU-second on one core (target ≥ 100)")
    print(f"{count / elapsed:7.1f} snapshots/s of wall time ({elapsed:.1f} s)")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print(f"\n{'stage (CPU)':<22} {'ms/snapshot':>11} {'share':>7}")
    for stage, seconds in clock.totals.most_common():
        print(f"{stage:<22} {1000 * seconds / count:11.2f} {seconds / cpu:7.1%}")
    other = cpu - sum(clock.totals.values())
    print(f"{'(replay loop)':<22} {1000 * other / count:11.2f} {other / cpu:7.1%}")
    print(f"\npeak RSS {peak_rss_mb():.0f} MB (corpus loaded: {rss_before:.0f} MB)")
    if args.tracemalloc:
        print(f"peak traced Python allocations {tracemalloc.get_traced_memory()[1] / 1e6:.0f} MB")
    print(f"database {db_bytes / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
