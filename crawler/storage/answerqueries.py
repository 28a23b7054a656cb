"""Reads of the change windows and change statistics (a mixin of `Store`)."""

from __future__ import annotations

from typing import Any

from crawler.storage.answerviews import CHANGE_STATS, STATS_FILTER


class AnswerQueries:
    db: Any

    def change_windows(self, policy_id: int) -> dict[int, dict[str, Any]]:
        """To-version id -> that change's `change_windows` row."""
        return {
            row["to_version_id"]: dict(row)
            for row in self.db.execute(
                "SELECT * FROM change_windows WHERE policy_id = ?", [policy_id]
            )
        }

    def change_stats(
        self, organisation: str | None = None, since: str | None = None
    ) -> list[dict[str, Any]]:
        """`change_stats` rows, counting only changes first seen at or after `since` (stored
        time text) and only `organisation`'s policies when given."""
        sql = CHANGE_STATS.format(where=STATS_FILTER) + " ORDER BY w.organisation, w.policy"
        return [
            dict(row)
            for row in self.db.execute(sql, {"organisation": organisation, "since": since})
        ]
