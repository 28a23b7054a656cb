"""`policywatch stats` and the `change_stats` view on histories back-filled through the local
Wayback server from real Open Terms Archive snapshots (../shared/corpus/ota)."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
import yaml

from crawler.sandbox.wayback import ArchiveStore, WaybackServer, load_ota_history
from crawler.storage import open_database
from tests.support.backfill_helpers import backfill
from tests.support.paths import CORPUS

# Organisation -> OTA documents: Bumble's privacy policy moved its date with most edits, some
# before the old text was last archived; npm's terms changed without moving it.
DOCUMENTS = {
    "Bumble": ["dating--bumble--privacy-policy", "dating--bumble--trackers-policy"],
    "npm": ["demo--npm-public-registry--terms-of-service"],
}
CONTENT = ("content", "both", "silent-edit")


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory):
    if not (CORPUS / "ota" / "docs").is_dir():
        pytest.skip(f"../shared/corpus not found at {CORPUS}: real-data tests need it")
    directory = tmp_path_factory.mktemp("stats")
    archive, entries = ArchiveStore(), []
    for organisation, documents in DOCUMENTS.items():
        for document in documents:
            _, service, kind = document.split("--")
            url = f"https://{service}.example/{kind}"
            load_ota_history(archive, CORPUS / "ota" / "docs" / document, url=url)
            entries.append({"name": f"{service}-{kind}", "url": url, "organisation": organisation})
    (directory / "policies.yaml").write_text(yaml.safe_dump({"policies": entries}))
    with WaybackServer(archive) as server:
        result = backfill(directory, server)
    assert result.returncode == 0, result.stdout + result.stderr
    return directory / "pw.db"


def expected_counts(db, since: str = "") -> dict[str, dict[str, int]]:
    """The counts worked out from the version rows themselves: consecutive versions, the
    stated dates they carry, and when the old text was last captured."""
    store = open_database(db)
    counts: dict[str, dict[str, int]] = {}
    for policy in store.query("SELECT id, name FROM policies"):
        versions = store.versions(policy["id"])
        row = dict.fromkeys(("content_changes", "announced", "silent", "undated", "backdated"), 0)
        for old, new in itertools.pairwise(versions):
            change = store.change_into(new["id"])
            flip_flop = "flip_flop" in json.loads(change["flags"])
            if change["kind"] not in CONTENT or flip_flop or new["first_seen"] < since:
                continue
            row["content_changes"] += 1
            stated_old, stated_new = old["effective_date"], new["effective_date"]
            if stated_new and stated_new != stated_old:
                row["announced"] += 1
                last_old = date.fromisoformat(old["last_seen"][:10])
                row["backdated"] += date.fromisoformat(stated_new) < last_old
            elif stated_old and stated_old == stated_new:
                row["silent"] += 1
            else:
                row["undated"] += 1
        if row["content_changes"]:
            counts[policy["name"]] = row
    store.close()
    return counts


def test_stats_count_announced_silent_and_backdated_changes(backfilled, run_cli):
    rows = json.loads(run_cli("stats", "--db", str(backfilled), "--format", "json").stdout)
    got = {
        row["policy"]: {key: row[key] for key in expected_counts(backfilled)[row["policy"]]}
        for row in rows
    }
    assert got == expected_counts(backfilled)
    bumble = next(row for row in rows if row["policy"] == "bumble-privacy-policy")
    npm = next(row for row in rows if row["policy"] == "npm-public-registry-terms-of-service")
    # What these real histories hold: announced and backdated changes, and silent ones.
    assert bumble["organisation"] == "Bumble"
    assert bumble["announced"] >= 2 and bumble["backdated"] >= 1
    assert bumble["median_days_to_effective"] is not None
    assert npm["silent"] >= 2 and npm["announced"] == 0
    assert npm["median_days_to_effective"] is None
    for row in rows:
        assert row["content_changes"] == row["announced"] + row["silent"] + row["undated"]
    store = open_database(backfilled)
    view = store.query("SELECT * FROM change_stats ORDER BY organisation, policy")
    store.close()
    assert [{k: r[k] for k in rows[0]} for r in view] == rows


def test_stats_for_one_organisation_since_a_day(backfilled, run_cli):
    db = ["--db", str(backfilled), "--format", "json"]
    only = json.loads(run_cli("stats", "--organisation", "npm", *db).stdout)
    assert {row["organisation"] for row in only} == {"npm"}
    everything = json.loads(run_cli("stats", *db).stdout)
    dates = sorted(row["last_change"] for row in everything)
    since = dates[len(dates) // 2][:10]
    later = json.loads(run_cli("stats", "--since", since, *db).stdout)
    expected = expected_counts(backfilled, since + "T00:00:00Z")
    assert {row["policy"]: row["content_changes"] for row in later} == {
        name: row["content_changes"] for name, row in expected.items()
    }
    assert sum(row["content_changes"] for row in later) < sum(
        row["content_changes"] for row in everything
    )
    text = run_cli("stats", "--db", str(backfilled)).stdout.splitlines()
    assert text[0].split()[:6] == [
        "policy",
        "organisation",
        "changes",
        "announced",
        "silent",
        "undated",
    ]
    bad = run_cli("stats", "--since", "last week", "--db", str(backfilled), check=False)
    assert bad.returncode == 1 and "not a date" in bad.stderr
