"""`policywatch worker` and `policywatch ingest`: the two sides of a crawl shared through Redis."""

from __future__ import annotations

import click

from crawler.cli.options import db_option, settings_option
from crawler.config import db_path

redis_required = click.option(
    "--redis",
    "redis_url",
    envvar="POLICYWATCH_REDIS_URL",
    required=True,
    metavar="URL",
    help="The Redis the crawl is shared through: redis://HOST:PORT/DB.",
)
idle_option = click.option(
    "--idle-timeout",
    type=float,
    default=0.0,
    show_default=True,
    help="Stop after this many seconds with nothing to do (0: run until stopped).",
)


@click.command()
@redis_required
@idle_option
@settings_option
def worker(redis_url, idle_timeout, settings) -> None:
    """Fetch live pages for `policywatch crawl --redis URL`, on this machine.

    Any number of workers on any machines share the queue; each host gets one request at a
    time from all of them together. Example: policywatch worker --redis redis://queue:6379/0
    """
    from crawler.jobs.distributed import work

    work(redis_url, idle_timeout, settings)


@click.command()
@redis_required
@db_option
@idle_option
@settings_option
def ingest(redis_url, db, idle_timeout, settings) -> None:
    """Record the captures workers send into the database (what `crawl --redis` does itself).

    For captures left over by a `crawl --redis` that was stopped. Example:
    policywatch ingest --redis redis://queue:6379/0 --idle-timeout 60
    """
    from crawler.jobs.distributed import ingest as run_ingest

    run_ingest(redis_url, db_path(db), idle_timeout, settings)


COMMANDS = [worker, ingest]
