"""Options shared by several commands."""

from __future__ import annotations

import click

db_option = click.option(
    "--db",
    "db",
    envvar="POLICYWATCH_DB",
    type=click.Path(dir_okay=False),
    help="SQLite database (default: $POLICYWATCH_DB, else policywatch.db in the home: "
    "see `policywatch where`).",
)
watchlist_option = click.option(
    "--watchlist",
    "watchlist_file",
    envvar="POLICYWATCH_WATCHLIST",
    type=click.Path(dir_okay=False),
    help="Watch list YAML (default: $POLICYWATCH_WATCHLIST, else policies.yaml in the home: "
    "see `policywatch where`).",
)


explain_topics_option = click.option(
    "--explain",
    is_flag=True,
    help="Show the words that made each changed section's topics.",
)


def parse_setting(ctx, param, values) -> dict[str, str]:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep:
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}")
        settings[name] = setting
    return settings


settings_option = click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    callback=parse_setting,
    help="Override a Scrapy or POLICYWATCH_* setting: -s DOWNLOAD_DELAY=5.",
)


def summary_option(name: str = "--format", dest: str = "fmt", what: str = ""):
    """How a command reports what it did: text lines, or one JSON object on standard output."""
    return click.option(
        name,
        dest,
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=f"text: lines for people; json: one summary object on standard output{what}.",
    )


summary_format_option = summary_option()


def diff_format_option(default: str = "text"):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "markdown", "html", "json"]),
        default=default,
        show_default=True,
        help="How to render the diff.",
    )


alerts_option = click.option(
    "--alerts",
    "alerts_file",
    envvar="POLICYWATCH_ALERTS",
    type=click.Path(dir_okay=False),
    help="Alerts configuration YAML (default: $POLICYWATCH_ALERTS, else alerts.yaml in the "
    "home: see `policywatch where`).",
)

redis_option = click.option(
    "--redis",
    "redis_url",
    envvar="POLICYWATCH_REDIS_URL",
    metavar="URL",
    help="Share the crawl through this Redis (redis://HOST:PORT/DB) with `policywatch worker`s.",
)
