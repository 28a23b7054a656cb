"""Read-only questions about the whole history: search, export rows, latest texts.

A mixin of `Store` so that all SQL stays in `crawler.storage`; it reads the views and the
full-text index (migrations 0002 and 0009).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# The index holds each distinct heading and text once (rowid = section_texts.id); a hit is
# reported once per policy and text, with the span of versions that contained it. Hits are
# grouped and cut to :limit first; headings and snippet() (the costly part: each reads a
# whole text) come only for the rows returned. snippet() needs a plain FTS query, so the
# outer query matches again, restricted to the chosen rowids.
SEARCH_SQL = """
WITH hits AS MATERIALIZED (
    SELECT rowid AS text_id, rank FROM sections_fts WHERE sections_fts MATCH :query
), best AS MATERIALIZED (
    SELECT p.name AS policy, min(v.first_seen) AS first_seen,
           max(v.last_seen) AS last_seen, count(*) AS versions, h.rank, h.text_id
    FROM hits h
    JOIN section_rows r ON r.text_id = h.text_id
    JOIN version_rows v ON v.id = r.version_id
    JOIN policies p ON p.id = v.policy_id
    WHERE :policy IS NULL OR p.name = :policy
    GROUP BY p.id, h.text_id
    ORDER BY h.rank, p.name, first_seen
    LIMIT :limit
)
SELECT b.policy, t.heading, b.first_seen, b.last_seen, b.versions,
       snippet(sections_fts, 1, '[', ']', '…', :words) AS snippet, b.rank
FROM best b
JOIN section_texts t ON t.id = b.text_id
CROSS JOIN sections_fts ON sections_fts.rowid = b.text_id
WHERE sections_fts MATCH :query
ORDER BY b.rank, b.policy, b.first_seen
"""

EXPORT_SQL = """
SELECT t.organisation, t.policy, t.version_number, t.first_seen, t.last_seen,
       t.effective_date, v.effective_date_text, t.change_kind, t.change_flags,
       t.sections_changed, t.source, p.url AS policy_url, s.url AS fetched_url,
       s.capture_url, s.cdx_digest, s.raw_hash, t.text_hash, t.word_count,
       v.extractor_version, v.title, v.markdown
FROM policy_timeline t
JOIN versions v ON v.id = t.version_id
JOIN policies p ON p.id = t.policy_id
LEFT JOIN snapshots s ON s.id = v.snapshot_id
WHERE t.first_seen >= :since
ORDER BY t.organisation, t.policy, t.first_seen, t.version_id
"""

# The report: every policy (with or without versions) and its latest fetch; every version with
# what the change into it did and how many sections it has.
REPORT_POLICIES_SQL = """
SELECT p.id AS policy_id, p.name AS policy, p.organisation, p.url, p.enabled,
       f.outcome AS last_outcome, f.requested_at AS last_fetch
FROM policies p
LEFT JOIN fetch_log f ON f.id = (SELECT max(id) FROM fetch_log WHERE policy_id = p.id)
ORDER BY p.name
"""
REPORT_VERSIONS_SQL = """
SELECT t.policy_id, t.version_id, t.version_number, t.first_seen, t.last_seen,
       t.effective_date, t.change_kind, t.change_flags, t.sections_changed, t.sections_added,
       t.sections_removed, t.sections_modified, t.word_count, t.source, t.capture_url,
       (SELECT count(*) FROM section_rows r WHERE r.version_id = t.version_id) AS sections
FROM policy_timeline t
ORDER BY t.policy_id, t.version_number
"""


class SearchQueryError(ValueError):
    """A search query the full-text index cannot parse."""


class HistoryQueries:
    """Queries over every policy's history; `Store` provides `query`."""

    query: Any  # Store.query(sql, params) -> list of row dicts

    def search_sections(
        self,
        query: str,
        policy: str | None = None,
        limit: int = 20,
        words: int = 12,
        literal: bool = False,
    ) -> list[dict[str, Any]]:
        """Sections matching an FTS5 query, best first, with a `snippet` ([match] marked).

        `literal`: each word is searched as typed (quoted, as sqlite-utils quotes them), so
        `it's`, `data-sharing` or `NOT` are words, not syntax.
        """
        match = self.db.quote_fts(query) if literal else query
        if not match.strip():
            raise SearchQueryError("nothing to search for")
        params = {"query": match, "policy": policy, "limit": limit, "words": words}
        try:
            return self.query(SEARCH_SQL, params)
        except sqlite3.OperationalError as error:
            # FTS5 reports bad queries in several ways (syntax error, unterminated string,
            # unknown special query, `a-b` read as column `b`): if a plain word can be
            # searched, the database is fine and the query is at fault.
            try:
                self.query("SELECT rowid FROM sections_fts WHERE sections_fts MATCH 'a' LIMIT 1")
            except sqlite3.DatabaseError:
                raise error from None
            raise SearchQueryError("not a query FTS5 can parse") from None

    def export_rows(self, since: str = "") -> list[dict[str, Any]]:
        """Every version first seen at or after `since`, with its text and provenance;
        `change_flags` a list ([] for a first version), as `history` gives it."""
        rows = self.query(EXPORT_SQL, {"since": since})
        for row in rows:
            row["change_flags"] = json.loads(row["change_flags"] or "[]")
        return rows

    def latest_texts(self) -> list[dict[str, Any]]:
        """Each policy's newest version: policy, organisation, first_seen, markdown."""
        return self.query(
            "SELECT policy, organisation, first_seen, markdown FROM latest_versions ORDER BY policy"
        )

    def report_policies(self) -> list[dict[str, Any]]:
        """Every policy by name, with its latest fetch's outcome and time (None if never)."""
        return self.query(REPORT_POLICIES_SQL)

    def report_versions(self) -> list[dict[str, Any]]:
        """Every version, by policy and number: dates, change kind and counts, `sections`."""
        rows = self.query(REPORT_VERSIONS_SQL)
        for row in rows:
            row["change_flags"] = json.loads(row["change_flags"] or "[]")
        return rows
