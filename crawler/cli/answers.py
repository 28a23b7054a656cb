"""`policywatch clause` and `stats`: one clause's life, and announced against silent changes."""

from __future__ import annotations

import json
import textwrap

import click

from crawler.cli.options import db_option
from crawler.cli.reading import open_existing
from crawler.query import lookup
from crawler.query.clauses import clause_life
from crawler.query.stats import change_stats


def quoted(heading: str | None) -> str:
    return f"“{heading or ''}”"


def event_line(event: dict) -> str:
    """One thing that happened to a clause, on one line."""
    when = (
        f"between {event['window_from'][:10]} and {event['first_seen'][:10]}"
        if event["window_from"]
        else f"at {event['first_seen'][:10]}"
    )
    what = event["status"]
    if event["status"] == "added":
        what = "appeared" + (
            f" (split from clause {event['split_from_clause']})"
            if event["split_from_clause"]
            else ""
        )
    elif event["status"] == "removed":
        what = "removed" + (
            f" (merged into clause {event['merged_into_clause']})"
            if event["merged_into_clause"]
            else ""
        )
    if event["renamed"]:
        what += f", renamed from {quoted(event['old_heading'])}"
    if event["moved"]:
        what += ", moved"
    return f"v{event['version_number']:<4} {when:34} {what}  {quoted(event['heading'])}"


@click.command()
@click.argument("name")
@click.argument("clause")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@db_option
def clause(name, clause, fmt, db) -> None:
    """Print one clause's life: when it appeared, each change and rename, when it went.

    CLAUSE is a clause id (from the clause_history view) or a heading it carried.

    Example: policywatch clause acme-privacy "Sharing your data"
    """
    store = open_existing(db)
    life = clause_life(store, lookup.policy(store, name), clause)
    if fmt == "json":
        click.echo(json.dumps(life, indent=2, ensure_ascii=False))
        return
    click.echo(f"{name}  clause {life['clause_id']}: {quoted(life['heading'])}")
    if len(life["headings"]) > 1:
        click.echo(f"  headings over time: {' → '.join(quoted(h) for h in life['headings'])}")
    if life["same_heading_clauses"]:
        others = ", ".join(str(c) for c in life["same_heading_clauses"])
        click.echo(f"  other clauses that carried this heading: {others}")
    for event in life["events"]:
        click.echo(event_line(event))
        if event["word_diff"] and event["status"] == "modified":
            click.echo(textwrap.indent(event["word_diff"], "      "))


@click.command()
@click.option("--organisation", help="Only this organisation's policies.")
@click.option("--since", help="Only changes first seen on or after this day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@db_option
def stats(organisation, since, fmt, db) -> None:
    """Per policy: content changes that moved the stated date (announced), that did not
    (silent), that had none (undated), backdated ones, and the median days from a change
    to its stated date.

    Example: policywatch stats --since 2020-01-01 --format json
    """
    rows = change_stats(open_existing(db), organisation, since)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    header = ["policy", "organisation", "changes", "announced", "silent", "undated"]
    header += ["backdated", "median days"]
    table = [header] + [
        [
            row["policy"],
            row["organisation"] or "—",
            *(str(row[key]) for key in ("content_changes", "announced", "silent", "undated")),
            str(row["backdated"]),
            "—"
            if row["median_days_to_effective"] is None
            else f"{row['median_days_to_effective']:g}",
        ]
        for row in rows
    ]
    widths = [max(len(line[k]) for line in table) for k in range(len(header))]
    for line in table:
        cells = [
            cell.ljust(width) if k < 2 else cell.rjust(width)
            for k, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        click.echo("  ".join(cells).rstrip())


COMMANDS = [clause, stats]
