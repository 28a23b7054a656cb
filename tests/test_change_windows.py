"""Each change's window (last capture of the old text, first of the new), its gap, and how
the stated effective date falls against it: in the views, `history` and the alerts."""

from __future__ import annotations

import json

import pytest

from crawler.alerts.digest import text_body
from crawler.alerts.model import alert_from_row
from crawler.alerts.webhook import payload
from crawler.storage import open_database
from crawler.timeline.history import Timeline
from diffing.parse import parse_document

POLICY = """# Fabrikam Privacy Policy

Effective date: {date}

## What we collect

We collect your name and e-mail address when you {verb} an account.

## Sharing

We never sell your data.
"""


def text(date: str, verb: str = "open") -> str:
    return POLICY.format(date=date, verb=verb)


@pytest.fixture
def timeline(tmp_path):
    store = open_database(tmp_path / "w.db")
    policy_id = store.sync_policy(
        {"name": "fabrikam-privacy", "organisation": "Fabrikam", "url": "https://f.example/p"}
    )
    line = Timeline(store)

    def record(at: str, markdown: str, source: str = "live"):
        snapshot = {"source": source, "captured_at": at, "url": "https://f.example/p"}
        line.record(policy_id, snapshot, markdown.encode(), parse_document(markdown), "test")

    yield store, record
    store.close()


def windows(store) -> list[dict]:
    return store.query("SELECT * FROM change_windows ORDER BY window_to")


def test_the_window_runs_from_the_last_old_capture_to_the_first_new_one(timeline):
    store, record = timeline
    for day in ("01", "02", "03"):
        record(f"2024-03-{day}T03:00:00Z", text("1 January 2024"))
    record("2024-03-04T03:00:00Z", text("1 January 2024", "create"))
    record("2024-03-05T03:00:00Z", text("1 January 2024", "create"))
    (window,) = windows(store)
    assert (window["window_from"], window["window_to"]) == (
        "2024-03-03T03:00:00Z",
        "2024-03-04T03:00:00Z",
    )
    assert window["changed_between"] == "changed between 2024-03-03 and 2024-03-04"
    # Nightly captures: no gap to report.
    assert window["window_days"] == 1.0 and window["gap_days"] is None


def test_a_wayback_capture_narrows_a_live_gap(timeline):
    store, record = timeline
    record("2024-03-01T03:00:00Z", text("1 January 2024"))
    record("2024-03-20T03:00:00Z", text("1 January 2024", "create"))
    assert windows(store)[0]["gap_days"] == 19.0
    # The archive saw the old text later than our last crawl did.
    record("2024-03-15T10:00:00Z", text("1 January 2024"), source="wayback")
    (window,) = windows(store)
    assert window["window_from"] == "2024-03-15T10:00:00Z"
    assert window["gap_days"] == 4.7
    row = store.query("SELECT window_from FROM policy_timeline WHERE change_kind != 'first'")
    assert row == [{"window_from": "2024-03-15T10:00:00Z"}]


@pytest.mark.parametrize(
    ("stated", "timing", "days"),
    [
        ("1 April 2024", "announced-before", 21),  # after the window: announced ahead
        ("8 March 2024", "within", 0),
        ("1 February 2024", "backdated", -33),  # before the old text was last seen
    ],
)
def test_the_stated_date_is_placed_against_the_window(timeline, stated, timing, days):
    store, record = timeline
    record("2024-03-05T03:00:00Z", text("1 January 2024"))
    record("2024-03-11T03:00:00Z", text(stated, "create"))
    (window,) = windows(store)
    assert window["change_kind"] == "both"
    assert window["effective_timing"] == timing
    assert window["days_to_effective"] == days


def test_a_change_that_kept_its_date_has_no_timing(timeline):
    store, record = timeline
    record("2024-03-05T03:00:00Z", text("1 January 2024"))
    record("2024-03-11T03:00:00Z", text("1 January 2024", "create"))
    (window,) = windows(store)
    assert window["change_kind"] == "silent-edit" and window["effective_timing"] is None


def test_history_json_gives_each_later_version_its_window(timeline, run_cli):
    store, record = timeline
    record("2024-03-01T03:00:00Z", text("1 January 2024"))
    record("2024-03-02T03:00:00Z", text("1 January 2024"))
    record("2024-03-09T03:00:00Z", text("1 February 2024", "create"))
    db = ["--db", str(store.path)]
    versions = json.loads(run_cli("history", "fabrikam-privacy", *db, "--format", "json").stdout)[
        "versions"
    ]
    assert "window" not in versions[0]
    assert versions[1]["window"] == {"from": "2024-03-02T03:00:00Z", "to": "2024-03-09T03:00:00Z"}
    assert versions[1]["gap_days"] == 7.0
    assert versions[1]["effective_timing"] == "backdated"
    shown = run_cli("history", "fabrikam-privacy", *db).stdout
    assert "changed between 2024-03-02 and 2024-03-09 (gap 7.0 days; date backdated)" in shown


def test_alerts_say_between_which_captures_the_change_happened(timeline):
    store, record = timeline
    record("2024-03-01T03:00:00Z", text("1 January 2024"))
    record("2024-03-02T03:00:00Z", text("1 January 2024"))
    record("2024-03-09T03:00:00Z", text("1 January 2024", "create"))
    alerts = [
        alert_from_row(store, row, "https://web.archive.org")
        for row in store.pending_changes("email")
    ]
    assert len(alerts) == 1
    assert "changed between 2024-03-02 and 2024-03-09" in text_body(alerts)
    sent = payload(alerts[0])
    assert sent["change"]["window"] == {
        "from": "2024-03-02T03:00:00Z",
        "to": "2024-03-09T03:00:00Z",
    }
    assert "changed between 2024-03-02 and 2024-03-09" in sent["text"]
