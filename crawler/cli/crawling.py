"""`policywatch crawl`: fetch the live pages and record what changed."""

from __future__ import annotations

import click

from crawler import watchlist
from crawler.cli.options import db_option, redis_option, settings_option, watchlist_option
from crawler.config import db_path, watchlist_path
from crawler.crawl import crawl_live
from crawler.lookup import NotFoundError
from crawler.outcomes import advice
from crawler.runlock import run_lock


def select_policies(all_policies, names) -> list[watchlist.Policy]:
    """The named policies (enabled or not), or every enabled one when none is named."""
    if not names:
        return [p for p in all_policies if p.enabled]
    by_name = {p.name: p for p in all_policies}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise NotFoundError(f"not in the watch list: {', '.join(unknown)} (see `policywatch list`)")
    return [by_name[n] for n in names]


@click.command()
@click.argument("names", nargs=-1)
@db_option
@watchlist_option
@settings_option
@redis_option
def crawl(names, db, watchlist_file, settings, redis_url) -> None:
    """Fetch the live page of each enabled policy (or of NAMES) and record changes.

    With --redis, `policywatch worker` processes on any machine fetch the pages and this
    command records them. Exits 0 when every fetch worked, 1 when some failed (the summary
    says why).

    Example: policywatch crawl img-privacy imo-health-privacy
    """
    policies = select_policies(watchlist.load(watchlist_path(watchlist_file)), names)
    path = db_path(db)
    with run_lock(path, "crawl"):
        result = crawl_live(path, policies, settings, redis_url)
    for row in result.fetches:
        mark = "ok  " if row["ok"] else "FAIL"
        click.echo(f"{mark} {row['policy']:32} {row['outcome']:17} {row['detail'] or ''}")
    for row in result.failed:
        click.echo(f"     {row['policy']}: {advice(row['outcome'])}", err=True)
    for notice in result.notices:
        click.echo(notice)
    for name in result.missing:
        click.echo(f"FAIL {name:32} no result (crawl interrupted?)", err=True)
    click.echo(f"{len(result.ok)} ok, {len(result.failed) + len(result.missing)} failed")
    if result.failed or result.missing:
        raise SystemExit(1)


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

    from crawler.demo import run_demo

    raise SystemExit(run_demo(Path(workdir), click.echo))


COMMANDS = [crawl, demo]
