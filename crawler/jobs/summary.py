"""What a crawl, back-fill, run or alerts delivery did, as plain data for `--format json`:
counts by outcome, versions added, changes, alerts sent, and each fetch with its advice."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from crawler.outcomes import advice

if TYPE_CHECKING:
    from crawler.alerts.dispatch import ReporterReport
    from crawler.jobs.run import RunSummary
    from crawler.wayback.progress import BackfillProgress

FETCH_KEYS = ("policy", "source", "url", "final_url", "requested_at", "outcome", "http_status")


def fetch_json(row: dict[str, Any]) -> dict[str, Any]:
    """One fetch_log row; a failure says what to do about it."""
    return {
        **{key: row.get(key) for key in FETCH_KEYS},
        "ok": bool(row["ok"]),
        "detail": row["detail"] or None,
        "advice": None if row["ok"] else advice(row["outcome"]),
    }


def fetches_json(
    rows: list[dict[str, Any]], missing: list[str], added: dict[str, int]
) -> dict[str, Any]:
    """The counts and fetches of a crawl or back-fill; `added` from `Store.added_since`."""
    failed = [row for row in rows if not row["ok"]]
    return {
        "ok": len(rows) - len(failed),
        "failed": len(failed) + len(missing),
        "outcomes": dict(sorted(Counter(row["outcome"] for row in rows).items())),
        "versions_added": added["versions"],
        "changes": added["changes"],
        "alertable_changes": added["alertable"],
        "fetches": [fetch_json(row) for row in rows],
        "missing": list(missing),  # policies that got no result at all (an interrupted run)
    }


def backfill_json(
    names: list[str],
    rows: list[dict[str, Any]],
    progress: BackfillProgress,
    added: dict[str, int],
) -> dict[str, Any]:
    """A back-fill's counts and fetches, and each policy's plan (from its progress)."""
    missing = [n for n in names if n not in progress.policies]
    plans = [
        {
            "policy": name,
            "captures_to_fetch": plan.total,
            "already_stored": plan.stored_before,
            "skipped_by_sampling": plan.sampled_out,
        }
        for name, plan in progress.policies.items()
    ]
    return {**fetches_json(rows, missing, added), "policies": plans}


def reporters_json(reports: list[ReporterReport], dry_run: bool = False) -> dict[str, Any]:
    """What each reporter sent (or, in a dry run, would send)."""
    return {
        "dry_run": dry_run,
        "sent": 0 if dry_run else sum(r.sent for r in reports),
        "failed": sum(len(r.errors) for r in reports),
        "reporters": [
            {
                "id": report.id,
                "description": report.description,
                "sent": 0 if dry_run else report.sent,
                "alerts": [  # what it sent or tried to (or, in a dry run, would send)
                    {
                        "policy": a.policy,
                        "kind": a.kind,
                        "label": a.kind_label,
                        "changed_at": a.changed_at,
                    }
                    for a in report.to_send
                ],
                "filtered_out": len(report.filtered),
                "errors": sorted(set(report.errors.values())),
                "problem": report.problem,
            }
            for report in reports
        ],
    }


def run_json(summary: RunSummary, configured: bool) -> dict[str, Any]:
    """The run's record, its crawl's counts and fetches, and what each reporter sent (None
    when no alerts configuration was found)."""
    crawl = summary.crawl
    return {
        "run": summary.record,
        **fetches_json(crawl.fetches, crawl.missing, crawl.added),
        "notices": crawl.notices,
        "alerts": reporters_json(summary.reports) if configured else None,
    }
