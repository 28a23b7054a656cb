"""Alerts and `policywatch diff` read the diff recorded with each change (changes.diff_json)
instead of rebuilding both versions and comparing them again: on a real crawl history the
output is byte for byte what a fresh comparison gives, and it is the recorded diff they show."""

from __future__ import annotations

import json

from crawler.alerts.model import alert_from_row
from crawler.query import lookup
from crawler.storage import open_database
from crawler.timeline.history import document_from_version
from diffing.compare import compare_documents
from diffing.render import render_diff
from tests.support.alerting import crawl_two_editions, edit_recorded_diffs

WAYBACK = "https://web.archive.org"
FORMATS = ("text", "markdown", "html", "json")


def consecutive_changes(store):
    """(policy name, old version, new version) of every stored change."""
    rows = store.query(
        "SELECT p.name, p.id AS policy_id, c.from_version_id, c.to_version_id FROM changes c "
        "JOIN policies p ON p.id = c.policy_id ORDER BY c.id"
    )
    versions = {}
    for row in rows:
        numbered = {v["id"]: v for v in lookup.versions_or_error(store, row["policy_id"])}
        versions[row["name"]] = numbered
    return [
        (
            row["name"],
            versions[row["name"]][row["from_version_id"]],
            versions[row["name"]][row["to_version_id"]],
        )
        for row in rows
    ]


def fresh_diff(old: dict, new: dict):
    """What `diff` and the alerts showed before: both versions rebuilt and compared."""
    return compare_documents(document_from_version(old), document_from_version(new))


def labels(old: dict, new: dict) -> dict[str, str]:
    return {
        "old_label": f"version {old['number']} ({old['first_seen']})",
        "new_label": f"version {new['number']} ({new['first_seen']})",
    }


def test_diff_command_prints_what_a_fresh_comparison_printed(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    store = open_database(db)
    changes = consecutive_changes(store)
    assert [name for name, _, _ in changes] == ["quill-privacy", "raven-terms"]
    for name, old, new in changes:
        fresh = fresh_diff(old, new)
        assert store.stored_diff(old["id"], new["id"]) == fresh
        for fmt in FORMATS:
            shown = run_cli("diff", name, "--db", str(db), "--format", fmt).stdout
            if fmt == "json":  # the diff's own fields, after which versions it compares
                ends = {"policy", "from", "to"}
                shown_diff = {k: v for k, v in json.loads(shown).items() if k not in ends}
                assert shown_diff == json.loads(render_diff(fresh, fmt))
            else:
                assert shown == render_diff(fresh, fmt, **labels(old, new)) + "\n"
    store.close()


def test_alerts_carry_what_a_fresh_comparison_found(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    store = open_database(db)
    rows = store.pending_changes("atom")
    assert len(rows) == 2
    for row in rows:
        old, new = store.version(row["from_version_id"]), store.version(row["to_version_id"])
        alert = alert_from_row(store, row, WAYBACK)
        fresh = fresh_diff(old, new)
        assert alert.diff == fresh
        assert alert.text_diff() == render_diff(fresh, "text")
    store.close()


def test_diff_and_alerts_show_the_recorded_diff(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    # Edit the recorded diff only: the versions' texts still say "advertising partners".
    assert edit_recorded_diffs(db, "advertising partners", "advertising associates") == 1
    shown = run_cli("diff", "quill-privacy", "--db", str(db)).stdout
    assert "advertising associates" in shown and "advertising partners" not in shown
    store = open_database(db)
    (row,) = [r for r in store.pending_changes("atom") if r["policy_name"] == "quill-privacy"]
    text = alert_from_row(store, row, WAYBACK).text_diff()
    assert "advertising associates" in text and "advertising partners" not in text
    store.close()


def test_versions_that_are_not_consecutive_are_compared_now(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    store = open_database(db)
    policy = lookup.policy(store, "quill-privacy")
    first = lookup.resolve(store, policy["id"], "1")
    # The same version on both sides: no change was recorded between them.
    assert store.stored_diff(first["id"], first["id"]) is None
    shown = run_cli("diff", "quill-privacy", "--db", str(db), "--from", "1", "--to", "1").stdout
    assert shown == render_diff(fresh_diff(first, first), "text", **labels(first, first)) + "\n"
    store.close()
