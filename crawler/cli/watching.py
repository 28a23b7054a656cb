"""`policywatch add` and `policywatch list`: edit and show the watch list."""

from __future__ import annotations

import json

import click

from crawler.cli.completion import policy_name_argument
from crawler.cli.options import db_option, watchlist_option
from crawler.config import db_path, watchlist, watchlist_path
from crawler.extraction.document_pick import normalise_type


@click.command()
@click.argument("url")
@click.option("--name", required=True, help="Short unique name, e.g. acme-privacy.")
@click.option("--org", "organisation", help="Organisation that publishes the policy.")
@click.option("--type", "document_type", default="privacy-policy", show_default=True)
@click.option(
    "--document",
    help="On a page holding several documents, the one to keep: privacy-policy, "
    "terms-of-service, cookie-policy…",
)
@click.option("--select", multiple=True, help="CSS selector of the policy text (repeatable).")
@click.option("--remove", multiple=True, help="CSS selector of parts to drop (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Tag for grouping alerts (repeatable).")
@click.option(
    "--browser",
    type=click.Choice(watchlist.BROWSER_MODES),
    default="auto",
    show_default=True,
    help="Render the page in a headless Chromium: when it needs JavaScript (auto), every "
    "time (always) or never.",
)
@watchlist_option
def add(
    url, name, organisation, document_type, document, select, remove, tags, browser, watchlist_file
) -> None:
    """Add a policy to the watch list.

    Example: policywatch add https://example.com/privacy --name example-privacy --org Example
    """
    path = watchlist_path(watchlist_file)
    policies = watchlist.load(path) if path.exists() else []
    organisation = organisation.strip() if organisation is not None else None
    tags = [tag.strip() for tag in tags]
    problems = [watchlist.check_url(url), watchlist.check_name(name)]
    labels = [*tags, *([organisation] if organisation is not None else [])]
    problems += [watchlist.check_label(text) for text in labels]
    if document is not None:
        problems.append(watchlist.check_document(document))
    for problem in problems:
        if problem:
            raise click.UsageError(problem)
    if any(p.name == name for p in policies):
        raise click.UsageError(f"a policy named {name!r} is already in {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    count = watchlist.append(
        path,
        watchlist.Policy(
            name=name,
            url=url,
            organisation=organisation,
            document_type=document_type,
            document=normalise_type(document) if document else None,
            select=list(select),
            remove=list(remove),
            tags=list(tags),
            browser=browser,
        ),
    )
    click.echo(f"added {name}: {url} ({count} policies in {path})")


@click.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@watchlist_option
def list_policies(fmt, watchlist_file) -> None:
    """Show the watch list.

    Example: policywatch list --format json
    """
    policies = watchlist.load(watchlist_path(watchlist_file))
    if fmt == "json":
        click.echo(json.dumps([p.to_yaml_dict() for p in policies], indent=2))
        return
    for policy in policies:
        state = "" if policy.enabled else "  (disabled)"
        org = f"  [{policy.organisation}]" if policy.organisation else ""
        click.echo(f"{policy.name:32} {policy.url}{org}{state}")


@click.command()
@policy_name_argument
@watchlist_option
@db_option
def remove(name, watchlist_file, db) -> None:
    """Take a policy off the watch list (its history stays in the database).

    Comments and layout of the file are kept. Example: policywatch remove acme-privacy
    """
    path = watchlist_path(watchlist_file)
    count = watchlist.remove(path, name)
    click.echo(f"removed {name} from {path} ({count} policies left)")
    click.echo(
        f"its history stays in {db_path(db)}: `policywatch history {name}` still shows it; "
        f"`policywatch add` it again to resume watching"
    )


def enabling(enabled: bool):
    verb = "enable" if enabled else "disable"

    @click.command(verb)
    @policy_name_argument
    @watchlist_option
    def command(name, watchlist_file) -> None:
        path = watchlist_path(watchlist_file)
        changed = watchlist.set_enabled(path, name, enabled)
        click.echo(f"{name} {verb}d in {path}" if changed else f"{name} was already {verb}d")

    command.help = (
        f"{verb.capitalize()} a policy in the watch list (`enabled: {str(enabled).lower()}`)"
        f"{'' if enabled else ': crawl, run and backfill then skip it unless named'}.\n\n"
        f"Comments and layout of the file are kept. Example: policywatch {verb} acme-privacy"
    )
    return command


COMMANDS = [add, list_policies, remove, enabling(True), enabling(False)]
