"""`policywatch backfill`: fill each policy's history from the Wayback Machine."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter

import click

from crawler.cli.completion import policy_names_argument
from crawler.cli.console import console
from crawler.cli.crawling import select_policies
from crawler.cli.options import (
    db_option,
    settings_option,
    summary_format_option,
    watchlist_option,
)
from crawler.config import db_path, watchlist, watchlist_path
from crawler.jobs.backfill import backfill_history
from crawler.jobs.runlock import run_lock
from crawler.jobs.summary import backfill_json
from crawler.outcomes import advice
from crawler.wayback.cdx import SAMPLING
from crawler.wayback.progress import BackfillProgress

DATE_PREFIX = re.compile(r"^\d{4}(\d{2}(\d{2})?)?$")


def check_date_prefix(ctx, param, value: str | None) -> str:
    if value is None:
        return ""
    digits = value.replace("-", "")
    if not DATE_PREFIX.match(digits):
        raise click.BadParameter(f"expected YYYY, YYYYMM or YYYYMMDD, got {value!r}")
    return digits


@click.command()
@policy_names_argument
@click.option("--from", "start", callback=check_date_prefix, help="Oldest capture: YYYY[MM[DD]].")
@click.option("--to", "end", callback=check_date_prefix, help="Newest capture: YYYY[MM[DD]].")
@click.option(
    "--every",
    type=click.Choice(SAMPLING),
    default="change",
    show_default=True,
    help="Fetch every distinct capture, or only the first of each month/quarter/year.",
)
@db_option
@watchlist_option
@settings_option
@summary_format_option
def backfill(names, start, end, every, db, watchlist_file, settings, fmt) -> None:
    """Back-fill the history of each enabled policy (or of NAMES) from the Wayback Machine.

    Captures are placed on the timeline at their capture time, among the live versions.
    Resumable: a second run fetches only captures not stored yet. Exits 0 when every fetch
    worked, 1 when some failed (the summary says why).

    Example: policywatch backfill img-privacy --from 2018 --every quarter
    """
    policies = select_policies(watchlist.load(watchlist_path(watchlist_file)), names)
    path = db_path(db)
    progress = BackfillProgress(sys.stderr, sys.stderr.isatty(), console().quiet)
    # The run lock: a back-fill never overlaps a crawl or a scheduled run on one database.
    with run_lock(path, "backfill"):
        overrides = console().crawl_settings(settings)
        result = backfill_history(path, policies, (start, end), every, overrides, progress)
    rows = result.fetches
    names = [p.name for p in policies]
    if fmt == "json":
        summary = backfill_json(names, rows, progress, result.added)
        click.echo(json.dumps(summary, indent=2))
        ok = summary["failed"] == 0
    else:
        ok = summarise(names, rows, progress)
    if not ok:
        raise SystemExit(1)


def summarise(names: list[str], rows: list[dict], progress: BackfillProgress) -> bool:
    """One line per policy, then each failure with advice; True when nothing failed."""
    failed = [r for r in rows if not r["ok"]]
    for name in names:
        mine = [r for r in rows if r["policy"] == name]
        planned = progress.policies.get(name)
        if planned is None and not mine:
            click.echo(f"FAIL {name:32} no result (back-fill interrupted?)", err=True)
            continue
        counts = Counter(r["outcome"] for r in mine)
        done = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "nothing new"
        notes = ""
        if planned is not None and planned.sampled_out:
            notes = f"; {planned.sampled_out} distinct captures skipped by sampling"
        mark = "FAIL" if any(not r["ok"] for r in mine) else "ok  "
        click.echo(f"{mark} {name:32} {done}{notes}")
    for row in failed:
        click.echo(f"     {row['policy']}: {row['outcome']} {row['url']} {row['detail'] or ''}")
    for outcome in sorted({r["outcome"] for r in failed}):
        click.echo(f"     {outcome}: {advice(outcome)}", err=True)
    missing = [n for n in names if n not in progress.policies]
    click.echo(f"{len(rows) - len(failed)} ok, {len(failed)} failed")
    return not failed and not missing


COMMANDS = [backfill]
