"""`policywatch history`, `show` and `diff`: read a policy's timeline back."""

from __future__ import annotations

import json
import sys

import click

from crawler.cli.completion import policy_name_argument
from crawler.cli.options import db_option, diff_format_option, explain_topics_option
from crawler.config import db_path
from crawler.query import lookup
from crawler.query.windows import describe, version_windows
from crawler.storage import open_database
from crawler.timeline.history import document_from_version
from diffing.compare import compare_documents
from diffing.render import render_diff


def open_existing(db):
    path = db_path(db)
    if not path.exists():
        raise lookup.NotFoundError(f"no database at {path}: run `policywatch crawl` first")
    return open_database(path)


def change_summary(change: dict | None) -> str:
    if change is None:
        return "first version"
    parts = [
        f"{change[f'sections_{k}']} {k}"
        for k in ("modified", "added", "removed", "moved", "renamed")
        if change[f"sections_{k}"]
    ]
    return f"{change['kind']}" + (f": {', '.join(parts)}" if parts else "")


@click.command()
@policy_name_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@db_option
def history(name, fmt, db) -> None:
    """List a policy's versions, oldest first, with what changed in each.

    Example: policywatch history acme-privacy --format json
    """
    store = open_existing(db)
    policy = lookup.policy(store, name)
    rows = []
    windows = version_windows(store, policy["id"])
    # No versions is an error, as for `show`: an empty list would look like a policy that
    # was read and found empty, when it never was.
    for version in lookup.versions_or_error(store, policy["id"]):
        change = store.change_into(version["id"])
        window = windows.get(version["id"])
        rows.append(
            {
                "number": version["number"],
                "first_seen": version["first_seen"],
                "last_seen": version["last_seen"],
                "source": version["source"],
                "effective_date": version["effective_date"],
                "words": version["word_count"],
                "kind": change["kind"] if change else "first",
                "flags": json.loads(change["flags"]) if change else [],
                "summary": change_summary(change),
                "text_hash": version["text_hash"],
                # The last capture of the old text and the first of the new one.
                **(window or {}),
            }
        )
    if fmt == "json":
        click.echo(json.dumps({"policy": name, "url": policy["url"], "versions": rows}, indent=2))
        return
    click.echo(f"{name}  {policy['url']}")
    for row in rows:
        click.echo(
            f"{row['number']:>4}  {row['first_seen']}  {row['source']:7}  "
            f"effective {row['effective_date'] or '—':10}  {row['words']:>6} words  "
            f"{row['summary']}"
        )
        if "window" in row:
            click.echo(f"      {describe(row)}")


@click.command()
@policy_name_argument
@click.option(
    "--at",
    "at",
    help="Show the version in force at this date (YYYY-MM-DD) or ISO date-time "
    "(an offset or Z is converted to UTC; none means UTC).",
)
@click.option("--version", "ref", help="Version number as in `history`, or 'latest'.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown")
@db_option
def show(name, at, ref, fmt, db) -> None:
    """Print one version's text: the latest, a numbered one, or the one in force at a date.

    Example: policywatch show acme-privacy --at 2019-06-01
    """
    store = open_existing(db)
    policy = lookup.policy(store, name)
    version = lookup.resolve(store, policy["id"], at or ref or "latest")
    if fmt == "json":
        keys = (
            "number",
            "first_seen",
            "last_seen",
            "source",
            "effective_date",
            "effective_date_text",
            "title",
            "text_hash",
            "markdown",
        )
        click.echo(json.dumps({k: version[k] for k in keys}, indent=2))
        return
    click.echo(version["markdown"])


def version_end(version: dict) -> dict:
    """One end of a diff: the version's number and dates."""
    keys = ("number", "first_seen", "last_seen", "effective_date", "source")
    return {key: version[key] for key in keys}


@click.command()
@policy_name_argument
@click.option("--from", "from_ref", help="Older version: number, date or 'latest'.")
@click.option(
    "--to",
    "to_ref",
    default="latest",
    show_default=True,
    help="Newer version: number, date or 'latest'.",
)
@diff_format_option()
@explain_topics_option
@db_option
def diff(name, from_ref, to_ref, fmt, explain, db) -> None:
    """Show the section-level diff between two versions (default: the last change).

    Example: policywatch diff acme-privacy --from 2019-01-01 --format markdown
    """
    store = open_existing(db)
    policy = lookup.policy(store, name)
    new = lookup.resolve(store, policy["id"], to_ref)
    if from_ref is None:
        if new["number"] == 1:
            raise lookup.NotFoundError("the first version has nothing before it to compare with")
        from_ref = str(new["number"] - 1)
    old = lookup.resolve(store, policy["id"], from_ref)
    # Consecutive versions have their diff recorded; any other pair is compared now.
    result = store.stored_diff(old["id"], new["id"]) or compare_documents(
        document_from_version(old), document_from_version(new)
    )
    if fmt == "json":
        # The diff's own fields, and which two versions it compares.
        ends = {"policy": name, "from": version_end(old), "to": version_end(new)}
        click.echo(json.dumps({**ends, **result.to_dict()}, ensure_ascii=False, indent=2))
        return
    click.echo(
        render_diff(
            result,
            fmt,
            color=fmt == "text" and sys.stdout.isatty(),
            old_label=f"version {old['number']} ({old['first_seen']})",
            new_label=f"version {new['number']} ({new['first_seen']})",
            explain=explain,
        )
    )


COMMANDS = [history, show, diff]
