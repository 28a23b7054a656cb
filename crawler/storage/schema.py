"""Schema migrations, applied in order and recorded in `schema_migrations`.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from crawler.storage.clauses import create_clause_tables
from crawler.storage.diffjson import compact_diff_json, with_topics_json
from crawler.storage.fulltext import create_section_index
from crawler.storage.raw import recompress_zlib_rows
from crawler.storage.sections import share_section_texts
from crawler.storage.sectiontexts import split_sections_table
from crawler.storage.versiontext import VIEW as VERSIONS_VIEW
from crawler.storage.versiontext import forget_rebuilt_texts
from crawler.storage.views import (
    create_answer_views,
    create_section_search,
    create_views,
    drop_views,
)

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(name: str) -> Callable[[Migration], Migration]:
    """Register a migration under a stable name."""

    def register(function: Migration) -> Migration:
        MIGRATIONS.append((name, function))
        return function

    return register


def rewrite_diffs(db: sqlite_utils.Database, rewrite: Callable[[str], str]) -> None:
    """Replace every stored diff_json by `rewrite(diff_json)`."""
    # One diff in memory at a time, and no update of the table a live cursor is reading.
    ids = [row[0] for row in db.execute("SELECT id FROM changes WHERE diff_json IS NOT NULL")]
    for change_id in ids:
        (diff_json,) = db.execute(
            "SELECT diff_json FROM changes WHERE id = ?", [change_id]
        ).fetchone()
        db.execute("UPDATE changes SET diff_json = ? WHERE id = ?", [rewrite(diff_json), change_id])


@migration("0001_initial")
def initial(db: sqlite_utils.Database) -> None:
    """Policies, raw captures, snapshots, versions, sections, changes and the fetch log."""
    db["policies"].create(
        {
            "id": int,
            "name": str,
            "organisation": str,
            "url": str,
            "document_type": str,
            "select_css": str,
            "remove_css": str,
            "enabled": int,
            "tags": str,
            "wayback_from": str,
            "ignore_robots": int,
            "added_at": str,
        },
        pk="id",
        not_null={"name", "url"},
    )
    db["policies"].create_index(["name"], unique=True)
    # Raw bodies, content-addressed: one row per distinct byte string, zlib-compressed.
    db["raw_captures"].create(
        {"hash": str, "content_type": str, "size": int, "body_zlib": bytes}, pk="hash"
    )
    # Every capture that yielded a policy text (live or Wayback), at its capture time.
    db["snapshots"].create(
        {
            "id": int,
            "policy_id": int,
            "source": str,
            "captured_at": str,
            "fetched_at": str,
            "url": str,
            "final_url": str,
            "http_status": int,
            "content_type": str,
            "raw_hash": str,
            "cdx_digest": str,
            "capture_url": str,
            "etag": str,
            "last_modified": str,
            "text_hash": str,
            "fetcher": str,
        },
        pk="id",
        foreign_keys=[("policy_id", "policies", "id"), ("raw_hash", "raw_captures", "hash")],
    )
    db["snapshots"].create_index(["policy_id", "captured_at"])
    db["snapshots"].create_index(["policy_id", "source", "cdx_digest"])
    # A version is a run of consecutive captures with the same normalised text.
    db["versions"].create(
        {
            "id": int,
            "policy_id": int,
            "text_hash": str,
            "title": str,
            "markdown": str,
            "word_count": int,
            "effective_date": str,
            "effective_date_text": str,
            "first_seen": str,
            "last_seen": str,
            "source": str,
            "snapshot_id": int,
            "extractor_version": str,
            "technical": int,
        },
        pk="id",
        foreign_keys=[("policy_id", "policies", "id"), ("snapshot_id", "snapshots", "id")],
    )
    db["versions"].create_index(["policy_id", "first_seen"])
    db["sections"].create(
        {
            "id": int,
            "version_id": int,
            "idx": int,
            "heading": str,
            "level": int,
            "path": str,
            "text": str,
            "hash": str,
        },
        pk="id",
        foreign_keys=[("version_id", "versions", "id")],
    )
    db["sections"].create_index(["version_id", "idx"])
    db["changes"].create(
        {
            "id": int,
            "policy_id": int,
            "from_version_id": int,
            "to_version_id": int,
            "changed_at": str,
            "detected_at": str,
            "kind": str,
            "flags": str,
            "effective_date_old": str,
            "effective_date_new": str,
            "sections_added": int,
            "sections_removed": int,
            "sections_modified": int,
            "sections_moved": int,
            "sections_renamed": int,
            "diff_json": str,
            "should_alert": int,
            "historical": int,
        },
        pk="id",
        foreign_keys=[
            ("policy_id", "policies", "id"),
            ("from_version_id", "versions", "id"),
            ("to_version_id", "versions", "id"),
        ],
    )
    db["changes"].create_index(["policy_id", "changed_at"])
    db["changes"].create_index(["to_version_id"])
    db["fetch_log"].create(
        {
            "id": int,
            "policy_id": int,
            "source": str,
            "url": str,
            "requested_at": str,
            "outcome": str,
            "ok": int,
            "http_status": int,
            "detail": str,
            "final_url": str,
            "snapshot_id": int,
            "version_id": int,
        },
        pk="id",
        foreign_keys=[("policy_id", "policies", "id")],
    )
    db["fetch_log"].create_index(["policy_id", "requested_at"])


@migration("0002_query_views")
def query_views(db: sqlite_utils.Database) -> None:
    """Views for people, full-text search on sections, and indexes for what they filter on."""
    create_section_index(db)
    create_views(db)
    # silent_edits and "kind in a period" questions; change_details by date.
    db["changes"].create_index(["kind", "changed_at"])
    db["changes"].create_index(["changed_at"])
    # export --since, and "what changed after DATE" across all policies.
    db["versions"].create_index(["first_seen"])
    # fetch_errors holds only failures: a partial index keeps it small.
    db.execute("CREATE INDEX fetch_log_errors ON fetch_log (requested_at) WHERE ok = 0")


@migration("0003_runs_and_deliveries")
def runs_and_deliveries(db: sqlite_utils.Database) -> None:
    """`runs`: one row per `policywatch run`; `deliveries`: what each reporter was sent."""
    db["runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | ok | partial | error
            "pid": int,
            "policies_ok": int,
            "policies_failed": int,
            "versions": int,
            "changes": int,
            "alerts_sent": int,
            "alerts_failed": int,
            "detail": str,
        },
        pk="id",
    )
    # Keyed on the change's *to* version, not the change id: a Wayback back-fill may delete
    # and recompute the change row into a version, and that must not send it again.
    db["deliveries"].create(
        {
            "to_version_id": int,
            "reporter": str,
            "status": str,  # sent | failed | filtered
            "attempts": int,
            "first_attempt_at": str,
            "last_attempt_at": str,
            "sent_at": str,
            "error": str,
            "run_id": int,
        },
        pk=("to_version_id", "reporter"),
        foreign_keys=[("to_version_id", "versions", "id")],
    )


@migration("0004_fetch_log_text_hash")
def fetch_log_text_hash(db: sqlite_utils.Database) -> None:
    """The text hash of each fetch that yielded text: a held-back shrink is confirmed when the
    next fetch brings the same text."""
    db["fetch_log"].add_column("text_hash", str)


@migration("0005_raw_captures_zstd_chains")
def raw_captures_zstd_chains(db: sqlite_utils.Database) -> None:
    """Raw bodies as zstd, each against its policy's previous capture: consecutive
    captures of a page are nearly identical. Existing zlib rows are converted in place."""
    db.execute("ALTER TABLE raw_captures RENAME COLUMN body_zlib TO body")
    db.execute("ALTER TABLE raw_captures ADD COLUMN codec TEXT NOT NULL DEFAULT 'zlib'")
    # No REFERENCES clause: ALTER TABLE cannot add one, and a base is never deleted.
    db.execute("ALTER TABLE raw_captures ADD COLUMN base_hash TEXT")
    db.execute("ALTER TABLE raw_captures ADD COLUMN chain INTEGER NOT NULL DEFAULT 0")
    recompress_zlib_rows(db)


@migration("0006_section_texts")
def section_texts(db: sqlite_utils.Database) -> None:
    """Each distinct section text once: versions repeat all their unchanged sections.
    `sections` becomes a view with the same columns; its search index is rebuilt over it."""
    split_sections_table(db)
    create_views(db)


@migration("0007_compact_diff_json")
def compact_diffs(db: sqlite_utils.Database) -> None:
    """diff_json without the ops of sections that neither changed nor moved: they
    repeated the version's text. `change_details` reads the same rows."""
    rewrite_diffs(db, compact_diff_json)


@migration("0008_policy_document")
def policy_document(db: sqlite_utils.Database) -> None:
    """The document a watched page is meant to hold when it holds several (`document:`), so
    that re-extraction picks the same one the crawl did."""
    db["policies"].add_column("document", str)


@migration("0009_sections_and_texts_once")
def sections_and_texts_once(db: sqlite_utils.Database) -> None:
    """Each distinct section (heading and text) stored and full-text indexed once, and a
    version's markdown rebuilt from its sections instead of stored again: the
    `versions` and `sections` views keep the columns people query."""
    # RENAME would repoint the views at version_rows; they are recreated over the new view.
    drop_views(db)
    db.execute("ALTER TABLE versions RENAME TO version_rows")
    share_section_texts(db)
    forget_rebuilt_texts(db)
    for statement in VERSIONS_VIEW:
        db.execute(statement)
    create_views(db)


@migration("0010_section_search")
def section_search(db: sqlite_utils.Database) -> None:
    """`section_search`: full-text hits by policy, version and date, one row per policy and
    section text, for Datasette's search box."""
    create_section_search(db)


@migration("0011_failure_notices")
def failure_notices(db: sqlite_utils.Database) -> None:
    """`failure_notices`: a policy's failure streak reaching the threshold, or ending; one per
    fetch that turned it. `notice_deliveries`: which reporter was sent which notice."""
    db["failure_notices"].create(
        {
            "id": int,
            "policy_id": int,
            "fetch_id": int,
            "kind": str,  # failing | recovered
            "outcome": str,  # the turning fetch's outcome
            "streak": int,  # fetches failed in a row (for `recovered`: before this one)
            "noticed_at": str,
        },
        pk="id",
        foreign_keys=[("policy_id", "policies", "id"), ("fetch_id", "fetch_log", "id")],
    )
    db["failure_notices"].create_index(["fetch_id"], unique=True)
    db["notice_deliveries"].create(
        {
            "notice_id": int,
            "reporter": str,
            "status": str,  # sent | failed
            "attempts": int,
            "last_attempt_at": str,
            "sent_at": str,
            "error": str,
            "run_id": int,
        },
        pk=("notice_id", "reporter"),
        foreign_keys=[("notice_id", "failure_notices", "id")],
    )


@migration("0012_clause_lineage_and_change_windows")
def clause_lineage_and_change_windows(db: sqlite_utils.Database) -> None:
    """Clause ids for every section of every version, computed now for the history already
    stored; views `clause_history`, `change_windows` and `change_stats`, and each change's
    window (`window_from`) in the views that list changes."""
    # A data migration: the history already stored gets the clause ids the timeline gives
    # each version it records. Imported here, as the timeline itself writes through the store.
    from crawler.storage.store import Store
    from crawler.timeline.lineage import refresh_all

    create_clause_tables(db)
    create_views(db)
    create_answer_views(db)
    refresh_all(Store(db, Path(db.conn.execute("PRAGMA database_list").fetchone()[2])))


@migration("0013_fetched_with")
def fetched_with(db: sqlite_utils.Database) -> None:
    """Which fetcher produced each capture and fetch: `http` (Scrapy's downloader) or
    `browser` (a headless Chromium). Everything fetched before was fetched plainly."""
    for table in ("snapshots", "fetch_log"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN fetched_with TEXT NOT NULL DEFAULT 'http'")


@migration("0014_section_topics")
def section_topics(db: sqlite_utils.Database) -> None:
    """Each changed section's `topics` in diff_json (what the change is about), worked out
    for the changes recorded before topics existed; `change_details` shows them."""
    rewrite_diffs(db, with_topics_json)
    create_views(db)
    create_answer_views(db)  # create_views drops them with the rest
