"""The query benchmark's fast path writes the rows the real Timeline would write."""

from __future__ import annotations

from bench.history_db import TEMPLATE_COUNT, build_database, policy_entry
from crawler.storage import Store, open_database
from crawler.timeline.history import Timeline
from diffing.parse import parse_document

IGNORED = {
    "id",
    "policy_id",
    "snapshot_id",
    "version_id",
    "text_id",
    "from_version_id",
    "to_version_id",
}


def history_rows(store: Store, name: str) -> dict[str, list[dict]]:
    """A policy's snapshots, versions, sections and changes, without ids or detection times."""
    policy_id = store.policy(name)["id"]
    tables = {
        "snapshots": "SELECT * FROM snapshots WHERE policy_id = ? ORDER BY captured_at",
        "versions": "SELECT * FROM versions WHERE policy_id = ? ORDER BY first_seen",
        "sections": "SELECT s.* FROM sections s JOIN versions v ON v.id = s.version_id "
        "WHERE v.policy_id = ? ORDER BY v.first_seen, s.idx",
        "changes": "SELECT * FROM changes WHERE policy_id = ? ORDER BY changed_at",
    }
    return {
        table: [
            {k: v for k, v in row.items() if k not in IGNORED | {"detected_at"}}
            for row in store.query(sql, [policy_id])
        ]
        for table, sql in tables.items()
    }


def test_copied_policy_matches_recording_its_texts(tmp_path):
    copy = policy_entry(TEMPLATE_COUNT + 1)
    fast = build_database(tmp_path / "fast.db", policies=TEMPLATE_COUNT + 2, versions=6)
    expected = history_rows(fast, copy["name"])
    assert len(expected["versions"]) == 6 and len(expected["changes"]) == 5
    assert all(copy["organisation"] in v["markdown"] for v in expected["versions"])

    recorded = open_database(tmp_path / "recorded.db")
    policy_id = recorded.sync_policy(copy)
    for version in fast.versions(fast.policy(copy["name"])["id"]):
        snapshot = {"source": "live", "captured_at": version["first_seen"], "url": copy["url"]}
        document = parse_document(version["markdown"])
        Timeline(recorded).record(
            policy_id, snapshot, version["markdown"].encode(), document, "bench"
        )
    assert history_rows(recorded, copy["name"]) == expected


def test_search_finds_copies_under_their_own_names(tmp_path):
    store = build_database(tmp_path / "fast.db", policies=TEMPLATE_COUNT + 3, versions=2)
    copy = policy_entry(TEMPLATE_COUNT + 2)
    hits = store.search_sections(f'"{copy["organisation"]}"', limit=100)
    assert {hit["policy"] for hit in hits} == {copy["name"]}
