"""Store methods for failure notices and their deliveries (mixed into `Store`)."""

from __future__ import annotations

from typing import Any

NOTICE_COLUMNS = (
    "n.*, p.name AS policy_name, p.organisation, p.url AS policy_url, "
    "f.detail, f.requested_at AS fetched_at"
)
NOTICE_FROM = (
    "FROM failure_notices n JOIN policies p ON p.id = n.policy_id "
    "JOIN fetch_log f ON f.id = n.fetch_id "
)


class NoticeRecords:
    """`Store` provides `db`, `query` and `now`."""

    db: Any
    query: Any
    now: Any

    def record_notice(self, policy_id: int, fetch_id: int, kind: str, outcome: str, streak: int):
        """Record the notice of the fetch that turned a streak; a second call for the same
        fetch records nothing (a notice is news once)."""
        self.db.execute(
            "INSERT INTO failure_notices (policy_id, fetch_id, kind, outcome, streak, noticed_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (fetch_id) DO NOTHING",
            [policy_id, fetch_id, kind, outcome, streak, self.now()],
        )

    def pending_notices(self, reporter: str) -> list[dict[str, Any]]:
        """Notices this reporter has not been sent yet (failed sends included), oldest first."""
        return self.query(
            f"SELECT {NOTICE_COLUMNS} {NOTICE_FROM}"
            "LEFT JOIN notice_deliveries d ON d.notice_id = n.id AND d.reporter = ? "
            "WHERE d.status IS NULL OR d.status = 'failed' ORDER BY n.id",
            [reporter],
        )

    def delivered_notices(self, reporter: str, limit: int) -> list[dict[str, Any]]:
        """The newest `limit` notices sent to `reporter`, newest first."""
        return self.query(
            f"SELECT {NOTICE_COLUMNS} {NOTICE_FROM}"
            "JOIN notice_deliveries d ON d.notice_id = n.id AND d.reporter = ? "
            "WHERE d.status = 'sent' ORDER BY n.id DESC LIMIT ?",
            [reporter, limit],
        )

    def record_notice_delivery(
        self, notice_id: int, reporter: str, error: str | None, run_id: int | None
    ) -> None:
        """Record one attempt: sent when `error` is None; a later success overwrites a failure."""
        now = self.now()
        self.db.execute(
            "INSERT INTO notice_deliveries (notice_id, reporter, status, attempts, "
            "last_attempt_at, sent_at, error, run_id) VALUES (?, ?, ?, 1, ?, ?, ?, ?) "
            "ON CONFLICT (notice_id, reporter) DO UPDATE SET status = excluded.status, "
            "attempts = attempts + 1, last_attempt_at = excluded.last_attempt_at, "
            "sent_at = excluded.sent_at, error = excluded.error, run_id = excluded.run_id",
            [
                notice_id,
                reporter,
                "failed" if error else "sent",
                now,
                None if error else now,
                error,
                run_id,
            ],
        )
