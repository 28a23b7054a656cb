"""The `policywatch` command: a thin click layer over the library.

Each command opens what it needs, calls one library function and turns our exceptions into
one-line errors (no tracebacks for bad input).
"""

from __future__ import annotations

import importlib
import sqlite3

import click

from crawler import __version__

# Each command's module, imported only when the command runs: a command that reads the
# database starts without the crawl's Scrapy and Twisted, or the alerts' SMTP and feeds.
COMMAND_MODULES = {
    "add": "watching",
    "list": "watching",
    "remove": "watching",
    "disable": "watching",
    "enable": "watching",
    "init": "home",
    "where": "home",
    "crawl": "crawling",
    "demo": "crawling",
    "worker": "cluster",
    "ingest": "cluster",
    "backfill": "backfill",
    "history": "reading",
    "show": "reading",
    "diff": "reading",
    "search": "querying",
    "export": "querying",
    "report": "querying",
    "similar": "querying",
    "status": "status",
    "serve": "querying",
    "run": "running",
    "alerts": "running",
    "feed": "running",
    "schedule": "scheduling",
    "reextract": "maintenance",
    "extract": "pure",
    "fetch": "pure",
    "compare": "pure",
    "clause": "answers",
    "stats": "answers",
}


def user_errors() -> tuple[type[BaseException], ...]:
    """Our exceptions that mean bad input or state, not a bug (imported when one is raised)."""
    from crawler.alerts.config import AlertsConfigError
    from crawler.cluster.reach import RedisUnavailableError
    from crawler.config.watchlist import WatchListError
    from crawler.query.lookup import NotFoundError
    from crawler.query.serve import ServeUnavailableError
    from crawler.storage import SchemaTooNewError

    return (
        WatchListError,
        NotFoundError,
        SchemaTooNewError,
        ServeUnavailableError,
        RedisUnavailableError,
        AlertsConfigError,
        sqlite3.DatabaseError,
        OSError,
    )


class LockedError(click.ClickException):
    exit_code = 75  # EX_TEMPFAIL, as crawler.jobs.runlock.RunLockedError


class PolicywatchGroup(click.Group):
    """Loads each command's module on demand, and reports expected failures as `Error: …`
    with exit status 2 instead of a traceback."""

    def list_commands(self, ctx):
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx, name):
        if name not in COMMAND_MODULES:
            return None
        module = importlib.import_module(f"crawler.cli.{COMMAND_MODULES[name]}")
        return next(command for command in module.COMMANDS if command.name == name)

    def invoke(self, ctx):
        from crawler.jobs.runlock import RunLockedError

        try:
            return super().invoke(ctx)
        except RunLockedError as error:
            raise LockedError(str(error)) from None
        except Exception as error:
            if isinstance(error, user_errors()):
                raise click.ClickException(str(error)) from None
            raise


@click.group(cls=PolicywatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policywatch")
@click.option("-v", "--verbose", count=True, help="Say more (-vv: debug logs of a crawl).")
@click.option("-q", "--quiet", count=True, help="Only failures and the final summary.")
@click.option(
    "--color",
    "--colour",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the output; auto: on a terminal, unless NO_COLOR is set.",
)
@click.pass_context
def main(ctx, verbose, quiet, color) -> None:
    """Watch privacy policies and terms of service; see, section by section, what changed.

    \b
    Start with:  policywatch demo
    Then:        policywatch init && policywatch add URL --name NAME && policywatch crawl
    Files:       policywatch where   ($POLICYWATCH_HOME, else ./data, else the XDG data dir)
    Completion:  eval "$(_POLICYWATCH_COMPLETE=bash_source policywatch)"   (zsh_source, fish_source)
    """
    from crawler.cli.console import Console, colour_choice

    ctx.obj = Console(verbosity=verbose - quiet)
    ctx.color = colour_choice(color)
