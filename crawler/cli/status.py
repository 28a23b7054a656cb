"""`policywatch status`: each policy at a glance, failing ones first."""

from __future__ import annotations

import json

import click

from crawler.cli.options import db_option, watchlist_option
from crawler.cli.reading import open_existing
from crawler.config import watchlist, watchlist_path
from crawler.query.status import policy_statuses, status_line

COLOURS = {"FAIL": "red", "ok  ": "green", "new ": "yellow"}


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@db_option
@watchlist_option
def status(fmt, db, watchlist_file) -> None:
    """Each watched policy: last fetch and outcome, failing streak, last change, versions,
    next scheduled run. Failing policies first.

    Example: policywatch status --format json
    """
    path = watchlist_path(watchlist_file)
    watched = watchlist.load(path) if path.exists() else None
    store = open_existing(db)
    try:
        statuses = policy_statuses(store, watched)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps([s.to_dict() for s in statuses], indent=2))
        return
    for entry in statuses:
        line = status_line(entry)
        click.echo(click.style(line, fg=COLOURS[line[:4]]))


COMMANDS = [status]
