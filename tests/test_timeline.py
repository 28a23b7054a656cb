"""Captures placed on a policy's timeline in any order, on a real SQLite file."""

from __future__ import annotations

import json

import pytest

from crawler.storage import open_database
from crawler.timeline.history import Timeline
from diffing.normalise import text_hash
from diffing.parse import parse_document

TEXTS = {
    "A": "# Policy\n\nLast updated: January 5, 2020\n\n## Data\n\nWe keep logs for 30 days.",
    "B": "# Policy\n\nLast updated: March 1, 2021\n\n## Data\n\nWe keep logs for 90 days.",
    "C": "# Policy\n\nLast updated: March 1, 2021\n\n## Data\n\nWe keep logs for 90 days.\n\n"
    "## Sharing\n\nWe share data with partners.",
}


@pytest.fixture
def timeline(tmp_path):
    store = open_database(tmp_path / "t.db")
    policy_id = store.sync_policy({"name": "p", "url": "https://example.test/privacy"})
    line = Timeline(store)

    def record(day: str, text: str, source: str = "wayback"):
        snapshot = {
            "source": source,
            "captured_at": f"2021-01-{day}T00:00:00Z",
            "url": "https://example.test/privacy",
        }
        body = TEXTS[text].encode()
        return line.record(policy_id, snapshot, body, parse_document(TEXTS[text]), "test")

    yield store, policy_id, record
    store.close()


def history(store, policy_id):
    """[(text key by hash, first_seen day, last_seen day)] and [(from key, to key, kind)]."""
    key = {text_hash(t): k for k, t in TEXTS.items()}
    versions = store.versions(policy_id)
    by_id = {v["id"]: key[v["text_hash"]] for v in versions}
    runs = [(key[v["text_hash"]], v["first_seen"][8:10], v["last_seen"][8:10]) for v in versions]
    changes = [
        (by_id[c["from_version_id"]], by_id[c["to_version_id"]], c["kind"])
        for c in store.changes(policy_id)
    ]
    return runs, changes


def test_an_older_capture_slots_in_between_and_both_changes_are_recomputed(timeline):
    store, policy_id, record = timeline
    record("10", "A")
    record("20", "C")
    recorded = record("15", "B")
    assert recorded.outcome == "new-version"
    runs, changes = history(store, policy_id)
    assert runs == [("A", "10", "10"), ("B", "15", "15"), ("C", "20", "20")]
    # C adds a section under the same stated date: a silent edit.
    assert changes == [("A", "B", "both"), ("B", "C", "silent-edit")]


def test_an_earlier_sighting_extends_a_run_backwards(timeline):
    store, policy_id, record = timeline
    record("10", "A")
    record("20", "B")
    assert record("15", "B").outcome == "earlier-sighting"
    assert record("12", "A").outcome == "unchanged"
    runs, changes = history(store, policy_id)
    assert runs == [("A", "10", "12"), ("B", "15", "20")]
    assert changes == [("A", "B", "both")]


def test_a_capture_inside_a_run_splits_it_and_the_return_is_a_flip_flop(timeline):
    store, policy_id, record = timeline
    record("10", "A")
    record("20", "A")
    record("15", "B")
    runs, changes = history(store, policy_id)
    assert runs == [("A", "10", "10"), ("B", "15", "15"), ("A", "20", "20")]
    assert changes == [("A", "B", "both"), ("B", "A", "both")]
    back = store.changes(policy_id)[-1]
    assert json.loads(back["flags"]) == ["date_moved_backwards", "flip_flop"]
    assert back["should_alert"] == 0


def test_recording_the_same_capture_twice_adds_no_version(timeline):
    store, policy_id, record = timeline
    record("10", "A")
    assert record("10", "A").outcome == "unchanged"
    assert len(store.versions(policy_id)) == 1


def test_changes_found_by_backfill_are_historical_and_live_ones_are_not(timeline):
    store, policy_id, record = timeline
    record("10", "A", source="wayback")
    record("12", "B", source="wayback")
    record("20", "C", source="live")
    assert [c["historical"] for c in store.changes(policy_id)] == [1, 0]
