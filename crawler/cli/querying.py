"""`policywatch search`, `export`, `report`, `similar` and `serve`: questions across every
policy."""

from __future__ import annotations

import json
from pathlib import Path

import click

from crawler.cli.console import console
from crawler.cli.options import db_option, summary_option
from crawler.cli.reading import open_existing
from crawler.config import db_path
from crawler.query.export import export_summary, write_dataset
from crawler.query.lookup import end_of
from crawler.query.report import write_report
from crawler.query.serve import serve as serve_database
from crawler.storage.queries import SearchQueryError
from diffing.similarity import similar_pairs


def format_option(choices: list[str], default: str):
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True
    )


@click.command()
@click.argument("query")
@click.option("--policy", help="Only this policy (its name in the watch list).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--literal",
    is_flag=True,
    help="Search the words as typed: quotes, '-', '*', AND/OR/NOT are not query syntax.",
)
@format_option(["text", "json"], "text")
@db_option
def search(query, policy, limit, literal, fmt, db) -> None:
    """Full-text search of every version's sections (SQLite FTS5 syntax, stemmed).

    Each hit is one section text, with the first and last time a version contained it.

    Example: policywatch search '"third parties" AND sell' --policy acme-privacy
    """
    store = open_existing(db)
    try:
        hits = store.search_sections(query, policy=policy, limit=limit, literal=literal)
    except SearchQueryError as error:
        hint = (
            '; quote phrases ("data-sharing") or use --literal to search the words as typed'
            if query.strip() and not literal
            else ""
        )
        raise click.UsageError(f"cannot search for {query!r}: {error}{hint}") from None
    if fmt == "json":
        click.echo(json.dumps(hits, indent=2, ensure_ascii=False))
        return
    for hit in hits:
        click.echo(
            f"{hit['policy']}  {hit['first_seen'][:10]}..{hit['last_seen'][:10]}  "
            f"{hit['heading'] or '(preamble)'}\n    {hit['snippet']}"
        )
    if not hits:
        click.echo("no matches")


@click.command()
@format_option(["markdown", "csv", "json"], "markdown")
@click.option("--since", help="Only versions first seen on or after this date (YYYY-MM-DD).")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="policywatch-export",
    show_default=True,
    help="Directory to write the dataset into.",
)
@summary_option("--summary", "summary_fmt", " (--format is the dataset's own)")
@db_option
def export(fmt, since, out, summary_fmt, db) -> None:
    """Export the history as a research dataset.

    markdown: ORGANISATION/POLICY/DATE.md per version plus versions.csv (dates, effective dates,
    change kinds, provenance, hashes); csv or json: one versions file with the text included.

    Example: policywatch export --since 2024-01-01 --out dataset/
    """
    store = open_existing(db)
    if since:
        end_of(since)  # rejects what is not a date, with the usual message
    rows = store.export_rows(since or "")
    progress = console().progress("export", "version")
    try:
        target = write_dataset(rows, Path(out), fmt, progress)
    finally:
        progress.close()
    if summary_fmt == "json":
        click.echo(json.dumps(export_summary(rows, Path(out), fmt, target), indent=2))
        return
    click.echo(f"{len(rows)} versions exported; metadata in {target}")


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    required=True,
    help="Directory to write the site into (an earlier report there is replaced).",
)
@db_option
def report(out, db) -> None:
    """Write the history as a static web site: open OUT/index.html in a browser.

    An index of policies (last change, kind, a sparkline of changes), and a page per policy
    with its timeline plot and every change's diff. No server or network needed.

    Example: policywatch report --out site/
    """
    summary = write_report(open_existing(db), Path(out))
    click.echo(
        f"{summary.policies} policies, {summary.versions} versions, {summary.changes} changes; "
        f"open {summary.index}"
    )


@click.command()
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Lowest similarity reported (share of the shorter text's 5-word runs in the other).",
)
@format_option(["text", "json"], "text")
@db_option
def similar(threshold, fmt, db) -> None:
    """Pairs of watched policies whose latest texts are near copies of each other.

    Example: policywatch similar --threshold 0.8
    """
    store = open_existing(db)
    latest = store.latest_texts()
    organisations = {row["policy"]: row["organisation"] for row in latest}
    pairs = similar_pairs({row["policy"]: row["markdown"] for row in latest}, threshold)
    rows = [
        {
            "first": pair.first,
            "first_organisation": organisations[pair.first],
            "second": pair.second,
            "second_organisation": organisations[pair.second],
            "similarity": pair.similarity,
            "resemblance": pair.resemblance,
            "shared_shingles": pair.shared_shingles,
        }
        for pair in pairs
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(
            f"{row['similarity']:.3f}  {row['first']} ({row['first_organisation'] or '?'})  ~  "
            f"{row['second']} ({row['second_organisation'] or '?'})"
        )
    if not rows:
        click.echo(f"no pair of policies at or above similarity {threshold}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@db_option
def serve(host, port, db) -> None:
    """Browse and query the database in Datasette (needs: pip install 'policywatch[serve]').

    Example: policywatch serve --port 8001, then open http://127.0.0.1:8001/
    """
    open_existing(db).close()  # applies pending migrations, so the views exist
    serve_database(
        db_path(db), host, port, lambda url: click.echo(f"Serving {url} (Ctrl+C to stop)")
    )


COMMANDS = [search, export, report, similar, serve]
