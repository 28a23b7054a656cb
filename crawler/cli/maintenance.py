"""`policywatch reextract`: apply an improved extractor to the stored raw captures."""

from __future__ import annotations

import click

from crawler import lookup
from crawler.cli.options import db_option
from crawler.cli.reading import open_existing
from crawler.reextract import reextract
from crawler.runlock import run_lock


@click.command("reextract")
@click.argument("names", nargs=-1)
@db_option
def reextract_command(names, db) -> None:
    """Extract each policy's latest stored capture again with the current extractor.

    A text that differs from the version in force becomes a *technical* version: recorded,
    never alerted. History already recorded is left as it was. Without NAMES: every policy
    in the database.

    Example: policywatch reextract img-privacy
    """
    store = open_existing(db)
    with run_lock(store.path, "reextract"):
        known = [row["name"] for row in store.query("SELECT name FROM policies ORDER BY name")]
        for name in names:
            lookup.policy(store, name)  # unknown names: a one-line error before any work
        counts: dict[str, int] = {}
        for name in names or known:
            result = reextract(store, name)
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
            click.echo(f"{name:32} {result.outcome}")
    store.close()
    click.echo(", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "nothing")


COMMANDS = [reextract_command]
