"""The `policywatch` command: a thin click layer over the library.

Each command opens what it needs, calls one library function and turns our exceptions into
one-line errors (no tracebacks for bad input).
"""

from __future__ import annotations

import sqlite3

import click

from crawler import __version__
from crawler.alerts.config import AlertsConfigError
from crawler.cli import (
    backfill,
    crawling,
    maintenance,
    pure,
    querying,
    reading,
    running,
    scheduling,
    watching,
)
from crawler.lookup import NotFoundError
from crawler.runlock import RunLockedError
from crawler.serving import ServeUnavailableError
from crawler.storage import SchemaTooNewError
from crawler.watchlist import WatchListError

USER_ERRORS = (
    WatchListError,
    NotFoundError,
    SchemaTooNewError,
    ServeUnavailableError,
    AlertsConfigError,
    sqlite3.DatabaseError,
    OSError,
)


class LockedError(click.ClickException):
    exit_code = RunLockedError.exit_code


class PolicywatchGroup(click.Group):
    """Reports expected failures as `Error: …` and exit status 2 instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RunLockedError as error:
            raise LockedError(str(error)) from None
        except USER_ERRORS as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=PolicywatchGroup)
@click.version_option(__version__, prog_name="policywatch")
def main() -> None:
    """Watch privacy policies and terms of service; see, section by section, what changed.

    \b
    Start with:  policywatch demo
    Then:        policywatch add URL --name NAME && policywatch crawl && policywatch history NAME
    """


for module in (
    watching,
    crawling,
    backfill,
    reading,
    querying,
    running,
    scheduling,
    maintenance,
    pure,
):
    for command in module.COMMANDS:
        main.add_command(command)
