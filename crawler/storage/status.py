"""The morning question: where each policy stands (mixed into `Store`; SQL stays in storage)."""

from __future__ import annotations

from typing import Any

# Per policy: its latest live fetch, how many live fetches failed in a row up to now (since
# its last good one), its newest change and its number of versions.
POLICY_STATUS_SQL = """
SELECT
    p.name,
    f.requested_at AS last_fetch,
    f.outcome,
    f.detail,
    (SELECT count(*) FROM fetch_log x
     WHERE x.policy_id = p.id AND x.source = 'live' AND x.id > coalesce(
        (SELECT max(id) FROM fetch_log y
         WHERE y.policy_id = p.id AND y.source = 'live' AND y.ok = 1), 0)
    ) AS failing_streak,
    c.kind AS last_change_kind,
    c.changed_at AS last_change_at,
    (SELECT count(*) FROM versions v WHERE v.policy_id = p.id) AS versions
FROM policies p
LEFT JOIN fetch_log f ON f.id = (
    SELECT max(id) FROM fetch_log WHERE policy_id = p.id AND source = 'live')
LEFT JOIN changes c ON c.id = (
    SELECT id FROM changes WHERE policy_id = p.id ORDER BY changed_at DESC, id DESC LIMIT 1)
ORDER BY p.name
"""


class StatusQueries:
    """`Store` provides `query`."""

    query: Any

    def policy_status_rows(self) -> list[dict[str, Any]]:
        """One row per stored policy: name, last_fetch, outcome, detail, failing_streak,
        last_change_kind, last_change_at, versions (fetch columns None if never fetched)."""
        return self.query(POLICY_STATUS_SQL)
