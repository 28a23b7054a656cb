"""Options shared by several commands."""

from __future__ import annotations

import click

db_option = click.option(
    "--db",
    "db",
    envvar="POLICYWATCH_DB",
    type=click.Path(dir_okay=False),
    help="SQLite database (default: $POLICYWATCH_DB or data/policywatch.db).",
)
watchlist_option = click.option(
    "--watchlist",
    "watchlist_file",
    envvar="POLICYWATCH_WATCHLIST",
    type=click.Path(dir_okay=False),
    help="Watch list YAML (default: $POLICYWATCH_WATCHLIST or data/policies.yaml).",
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


def diff_format_option(default: str = "text"):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "markdown", "html", "json"]),
        default=default,
        show_default=True,
        help="How to render the diff.",
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
alerts_option = click.option(
    "--alerts",
    "alerts_file",
    envvar="POLICYWATCH_ALERTS",
    type=click.Path(dir_okay=False),
    help="Alerts configuration YAML (default: $POLICYWATCH_ALERTS or data/alerts.yaml).",
)

redis_option = click.option(
    "--redis",
    "redis_url",
    envvar="POLICYWATCH_REDIS_URL",
    metavar="URL",
    help="Share the crawl through this Redis (redis://HOST:PORT/DB) with `policywatch worker`s.",
)
