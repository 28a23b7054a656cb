"""`policywatch reextract`: apply an improved extractor to the stored raw captures."""

from __future__ import annotations

import click

from crawler.cli.completion import policy_names_argument
from crawler.cli.console import console
from crawler.cli.options import db_option, watchlist_option
from crawler.cli.reading import open_existing
from crawler.config import watchlist, watchlist_path
from crawler.jobs.reextract import reextract
from crawler.jobs.runlock import run_lock
from crawler.query import lookup


@click.command("reextract")
@policy_names_argument
@db_option
@watchlist_option
def reextract_command(names, db, watchlist_file) -> None:
    """Extract each policy's latest stored capture again with the current extractor.

    A text that differs from the version in force becomes a *technical* version: recorded,
    never alerted. History already recorded is left as it was. Without NAMES: every policy
    in the database. The watch list's `select`, `remove` and `document` are read first (for
    policies the database knows), so after editing them run this before the next crawl and
    the new reading is recorded as technical rather than alerted.

    Example: policywatch reextract img-privacy
    """
    store = open_existing(db)
    with run_lock(store.path, "reextract"):
        known = [row["name"] for row in store.query("SELECT name FROM policies ORDER BY name")]
        sync_known_policies(store, watchlist_path(watchlist_file), set(known))
        for name in names:
            lookup.policy(store, name)  # unknown names: a one-line error before any work
        counts: dict[str, int] = {}
        progress = console().progress("reextract", "capture")
        for name in names or known:
            progress.plan(name, 1)
        try:
            for name in names or known:
                result = reextract(store, name)
                progress.advance(name, result.outcome)
                counts[result.outcome] = counts.get(result.outcome, 0) + 1
                click.echo(f"{name:32} {result.outcome}")
        finally:
            progress.close()
    store.close()
    click.echo(", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "nothing")


def sync_known_policies(store, path, known: set[str]) -> None:
    """Bring the database's policies up to date with the watch list, when there is one."""
    if not path.exists():
        return
    for policy in watchlist.load(path):
        if policy.name in known:
            store.sync_policy(policy.__dict__)


COMMANDS = [reextract_command]
