"""`policywatch where` and `policywatch init`: where policywatch keeps its files."""

from __future__ import annotations

import json

import click

from crawler.cli.options import alerts_option, db_option, watchlist_option
from crawler.config import locations
from crawler.jobs.init_home import init_home


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@db_option
@watchlist_option
@alerts_option
def where(fmt, db, watchlist_file, alerts_file) -> None:
    """Print where the database, watch list, alerts configuration and feeds are.

    The home is $POLICYWATCH_HOME, else ./data when present, else $XDG_DATA_HOME/policywatch
    (~/.local/share/policywatch); --db, --watchlist, --alerts and their variables still win.

    Example: policywatch where --format json
    """
    found = locations(db, watchlist_file, alerts_file)
    paths = found.to_dict()
    if fmt == "json":
        click.echo(json.dumps(paths, indent=2))
        return
    click.echo(f"{'home':10} {paths['home']}  ({paths['home_from']})")
    for label, key, path in (
        ("database", "database", found.db),
        ("watch list", "watchlist", found.watchlist),
        ("alerts", "alerts", found.alerts),
        ("feeds", "feeds", found.feeds),
    ):
        click.echo(f"{label:10} {paths[key]}{'' if path.exists() else '  (not there yet)'}")


@click.command()
@db_option
@watchlist_option
@alerts_option
def init(db, watchlist_file, alerts_file) -> None:
    """Create the home: a commented starter watch list and alerts configuration, an empty
    database and the feeds directory. Refuses to overwrite any of them.

    Example: POLICYWATCH_HOME=~/policies policywatch init
    """
    for path in init_home(locations(db, watchlist_file, alerts_file)):
        click.echo(f"created {path}")
    click.echo("next: policywatch add URL --name NAME, then policywatch crawl")


COMMANDS = [where, init]
