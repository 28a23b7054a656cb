"""`policywatch backfill`: fill each policy's history from the Wayback Machine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.config.watchlist import Policy
from crawler.jobs.backfill_plan import with_backfill_plan
from crawler.jobs.crawl import run_spider, spider_arguments
from crawler.storage import open_database
from crawler.wayback.progress import BackfillProgress


@dataclass(frozen=True)
class BackfillResult:
    """What one back-fill did: its fetch_log rows and what it added to the history."""

    fetches: list[dict[str, Any]]
    added: dict[str, int]  # versions, changes and alertable changes it recorded


def backfill_history(
    db: Path,
    policies: list[Policy],
    window: tuple[str, str],
    every: str,
    overrides: dict[str, str] | None,
    progress: BackfillProgress,
) -> BackfillResult:
    """Fetch the Wayback captures of `policies` from `window` (YYYY[MM[DD]] prefixes, "" for
    open ends), sampled by `every`, into `db` (blocking; once per process; the caller holds
    the run lock); each policy's plan and outcome go to `progress`."""
    store = open_database(db)
    # What is stored already is read once, here: the spider reads no database.
    described = with_backfill_plan(store, spider_arguments(store, policies))
    before, marks = store.last_fetch_id(), store.high_water_marks()
    store.close()
    start, end = window
    arguments = {
        "policies": described,
        "start": start,
        "end": end,
        "every": every,
        "progress": progress,
    }
    try:
        run_spider("wayback", db, arguments, overrides)
    finally:
        progress.close()
    store = open_database(db)
    fetches = store.fetches_after(before)
    added = store.added_since(marks)
    store.close()
    return BackfillResult(fetches, added)
