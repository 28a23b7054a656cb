"""`policywatch run`, `alerts` and `feed`: unattended runs and what they tell people."""

from __future__ import annotations

import json
from itertools import islice

import click

from crawler.alerts import REPORTERS, ReporterContext
from crawler.alerts.config import load_alerts
from crawler.alerts.dispatch import ReporterReport, send_pending
from crawler.alerts.feeds import (
    FORMATS,
    about_topic,
    feed_groups,
    feed_key,
    feeds_of,
    render_feed,
)
from crawler.alerts.model import alert_from_row
from crawler.cli.console import console
from crawler.cli.options import (
    alerts_option,
    db_option,
    settings_option,
    summary_format_option,
    watchlist_option,
)
from crawler.cli.reading import open_existing
from crawler.config import alerts_path, db_path, watchlist, watchlist_path
from crawler.jobs.run import RunSummary, run_once
from crawler.jobs.runlock import run_lock
from crawler.jobs.summary import reporters_json, run_json
from crawler.outcomes import NO_NETWORK_ADVICE, network_down
from crawler.query import lookup
from crawler.query.lookup import NotFoundError
from diffing.topic_rules import TOPICS


def report_lines(reports: list[ReporterReport], dry_run: bool = False) -> list[str]:
    lines = []
    for report in reports:
        verb = "would send" if dry_run else "sent"
        count = len(report.to_send) if dry_run else report.sent
        lines.append(
            f"  {report.id}: {verb} {count}, filtered out {len(report.filtered)}"
            f" — {report.description}"
        )
        if dry_run:
            lines += [f"    {a.policy}: {a.kind_label} ({a.changed_at})" for a in report.to_send]
        if report.notices:
            count = len(report.notices) if dry_run else report.notices_sent
            lines.append(f"    failure notices: {verb} {count}")
            if dry_run:
                lines += [f"    {n.text}" for n in report.notices]
        for error in sorted(set(report.notice_errors.values()) - set(report.errors.values())):
            lines.append(f"    FAILED (kept, retried next run): {error}")
        for error in sorted(set(report.errors.values())):
            lines.append(f"    FAILED (kept, retried next run): {error}")
        shown = {*report.errors.values(), *report.notice_errors.values()}
        if report.problem and report.problem not in shown:
            lines.append(f"    FAILED (this reporter cannot send): {report.problem}")
    return lines


def summary_lines(summary: RunSummary, config_path) -> list[str]:
    """The one-screen summary at the end of a run."""
    run = summary.record
    lines = [
        f"run {run['id']} {run['status']}: {run['started_at']} → {run['finished_at']}",
        f"policies: {run['policies_ok']} ok, {run['policies_failed']} failed",
    ]
    lines += [
        f"  FAIL {row['policy']:32} {row['outcome']:17} {row['detail'] or ''}"
        for row in summary.crawl.failed
    ]
    lines += [f"  FAIL {name:32} no result" for name in summary.crawl.missing]
    shared = network_down(summary.crawl.fetches)
    if shared:
        lines.append(f"  {NO_NETWORK_ADVICE.format(outcome=shared)}")
    lines += [f"  {notice}" for notice in [*summary.crawl.notices, *summary.crawl.warnings]]
    lines.append(
        f"versions: {run['versions']} new; changes: {run['changes']} ({summary.alertable} to alert)"
    )
    if config_path is None:
        lines.append("alerts: no reporters configured (see `policywatch where`)")
    else:
        lines.append(f"alerts: {run['alerts_sent']} sent, {run['alerts_failed']} failed")
        lines += report_lines(summary.reports)
    return lines


@click.command()
@db_option
@watchlist_option
@alerts_option
@settings_option
@summary_format_option
def run(db, watchlist_file, alerts_file, settings, fmt) -> None:
    """Crawl every enabled policy, then send alerts; record the run and summarise it.

    Exits 0 when all went well, 1 when some policy or alert failed, 75 when another
    policywatch process holds the run lock. Example: policywatch run --alerts alerts.yaml
    """
    policies = [p for p in watchlist.load(watchlist_path(watchlist_file)) if p.enabled]
    config = load_alerts(alerts_path(alerts_file), REPORTERS)
    path = db_path(db)
    with run_lock(path, "run"):
        summary = run_once(
            path,
            policies,
            console().crawl_settings(settings),
            config,
            console().progress("run", "fetch"),
        )
    if fmt == "json":
        click.echo(json.dumps(run_json(summary, config.path is not None), indent=2))
    else:
        click.echo("\n".join(summary_lines(summary, config.path)))
    if summary.failed:
        raise SystemExit(1)


@click.command()
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send and record nothing.")
@db_option
@alerts_option
@summary_format_option
def alerts(dry_run, db, alerts_file, fmt) -> None:
    """Send pending alerts now (changes not yet sent to a reporter, and failed sends).

    Example: policywatch alerts --dry-run
    """
    config = load_alerts(alerts_path(alerts_file), REPORTERS)
    if config.path is None:
        raise NotFoundError(f"no alerts configuration at {alerts_path(alerts_file)}")
    store = open_existing(db)
    context = ReporterContext(store, db_path(db).parent, config.wayback_url)
    if dry_run:
        reports = send_pending(context, config, dry_run=True)
    else:
        with run_lock(db_path(db), "alerts"):
            reports = send_pending(context, config)
    if fmt == "json":
        click.echo(json.dumps(reporters_json(reports, dry_run), indent=2))
    else:
        click.echo("\n".join(report_lines(reports, dry_run)) or "no reporters configured")
    if any(r.errors or r.problem for r in reports):
        raise SystemExit(1)


@click.command()
@click.option("--policy", help="Only this policy's changes.")
@click.option("--organisation", help="Only this organisation's changes.")
@click.option("--tag", help="Only changes to policies with this tag.")
@click.option(
    "--topic",
    type=click.Choice(TOPICS),
    help="Only changes with a section about this topic (see `compare --explain`).",
)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="atom")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Newest entries to include.",
)
@click.option("--wayback-url", default="https://web.archive.org", show_default=True)
@click.option(
    "--base-url", help="Public address of the feeds folder: the feed then links to itself."
)
@db_option
def feed(policy, organisation, tag, topic, fmt, limit, wayback_url, base_url, db) -> None:
    """Print a feed of alertable changes (all, or one policy/organisation/tag; --topic keeps
    the changes about one topic).

    Example: policywatch feed --tag health --topic sharing --format rss > health-sharing.rss
    """
    store = open_existing(db)
    key = feed_key(policy, organisation, tag)
    if policy:
        lookup.policy(store, policy)  # an unknown name is an error, not an empty feed
    # Filter first, then keep the newest `limit`; only those are diffed (with a topic, the
    # rows are diffed newest first until `limit` are about it).
    rows = [row for row in store.recent_alertable_changes(limit) if key in row_feeds(row)]
    built = (alert_from_row(store, row, wayback_url) for row in rows)
    alerts = list(islice(about_topic(built, topic), limit))
    title, entries = feed_groups(alerts, limit).get(key, (f"Changes: {key}", []))
    if topic:
        key, title = feed_key(policy, organisation, tag, topic), f"{title} about {topic}"
    click.echo(render_feed(fmt, key, title, entries, base_url).decode("utf-8"), nl=False)


def row_feeds(row) -> set[str]:
    """The keys of the feeds carrying a `recent_alertable_changes` row."""
    tags = json.loads(row["tags"] or "[]")
    return {
        key
        for key, _ in feeds_of(row["policy_name"], row["organisation"] or row["policy_name"], tags)
    }


COMMANDS = [run, alerts, feed]
