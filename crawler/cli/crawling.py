"""`policywatch crawl`: fetch the live pages and record what changed."""

from __future__ import annotations

import click

from crawler import watchlist
from crawler.cli.options import db_option, watchlist_option
from crawler.config import crawl_settings, db_path, watchlist_path
from crawler.crawl import run_spider, spider_arguments
from crawler.failing import streak_notices
from crawler.lookup import NotFoundError
from crawler.outcomes import advice
from crawler.storage import open_database


def parse_setting(ctx, param, values) -> dict[str, str]:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep:
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}")
        settings[name] = setting
    return settings


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
@click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    callback=parse_setting,
    help="Override a Scrapy or POLICYWATCH_* setting: -s DOWNLOAD_DELAY=5.",
)
def crawl(names, db, watchlist_file, settings) -> None:
    """Fetch the live page of each enabled policy (or of NAMES) and record changes.

    Exits 0 when every fetch worked, 1 when some failed (the summary says why).

    Example: policywatch crawl img-privacy imo-health-privacy
    """
    policies = select_policies(watchlist.load(watchlist_path(watchlist_file)), names)
    path = db_path(db)
    store = open_database(path)
    described = spider_arguments(store, policies)
    before = store.last_fetch_id()
    store.close()
    run_spider("live", path, {"policies": described}, settings)
    store = open_database(path)
    rows = store.fetches_after(before)
    failing_after = crawl_settings(path, settings).getint("POLICYWATCH_FAILING_AFTER")
    notices = streak_notices(store, rows, failing_after)
    store.close()
    failed = [r for r in rows if not r["ok"]]
    for row in rows:
        mark = "ok  " if row["ok"] else "FAIL"
        click.echo(f"{mark} {row['policy']:32} {row['outcome']:17} {row['detail'] or ''}")
    for row in failed:
        click.echo(f"     {row['policy']}: {advice(row['outcome'])}", err=True)
    for notice in notices:
        click.echo(notice)
    missing = {p.name for p in policies} - {r["policy"] for r in rows}
    for name in sorted(missing):
        click.echo(f"FAIL {name:32} no result (crawl interrupted?)", err=True)
    click.echo(f"{len(rows) - len(failed)} ok, {len(failed) + len(missing)} failed")
    if failed or missing:
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
