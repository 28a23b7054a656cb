"""The `Store`: every read and write of policywatch's SQLite database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from crawler.storage.answerqueries import AnswerQueries
from crawler.storage.clauses import ClauseRecords
from crawler.storage.diffjson import expanded_diff
from crawler.storage.notices import NoticeRecords
from crawler.storage.queries import HistoryQueries
from crawler.storage.raw import RawCaptures
from crawler.storage.records import DeliveryRecords, RunRecords
from crawler.storage.schema import MIGRATIONS
from crawler.storage.sections import insert_sections
from crawler.storage.status import StatusQueries
from crawler.storage.versiontext import COLUMNS as VERSION_COLUMNS
from crawler.storage.versiontext import stored_markdown
from diffing.model import DocumentDiff

# Writers wait this long for a lock held by another process (a scheduled run and a manual
# crawl at once) before giving up.
BUSY_TIMEOUT_MS = 30_000


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer policywatch than this one."""


def open_database(path: str | Path) -> Store:
    """Open (creating if needed) the database at `path`, migrated to the current schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as error:
        raise sqlite3.DatabaseError(f"cannot open database {path}: {error}") from error
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # In WAL mode NORMAL skips the fsync at every commit and still cannot corrupt the database
    # (https://www.sqlite.org/pragma.html#pragma_synchronous); a power cut may lose the last
    # commits, which the next crawl fetches again. FULL cost ~5 ms per capture (bench/pipeline.py).
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    store = Store(sqlite_utils.Database(conn), path)
    store.migrate()
    return store


def row_dict(row: Any) -> dict[str, Any] | None:
    return dict(row) if row is not None else None


def version_columns(text: bool) -> str:
    """Columns and source of a versions row: the view, or version_rows without the markdown."""
    if text:
        return "* FROM versions"
    return ", ".join(c for c in VERSION_COLUMNS if c != "markdown") + " FROM version_rows"


class Store(
    HistoryQueries,
    StatusQueries,
    RawCaptures,
    RunRecords,
    DeliveryRecords,
    NoticeRecords,
    ClauseRecords,
    AnswerQueries,
):
    """Typed access to the tables; callers never write SQL themselves."""

    def __init__(self, db: sqlite_utils.Database, path: Path):
        self.db = db
        self.path = path
        self.db.conn.row_factory = sqlite3.Row

    # -- schema ---------------------------------------------------------------------------
    def migrate(self) -> None:
        """Apply pending migrations; refuse a database that has migrations we do not know."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
        applied = {r[0] for r in self.db.execute("SELECT name FROM schema_migrations")}
        known = {name for name, _ in MIGRATIONS}
        if applied - known:
            raise SchemaTooNewError(
                f"database {self.path} has schema {sorted(applied - known)[-1]}, newer than this "
                "policywatch understands; upgrade policywatch"
            )
        for name, apply in MIGRATIONS:
            if name not in applied:
                with self.transaction():
                    # Another process (a scheduled run, the user's command) may have applied
                    # it between our read and our write lock.
                    if self.db.execute(
                        "SELECT 1 FROM schema_migrations WHERE name = ?", [name]
                    ).fetchone():
                        continue
                    apply(self.db)
                    self.db["schema_migrations"].insert({"name": name, "applied_at": self.now()})

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work (BEGIN IMMEDIATE so writers queue instead of deadlocking)."""
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def now(self) -> str:
        return self.db.execute("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')").fetchone()[0]

    def query(self, sql: str, params: Iterable[Any] | dict = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute(sql, params)]

    def close(self) -> None:
        self.db.conn.close()

    # -- policies -------------------------------------------------------------------------
    def sync_policy(self, policy: dict[str, Any]) -> int:
        """Insert or update a watch-list entry (matched by name); return its id."""
        record = {
            "name": policy["name"],
            "organisation": policy.get("organisation"),
            "url": policy["url"],
            "document_type": policy.get("document_type"),
            "document": policy.get("document"),
            "select_css": json.dumps(policy.get("select") or []),
            "remove_css": json.dumps(policy.get("remove") or []),
            "enabled": int(policy.get("enabled", True)),
            "tags": json.dumps(policy.get("tags") or []),
            "wayback_from": policy.get("wayback_from"),
            "ignore_robots": int(policy.get("ignore_robots", False)),
        }
        with self.transaction():
            # Looked up inside the write transaction: two crawls starting at once must not
            # both insert the same policy.
            existing = self.db.execute(
                "SELECT id FROM policies WHERE name = ?", [policy["name"]]
            ).fetchone()
            if existing:
                self.db["policies"].update(existing[0], record)
                return existing[0]
            record["added_at"] = self.now()
            return self.db["policies"].insert(record).last_pk

    def policy(self, name: str) -> dict[str, Any] | None:
        return row_dict(self.db.execute("SELECT * FROM policies WHERE name = ?", [name]).fetchone())

    def policy_by_id(self, policy_id: int) -> dict[str, Any]:
        return dict(self.db.execute("SELECT * FROM policies WHERE id = ?", [policy_id]).fetchone())

    # -- captures (raw bodies: see RawCaptures) ------------------------------------------
    def add_snapshot(self, snapshot: dict[str, Any]) -> int:
        return self.db["snapshots"].insert(snapshot).last_rowid

    def conditional_headers(self, policy_id: int) -> dict[str, str]:
        """ETag and Last-Modified of the latest live capture, for a conditional request."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM snapshots WHERE policy_id = ? AND source = 'live' "
            "ORDER BY captured_at DESC, id DESC LIMIT 1",
            [policy_id],
        ).fetchone()
        return {k: row[k] for k in ("etag", "last_modified") if row and row[k]}

    def capture_times(self, policy_id: int, text_hash: str, start: str, end: str) -> list[str]:
        """Capture times of one text within [start, end], oldest first."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT captured_at FROM snapshots WHERE policy_id = ? AND text_hash = ? "
                "AND captured_at >= ? AND captured_at <= ? ORDER BY captured_at",
                [policy_id, text_hash, start, end],
            )
        ]

    def wayback_capture_times(self, policy_id: int) -> set[str]:
        """Capture times of the policy's stored Wayback snapshots (to skip them next run)."""
        return {
            r[0]
            for r in self.db.execute(
                "SELECT captured_at FROM snapshots WHERE policy_id = ? AND source = 'wayback'",
                [policy_id],
            )
        }

    def wayback_bodies(self, policy_id: int) -> dict[str, dict[str, Any]]:
        """CDX digest -> raw_hash and content_type of a stored Wayback snapshot with that digest.

        The same digest is the same archived bytes, so a capture of it need not be fetched.
        """
        return {
            r["cdx_digest"]: {"raw_hash": r["raw_hash"], "content_type": r["content_type"]}
            for r in self.db.execute(
                "SELECT cdx_digest, raw_hash, content_type FROM snapshots WHERE policy_id = ? "
                "AND source = 'wayback' AND cdx_digest IS NOT NULL ORDER BY id",
                [policy_id],
            )
        }

    def settled_capture_urls(self, policy_id: int, outcomes: Iterable[str]) -> set[str]:
        """Wayback capture URLs already fetched with one of `outcomes`."""
        outcomes = list(outcomes)
        marks = ", ".join("?" * len(outcomes))
        return {
            r[0]
            for r in self.db.execute(
                f"SELECT url FROM fetch_log WHERE policy_id = ? AND source = 'wayback' "
                f"AND outcome IN ({marks})",
                [policy_id, *outcomes],
            )
        }

    # -- fetch log ------------------------------------------------------------------------
    def log_fetch(self, entry: dict[str, Any]) -> int:
        return self.db["fetch_log"].insert(entry).last_pk

    def last_fetch_id(self) -> int:
        """The newest fetch_log id, to report only what a crawl adds after it."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM fetch_log").fetchone()[0]

    def last_fetch(self, policy_id: int, source: str) -> dict[str, Any] | None:
        """The policy's latest fetch from `source` ("live" or "wayback")."""
        return row_dict(
            self.db.execute(
                "SELECT * FROM fetch_log WHERE policy_id = ? AND source = ? ORDER BY id DESC "
                "LIMIT 1",
                [policy_id, source],
            ).fetchone()
        )

    def needs_browser(self, policy_id: int) -> bool:
        """Was the policy's last successful live fetch made in the browser? Then its page
        needs one, and the next crawl goes straight to it."""
        row = self.db.execute(
            "SELECT fetched_with FROM fetch_log WHERE policy_id = ? AND source = 'live' "
            "AND ok = 1 ORDER BY id DESC LIMIT 1",
            [policy_id],
        ).fetchone()
        return bool(row and row[0] == "browser")

    def failures_before(self, policy_id: int, source: str, fetch_id: int) -> int:
        """How many of the policy's fetches from `source` failed in a row just before
        `fetch_id` (back to its last successful fetch)."""
        return self.db.execute(
            "SELECT count(*) FROM fetch_log WHERE policy_id = :p AND source = :s AND id < :id "
            "AND id > (SELECT coalesce(max(id), 0) FROM fetch_log WHERE policy_id = :p "
            "AND source = :s AND id < :id AND ok = 1)",
            {"p": policy_id, "s": source, "id": fetch_id},
        ).fetchone()[0]

    def fetches_after(self, fetch_id: int) -> list[dict[str, Any]]:
        """Fetches logged after `fetch_id`, with their policy's name, oldest first."""
        return self.query(
            "SELECT p.name AS policy, f.* FROM fetch_log f JOIN policies p ON p.id = f.policy_id "
            "WHERE f.id > ? ORDER BY f.id",
            [fetch_id],
        )

    # -- versions and changes -------------------------------------------------------------
    def version(self, version_id: int) -> dict[str, Any]:
        return dict(self.db.execute("SELECT * FROM versions WHERE id = ?", [version_id]).fetchone())

    def section_hashes(self, version_id: int) -> dict[tuple[str, str], str]:
        """(heading, text) -> hash of the version's sections."""
        return {
            (heading, text): digest
            for heading, text, digest in self.db.execute(
                "SELECT heading, text, hash FROM sections WHERE version_id = ?", [version_id]
            )
        }

    def version_in_force(self, policy_id: int, at: str, text: bool = True) -> dict[str, Any] | None:
        """The version whose run started at or before `at` (the latest such); without its
        markdown unless `text` (the `versions` view rebuilds it from the sections)."""
        return row_dict(
            self.db.execute(
                f"SELECT {version_columns(text)} WHERE policy_id = ? AND first_seen <= ? "
                "ORDER BY first_seen DESC, id DESC LIMIT 1",
                [policy_id, at],
            ).fetchone()
        )

    def version_after(self, policy_id: int, at: str, text: bool = True) -> dict[str, Any] | None:
        return row_dict(
            self.db.execute(
                f"SELECT {version_columns(text)} WHERE policy_id = ? AND first_seen > ? "
                "ORDER BY first_seen, id LIMIT 1",
                [policy_id, at],
            ).fetchone()
        )

    def latest_version(self, policy_id: int) -> dict[str, Any] | None:
        return row_dict(
            self.db.execute(
                "SELECT * FROM versions WHERE policy_id = ? ORDER BY first_seen DESC, id DESC "
                "LIMIT 1",
                [policy_id],
            ).fetchone()
        )

    def latest_snapshot(self, policy_id: int) -> dict[str, Any] | None:
        """The newest capture that yielded a text (its raw body is in raw_captures)."""
        return row_dict(
            self.db.execute(
                "SELECT * FROM snapshots WHERE policy_id = ? ORDER BY captured_at DESC, id DESC "
                "LIMIT 1",
                [policy_id],
            ).fetchone()
        )

    def touch_latest_version(self, policy_id: int, at: str) -> None:
        """Record that the newest version was seen again at `at` (a 304 answer)."""
        self.db.execute(
            "UPDATE version_rows SET last_seen = max(last_seen, ?) WHERE id = (SELECT id FROM "
            "version_rows WHERE policy_id = ? ORDER BY first_seen DESC, id DESC LIMIT 1)",
            [at, policy_id],
        )

    def version_number(self, version_id: int) -> int:
        """The version's number as `history` shows it: its place in its policy's timeline."""
        return self.db.execute(
            "SELECT COUNT(*) FROM version_rows v, version_rows this WHERE this.id = ? "
            "AND v.policy_id = this.policy_id AND (v.first_seen < this.first_seen "
            "OR v.first_seen = this.first_seen AND v.id <= this.id)",
            [version_id],
        ).fetchone()[0]

    def versions(self, policy_id: int) -> list[dict[str, Any]]:
        return self.query(
            "SELECT * FROM versions WHERE policy_id = ? ORDER BY first_seen, id", [policy_id]
        )

    def recent_text_hashes(self, policy_id: int, before: str, limit: int) -> list[str]:
        """Text hashes of the `limit` versions that started before `before`, newest first."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT text_hash FROM versions WHERE policy_id = ? AND first_seen < ? "
                "ORDER BY first_seen DESC, id DESC LIMIT ?",
                [policy_id, before, limit],
            )
        ]

    def insert_version(
        self,
        version: dict[str, Any],
        sections: list[dict[str, Any]],
        rebuilds: bool | None = None,
    ) -> int:
        """Store a version and its sections; `rebuilds`: whether the sections give its
        markdown back exactly, if the caller found out."""
        markdown = stored_markdown(version["markdown"], sections, rebuilds)
        version_id = self.db["version_rows"].insert({**version, "markdown": markdown}).last_rowid
        insert_sections(self.db, version_id, sections)
        return version_id

    def copy_version(self, version_id: int, first_seen: str, last_seen: str) -> int:
        """A second run of an existing version's text (the text came back later)."""
        original = self.version(version_id)
        original.pop("id")
        sections = self.query(
            "SELECT idx, heading, level, path, text, hash FROM sections WHERE version_id = ? "
            "ORDER BY idx",
            [version_id],
        )
        return self.insert_version(
            {**original, "first_seen": first_seen, "last_seen": last_seen}, sections
        )

    def set_version_span(self, version_id: int, first_seen: str, last_seen: str) -> None:
        self.db.conn.execute(
            "UPDATE version_rows SET first_seen = ?, last_seen = ? WHERE id = ?",
            [first_seen, last_seen, version_id],
        )

    def change_into(self, version_id: int) -> dict[str, Any] | None:
        return row_dict(
            self.db.execute(
                "SELECT * FROM changes WHERE to_version_id = ?", [version_id]
            ).fetchone()
        )

    def stored_diff(self, from_version_id: int, to_version_id: int) -> DocumentDiff | None:
        """The diff recorded for the change between these two versions (None when no change
        goes from one to the other): read back, not worked out again."""
        row = self.db.execute(
            "SELECT diff_json FROM changes WHERE from_version_id = ? AND to_version_id = ?",
            [from_version_id, to_version_id],
        ).fetchone()
        if row is None or row[0] is None:
            return None
        headings = [
            heading
            for (heading,) in self.db.execute(
                "SELECT heading FROM sections WHERE version_id = ? ORDER BY idx", [to_version_id]
            )
        ]
        return DocumentDiff.from_dict(expanded_diff(json.loads(row[0]), headings))

    def delete_change_into(self, version_id: int) -> None:
        self.db.execute("DELETE FROM changes WHERE to_version_id = ?", [version_id])

    def insert_change(self, change: dict[str, Any]) -> int:
        """Store a change as built by `crawler.timeline.changes.build_change` (diff_json already in
        its compact stored form, so it is not decoded and encoded again here)."""
        return self.db["changes"].insert(change).last_rowid

    def changes(self, policy_id: int) -> list[dict[str, Any]]:
        return self.query(
            "SELECT * FROM changes WHERE policy_id = ? ORDER BY changed_at, id", [policy_id]
        )
