"""The SQL views people query, on a history written through the real Timeline."""

from __future__ import annotations

import pytest

from crawler.storage import open_database
from crawler.storage.answerviews import VIEWS as ANSWER_VIEWS
from crawler.storage.views import VIEWS
from tests.support.query_history import CONTOSO_V2, build_history, record


@pytest.fixture
def store(tmp_path):
    store = build_history(tmp_path / "history.db")
    yield store
    store.close()


def test_policy_timeline_has_one_row_per_version_with_its_change(store):
    rows = store.query(
        "SELECT policy, organisation, version_number, first_seen, effective_date, change_kind, "
        "sections_changed FROM policy_timeline WHERE policy = 'northwind-privacy' "
        "ORDER BY version_number"
    )
    assert rows == [
        {
            "policy": "northwind-privacy",
            "organisation": "Northwind Traders",
            "version_number": 1,
            "first_seen": "2022-05-03T08:00:00Z",
            "effective_date": "2022-05-01",
            "change_kind": "first",
            "sections_changed": 0,
        },
        {
            "policy": "northwind-privacy",
            "organisation": "Northwind Traders",
            "version_number": 2,
            "first_seen": "2023-02-10T08:00:00Z",
            "effective_date": "2022-05-01",
            "change_kind": "silent-edit",
            "sections_changed": 1,
        },
        {
            "policy": "northwind-privacy",
            "organisation": "Northwind Traders",
            "version_number": 3,
            "first_seen": "2023-09-02T08:00:00Z",
            "effective_date": "2023-09-01",
            "change_kind": "both",
            "sections_changed": 2,
        },
    ]


def test_latest_versions_gives_each_policys_newest_text(store):
    rows = store.query("SELECT policy, versions, first_seen, markdown FROM latest_versions")
    latest = {row["policy"]: row for row in rows}
    assert set(latest) == {"northwind-privacy", "contoso-terms"}
    assert latest["contoso-terms"]["versions"] == 2
    assert latest["contoso-terms"]["markdown"] == CONTOSO_V2
    assert latest["northwind-privacy"]["first_seen"] == "2023-09-02T08:00:00Z"


def test_change_details_has_before_after_and_word_diff_per_changed_section(store):
    rows = store.query(
        "SELECT heading, section_status, before_text, after_text, word_diff FROM change_details "
        "WHERE policy = 'northwind-privacy' AND changed_at LIKE '2023-02%'"
    )
    assert rows == [
        {
            "heading": "Data sharing",
            "section_status": "modified",
            "before_text": "We share order details with the couriers who deliver your parcels.",
            "after_text": "We share order details with the couriers who deliver your parcels "
            "and with advertising partners who measure our campaigns.",
            "word_diff": "We share order details with the couriers who deliver your parcels"
            "{+ and with advertising partners who measure our campaigns+}.",
        }
    ]


def test_change_details_shows_removed_words_and_every_changed_section(store):
    rows = store.query(
        "SELECT heading, word_diff FROM change_details WHERE policy = 'northwind-privacy' "
        "AND changed_at LIKE '2023-09%' ORDER BY heading"
    )
    assert rows == [
        {
            "heading": "Northwind Traders Privacy Policy",
            "word_diff": "Effective date: 1 [-May 2022-]{+September 2023+}",
        },
        {
            "heading": "Your rights",
            "word_diff": "You may ask for a copy of your data at any time"
            "{+, and ask us to delete it+}.",
        },
    ]


def test_silent_edits_lists_content_changes_under_an_unchanged_date(store):
    rows = store.query("SELECT policy, changed_at, effective_date FROM silent_edits")
    assert rows == [
        {
            "policy": "northwind-privacy",
            "changed_at": "2023-02-10T08:00:00Z",
            "effective_date": "2022-05-01",
        }
    ]


def test_fetch_errors_lists_only_failed_fetches(store):
    store.log_fetch(
        {
            "policy_id": store.policy("contoso-terms")["id"],
            "source": "live",
            "url": "https://contoso.example/tos",
            "requested_at": "2023-07-02T08:00:00Z",
            "outcome": "unchanged",
            "ok": 1,
        }
    )
    rows = store.query("SELECT policy, outcome, http_status FROM fetch_errors")
    assert rows == [{"policy": "contoso-terms", "outcome": "http-5xx", "http_status": 503}]


def test_views_follow_a_capture_inserted_into_the_past(store):
    """A back-filled capture between two versions shows up in the views at once."""
    contoso = store.policy("contoso-terms")["id"]
    middle = CONTOSO_V2.replace("16 or older", "18 or older")
    record(store, contoso, "2022-01-01T00:00:00Z", middle)
    kinds = store.query(
        "SELECT version_number, change_kind FROM policy_timeline "
        "WHERE policy = 'contoso-terms' ORDER BY version_number"
    )
    # The new middle version brought the 2023 date early; the 2023 version now only edits.
    assert [row["change_kind"] for row in kinds] == ["first", "both", "silent-edit"]
    details = store.query(
        "SELECT heading FROM change_details WHERE policy = 'contoso-terms' "
        "AND changed_at LIKE '2022%' ORDER BY heading"
    )
    assert "Using the service" in [row["heading"] for row in details]


def test_views_survive_reopening_and_filters_use_indexes(tmp_path):
    build_history(tmp_path / "history.db").close()
    store = open_database(tmp_path / "history.db")
    names = {row["name"] for row in store.query("SELECT name FROM sqlite_master WHERE type='view'")}
    # `sections` and `versions` are views too since migrations 0006 and 0009 (texts once).
    assert names == {*VIEWS, *ANSWER_VIEWS, "sections", "versions", "section_search"}
    plan = " ".join(
        row["detail"]
        for row in store.query(
            "EXPLAIN QUERY PLAN SELECT * FROM policy_timeline WHERE policy = 'contoso-terms'"
        )
    )
    assert "SCAN v" not in plan and "SEARCH v USING INDEX" in plan
    plan = " ".join(
        row["detail"]
        for row in store.query(
            "EXPLAIN QUERY PLAN SELECT * FROM silent_edits WHERE changed_at >= '2023-01-01'"
        )
    )
    assert "SEARCH c USING INDEX idx_changes_kind_changed_at" in plan
    # Datasette's search box on section_search: matching texts by primary key, no scan.
    plan = " ".join(
        row["detail"]
        for row in store.query(
            "EXPLAIN QUERY PLAN SELECT * FROM section_search WHERE text_id IN "
            "(SELECT rowid FROM sections_fts WHERE sections_fts MATCH 'couriers')"
        )
    )
    assert "SEARCH t USING INTEGER PRIMARY KEY" in plan and "SCAN r" not in plan
    # A hit's versions are looked up per version of its policy, never through every section
    # row holding the text (boilerplate is in thousands): 0.3 s instead of over a minute for
    # 101 hits in 1,000 policies x 50 versions.
    assert "SEARCH r USING INDEX idx_section_rows_version_id_idx (version_id=?)" in plan


def test_section_search_lists_each_policy_text_once_with_its_versions(tmp_path):
    store = build_history(tmp_path / "history.db")
    rows = store.query(
        "SELECT policy, heading, first_version, last_version, versions, first_seen, last_seen "
        "FROM section_search WHERE text_id IN "
        "(SELECT rowid FROM sections_fts WHERE sections_fts MATCH 'couriers') ORDER BY text_id"
    )
    # Northwind's sharing section as first written (version 1), then as edited (2 and 3).
    assert rows == [
        {
            "policy": "northwind-privacy",
            "heading": "Data sharing",
            "first_version": 1,
            "last_version": 1,
            "versions": 1,
            "first_seen": "2022-05-03T08:00:00Z",
            "last_seen": "2022-05-03T08:00:00Z",
        },
        {
            "policy": "northwind-privacy",
            "heading": "Data sharing",
            "first_version": 2,
            "last_version": 3,
            "versions": 2,
            "first_seen": "2023-02-10T08:00:00Z",
            "last_seen": "2023-09-02T08:00:00Z",
        },
    ]
