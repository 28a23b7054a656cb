"""`policywatch crawl`: fetch the live pages and record what changed."""

from __future__ import annotations

import json

import click

from crawler.cli.completion import policy_names_argument
from crawler.cli.console import console
from crawler.cli.options import (
    db_option,
    redis_option,
    settings_option,
    summary_format_option,
    watchlist_option,
)
from crawler.config import db_path, watchlist, watchlist_path
from crawler.jobs.crawl import CrawlResult, crawl_live
from crawler.jobs.runlock import run_lock
from crawler.jobs.summary import fetches_json
from crawler.outcomes import NO_NETWORK_ADVICE, advice, network_down
from crawler.query.lookup import NotFoundError


def select_policies(all_policies, names) -> list[watchlist.Policy]:
    """The named policies (enabled or not), or every enabled one when none is named."""
    if not names:
        return [p for p in all_policies if p.enabled]
    by_name = {p.name: p for p in all_policies}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise NotFoundError(f"not in the watch list: {', '.join(unknown)} (see `policywatch list`)")
    return [by_name[n] for n in names]


def advice_lines(fetches: list[dict]) -> list[str]:
    """What to do about each failed fetch, or one line when the network itself seems down."""
    shared = network_down(fetches)
    if shared:
        return [NO_NETWORK_ADVICE.format(outcome=shared)]
    return [f"     {row['policy']}: {advice(row['outcome'])}" for row in fetches if not row["ok"]]


@click.command()
@policy_names_argument
@db_option
@watchlist_option
@settings_option
@summary_format_option
@redis_option
def crawl(names, db, watchlist_file, settings, fmt, redis_url) -> None:
    """Fetch the live page of each enabled policy (or of NAMES) and record changes.

    With --redis, `policywatch worker` processes on any machine fetch the pages and this
    command records them. Exits 0 when every fetch worked, 1 when some failed (the summary
    says why).

    Example: policywatch crawl img-privacy imo-health-privacy
    """
    policies = select_policies(watchlist.load(watchlist_path(watchlist_file)), names)
    path = db_path(db)
    with run_lock(path, "crawl"):
        progress = console().progress("crawl", "fetch")
        overrides = console().crawl_settings(settings)
        result = crawl_live(path, policies, overrides, progress, redis_url)
    if fmt == "json":
        summary = fetches_json(result.fetches, result.missing, result.added)
        click.echo(json.dumps({**summary, "notices": result.notices}, indent=2))
    else:
        report_crawl(result)
    if result.failed or result.missing:
        raise SystemExit(1)


def report_crawl(result: CrawlResult) -> None:
    """A line per fetch (failures only with -q), advice for each failure, then the totals."""
    for row in result.fetches:
        if console().quiet and row["ok"]:
            continue
        mark = "ok  " if row["ok"] else "FAIL"
        click.echo(f"{mark} {row['policy']:32} {row['outcome']:17} {row['detail'] or ''}")
    for line in advice_lines(result.fetches):
        click.echo(line, err=True)
    for notice in result.notices:
        click.echo(notice)
    for warning in result.warnings:
        click.echo(warning, err=True)
    for name in result.missing:
        click.echo(f"FAIL {name:32} no result (crawl interrupted?)", err=True)
    click.echo(f"{len(result.ok)} ok, {len(result.failed) + len(result.missing)} failed")


@click.command()
@click.option(
    "--dir",
    "workdir",
    default="data/demo",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where the demo keeps its own database.",
)
def demo(workdir) -> None:
    """Show the whole loop offline: serve a fictional policy, crawl, change it, crawl, diff.

    Uses its own database in --dir, never yours. Example: policywatch demo
    """
    from pathlib import Path

    from crawler.jobs.demo import run_demo

    raise SystemExit(run_demo(Path(workdir), click.echo))


COMMANDS = [crawl, demo]
