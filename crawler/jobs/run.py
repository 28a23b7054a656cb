"""`policywatch run`: crawl every enabled policy, then send the alerts, recorded in `runs`.

The crawl runs in this same process, first, before anything else touches Twisted: Scrapy's
reactor can start once per process, and a run starts exactly one crawl. Keeping it in-process
(rather than a `policywatch crawl` child) means one process holds the run lock for the whole
run, and a crash anywhere is recorded in the run row. The scheduler starts each run as its own
subprocess, so the one-reactor rule is never hit twice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.alerts.config import AlertsConfig
from crawler.alerts.dispatch import ReporterReport, send_pending
from crawler.alerts.registry import ReporterContext
from crawler.config.watchlist import Policy
from crawler.jobs.crawl import CrawlResult, crawl_live
from crawler.storage import open_database


@dataclass(frozen=True)
class RunSummary:
    record: dict[str, Any]  # the `runs` row
    crawl: CrawlResult
    reports: list[ReporterReport]
    alertable: int

    @property
    def failed(self) -> bool:
        return self.record["status"] != "ok"


def run_once(
    db: Path,
    policies: list[Policy],
    overrides: dict[str, str] | None,
    config: AlertsConfig,
    progress=None,
) -> RunSummary:
    """Crawl `policies` live, send pending alerts, and record the run (caller holds the lock);
    the crawl's progress goes to `progress` (a crawler.wayback.progress.Progress) if given."""
    store = open_database(db)
    # Holding the lock, any run still marked 'running' died without finishing (SIGKILL, a
    # power cut): say so rather than leave it looking alive.
    store.close_interrupted_runs()
    run_id = store.start_run(os.getpid())
    marks = store.high_water_marks()
    store.close()
    try:
        crawl = crawl_live(db, policies, overrides, progress)
    except BaseException as error:
        store = open_database(db)
        store.finish_run(run_id, status="error", detail=f"crawl: {type(error).__name__}: {error}")
        store.close()
        raise
    store = open_database(db)
    try:
        added = store.added_since(marks)
        context = ReporterContext(store, db.parent, config.wayback_url)
        reports = send_pending(context, config, run_id)
        sent = sum(r.sent + r.notices_sent for r in reports)
        failed_alerts = sum(len(r.errors) + len(r.notice_errors) for r in reports)
        broken = any(r.problem for r in reports)  # a reporter that could not send at all
        policies_failed = len(crawl.failed) + len(crawl.missing)
        store.finish_run(
            run_id,
            status="partial" if policies_failed or failed_alerts or broken else "ok",
            policies_ok=len(crawl.ok),
            policies_failed=policies_failed,
            versions=added["versions"],
            changes=added["changes"],
            alerts_sent=sent,
            alerts_failed=failed_alerts,
        )
        return RunSummary(store.run(run_id), crawl, reports, added["alertable"])
    except BaseException as error:
        store.finish_run(run_id, status="error", detail=f"alerts: {type(error).__name__}: {error}")
        raise
    finally:
        store.close()
