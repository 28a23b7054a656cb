"""Store methods for runs and alert deliveries (mixed into `Store`; SQL stays in storage)."""

from __future__ import annotations

from typing import Any

# Columns an alert needs: the change, its policy, and the version it leads to.
ALERT_COLUMNS = (
    "c.*, p.name AS policy_name, p.organisation, p.url AS policy_url, p.tags, "
    "p.document_type, v.text_hash, v.first_seen AS version_first_seen, v.title, "
    # The last capture of the old text: the change happened between it and changed_at.
    "(SELECT last_seen FROM version_rows WHERE id = c.from_version_id) AS window_from"
)
ALERTABLE = "c.should_alert = 1 AND c.historical = 0"


class RunRecords:
    """The `runs` table: one row per `policywatch run`."""

    def start_run(self, pid: int) -> int:
        return (
            self.db["runs"]
            .insert({"started_at": self.now(), "status": "running", "pid": pid})
            .last_pk
        )

    def close_interrupted_runs(self) -> int:
        """Mark runs still 'running' as interrupted; only call while holding the run lock."""
        return self.db.execute(
            "UPDATE runs SET status = 'interrupted' WHERE status = 'running'"
        ).rowcount

    def finish_run(self, run_id: int, **counts: Any) -> None:
        self.db["runs"].update(run_id, {**counts, "finished_at": self.now()})

    def run(self, run_id: int) -> dict[str, Any]:
        return dict(self.db.execute("SELECT * FROM runs WHERE id = ?", [run_id]).fetchone())

    def high_water_marks(self) -> dict[str, int]:
        """The newest version and change ids, to count what a run adds after them."""
        return {
            table: self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            for table in ("versions", "changes")
        }

    def added_since(self, marks: dict[str, int]) -> dict[str, int]:
        """New versions, changes and alertable changes after `high_water_marks()`."""
        return dict(
            self.db.execute(
                "SELECT (SELECT count(*) FROM versions WHERE id > :versions) AS versions, "
                "(SELECT count(*) FROM changes WHERE id > :changes) AS changes, "
                "(SELECT count(*) FROM changes c WHERE id > :changes AND "
                f"{ALERTABLE}) AS alertable",
                marks,
            ).fetchone()
        )


class DeliveryRecords:
    """Which alertable changes each reporter has been sent (the `deliveries` table)."""

    def pending_changes(self, reporter: str) -> list[dict[str, Any]]:
        """Alertable changes this reporter has not yet sent or filtered out (failed ones too)."""
        return self.query(
            f"SELECT {ALERT_COLUMNS} FROM changes c "
            "JOIN policies p ON p.id = c.policy_id JOIN versions v ON v.id = c.to_version_id "
            "LEFT JOIN deliveries d ON d.to_version_id = c.to_version_id AND d.reporter = ? "
            f"WHERE {ALERTABLE} AND (d.status IS NULL OR d.status = 'failed') "
            "ORDER BY c.changed_at, c.id",
            [reporter],
        )

    def recent_alertable_changes(self, limit: int) -> list[dict[str, Any]]:
        """The newest `limit` alertable changes of each policy, newest first.

        Per policy, so that every feed (all, one policy, an organisation, a tag) can take
        its own newest `limit` from these rows: a feed is a union of policies.
        """
        return self._newest_per_policy("", "", {}, limit)

    def delivered_changes(self, reporter: str, limit: int) -> list[dict[str, Any]]:
        """The newest `limit` alertable changes of each policy already sent to `reporter`."""
        return self._newest_per_policy(
            "JOIN deliveries d ON d.to_version_id = c.to_version_id AND d.reporter = :reporter ",
            "AND d.status = 'sent'",
            {"reporter": reporter},
            limit,
        )

    def _newest_per_policy(
        self, join: str, where: str, params: dict[str, Any], limit: int
    ) -> list[dict[str, Any]]:
        rows = self.query(
            "SELECT * FROM (SELECT "
            f"{ALERT_COLUMNS}, row_number() OVER ("
            "PARTITION BY c.policy_id ORDER BY c.changed_at DESC, c.id DESC) AS policy_rank "
            "FROM changes c "
            "JOIN policies p ON p.id = c.policy_id JOIN versions v ON v.id = c.to_version_id "
            f"{join}WHERE {ALERTABLE} {where}) "
            "WHERE policy_rank <= :limit ORDER BY changed_at DESC, id DESC",
            {**params, "limit": limit},
        )
        for row in rows:
            del row["policy_rank"]
        return rows

    def record_delivery(
        self, to_version_id: int, reporter: str, status: str, error: str | None, run_id: int | None
    ) -> None:
        """Record one attempt; a later success overwrites a failure, keeping the attempt count."""
        now = self.now()
        self.db.execute(
            "INSERT INTO deliveries (to_version_id, reporter, status, attempts, first_attempt_at, "
            "last_attempt_at, sent_at, error, run_id) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?) "
            "ON CONFLICT (to_version_id, reporter) DO UPDATE SET status = excluded.status, "
            "attempts = attempts + 1, last_attempt_at = excluded.last_attempt_at, "
            "sent_at = excluded.sent_at, error = excluded.error, run_id = excluded.run_id",
            [
                to_version_id,
                reporter,
                status,
                now,
                now,
                now if status == "sent" else None,
                error,
                run_id,
            ],
        )

    def deliveries(self, reporter: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE reporter = ?", [reporter]) if reporter else ("", [])
        return self.query(f"SELECT * FROM deliveries {where} ORDER BY to_version_id", params)
