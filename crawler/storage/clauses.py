"""Clause lineage storage: which clause each section of each version belongs to.

`clauses` hands out clause ids (never reused); `clause_events` holds one row per section of
every version (its clause, its status against the previous version) plus one `removed` row
where a clause disappears. The rows are derived from `changes.diff_json` by
`crawler.timeline.lineage`, which rewrites a policy's rows whenever its timeline changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

TABLES = (
    "CREATE TABLE clauses (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "policy_id INTEGER NOT NULL REFERENCES policies(id))",
    # idx: the section in version_id (NULL on a `removed` row); old_idx: the section it comes
    # from in the previous version; related_clause_id: the clause an added section was split
    # from, or the one a removed section was merged into.
    "CREATE TABLE clause_events (id INTEGER PRIMARY KEY, "
    "policy_id INTEGER NOT NULL REFERENCES policies(id), clause_id INTEGER NOT NULL, "
    "version_id INTEGER NOT NULL, idx INTEGER, old_idx INTEGER, status TEXT NOT NULL, "
    "moved INTEGER NOT NULL DEFAULT 0, renamed INTEGER NOT NULL DEFAULT 0, "
    "related_clause_id INTEGER)",
    "CREATE INDEX clause_events_clause ON clause_events (clause_id, version_id)",
    "CREATE INDEX clause_events_version ON clause_events (version_id, idx)",
    "CREATE INDEX clause_events_policy ON clause_events (policy_id)",
)

# A list of version ids as one JSON parameter: no limit on how many.
IDS = "(SELECT value FROM json_each(?))"

EVENT_COLUMNS = (
    "policy_id",
    "clause_id",
    "version_id",
    "idx",
    "old_idx",
    "status",
    "moved",
    "renamed",
    "related_clause_id",
)


def create_clause_tables(db: Any) -> None:
    for statement in TABLES:
        db.execute(statement)


class ClauseRecords:
    """Reads and writes of the lineage tables (a mixin of `Store`)."""

    db: Any

    def lineage_sections(
        self, policy_id: int, version_ids: Iterable[int] | None = None
    ) -> dict[int, list[tuple[str, str]]]:
        """Version id -> its sections' (heading, hash) in order, for the policy's versions
        (or only `version_ids`)."""
        sql = (
            "SELECT r.version_id, r.idx, t.heading, t.hash FROM section_rows r "
            "JOIN section_texts t ON t.id = r.text_id "
            "JOIN version_rows v ON v.id = r.version_id WHERE v.policy_id = ?"
        )
        params: list[Any] = [policy_id]
        if version_ids is not None:
            sql += f" AND r.version_id IN {IDS}"
            params.append(json.dumps(list(version_ids)))
        sections: dict[int, list[tuple[str, str]]] = {}
        for version_id, _, heading, digest in self.db.execute(
            sql + " ORDER BY r.version_id, r.idx", params
        ):
            sections.setdefault(version_id, []).append((heading, digest))
        return sections

    def lineage_diffs(
        self, policy_id: int, version_ids: list[int]
    ) -> dict[int, tuple[int, str | None]]:
        """To-version id -> (from-version id, diff_json) of the changes into `version_ids`."""
        return {
            to_id: (from_id, diff_json)
            for to_id, from_id, diff_json in self.db.execute(
                "SELECT to_version_id, from_version_id, diff_json FROM changes "
                f"WHERE policy_id = ? AND to_version_id IN {IDS}",
                [policy_id, json.dumps(version_ids)],
            )
        }

    def clause_ids(
        self, policy_id: int, version_ids: Iterable[int] | None = None
    ) -> dict[tuple[int, int], int]:
        """(version id, section idx) -> clause id, as last stored."""
        sql = "SELECT version_id, idx, clause_id FROM clause_events WHERE policy_id = ? "
        params: list[Any] = [policy_id]
        if version_ids is not None:
            sql += f"AND version_id IN {IDS} "
            params.append(json.dumps(list(version_ids)))
        return {
            (version_id, idx): clause_id
            for version_id, idx, clause_id in self.db.execute(sql + "AND idx IS NOT NULL", params)
        }

    def new_clause_id(self, policy_id: int) -> int:
        return self.db.execute("INSERT INTO clauses (policy_id) VALUES (?)", [policy_id]).lastrowid

    def replace_clause_events(
        self,
        policy_id: int,
        events: list[dict[str, Any]],
        version_ids: Iterable[int] | None = None,
    ) -> None:
        """Replace the policy's lineage rows (or only those of `version_ids`) by `events`."""
        if version_ids is None:
            self.db.execute("DELETE FROM clause_events WHERE policy_id = ?", [policy_id])
        else:
            self.db.execute(
                f"DELETE FROM clause_events WHERE version_id IN {IDS}",
                [json.dumps(list(version_ids))],
            )
        self.db.conn.executemany(
            f"INSERT INTO clause_events ({', '.join(EVENT_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
            [[event[column] for column in EVENT_COLUMNS] for event in events],
        )

    def clause_history(self, policy_id: int, clause_id: int) -> list[dict[str, Any]]:
        """One clause's rows of the `clause_history` view, oldest first."""
        return [
            dict(row)
            for row in self.db.execute(
                "SELECT * FROM clause_history WHERE policy_id = ? AND clause_id = ? "
                "ORDER BY first_seen, version_id, idx IS NULL",
                [policy_id, clause_id],
            )
        ]

    def clauses_with_heading(self, policy_id: int, heading: str) -> list[int]:
        """Clauses of the policy that carried `heading` (case-insensitive) at some version,
        the ones carrying it latest first."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT e.clause_id FROM clause_events e "
                "JOIN sections s ON s.version_id = e.version_id AND s.idx = e.idx "
                "JOIN version_rows v ON v.id = e.version_id "
                "WHERE e.policy_id = ? AND lower(trim(s.heading)) = lower(trim(?)) "
                "GROUP BY e.clause_id ORDER BY max(v.first_seen) DESC",
                [policy_id, heading],
            )
        ]
