"""`policywatch backfill` end to end: real crawls in a subprocess against the local Wayback
server, checked in the SQLite file and in the server's request log."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest

from crawler.sandbox.siteserver import Page
from crawler.sandbox.wayback import ArchiveStore, WaybackServer, load_ota_history
from crawler.storage import open_database
from crawler.wayback.progress import BackfillProgress
from tests.support.backfill_helpers import (
    POLICY_URL,
    backfill,
    capture_requests,
    cdx_requests,
    edition,
    start_backfill,
    wait_for,
    write_watchlist,
)
from tests.support.paths import CORPUS, FAST_SETTINGS

OTA_DOC = "demo--github--terms-of-service"


def iso(timestamp: str) -> str:
    return datetime.strptime(timestamp, "%Y%m%d%H%M%S").strftime("%Y-%m-%dT%H:%M:%SZ")


def database(directory: Path):
    return open_database(directory / "pw.db")


@pytest.fixture
def archive():
    """Harbour Lane Bakery's policy as archived: editions 1, 1 again, 2 and 3, plus captures
    the CDX filters must keep away (a PDF, an archived 404)."""
    store = ArchiveStore()
    store.add_capture(POLICY_URL, "20170301101500", edition(1))
    store.add_capture(POLICY_URL, "20170915080000", edition(1))  # same digest: collapsed
    store.add_capture(POLICY_URL, "20180110000000", b"%PDF-1.4", mimetype="application/pdf")
    store.add_capture(POLICY_URL, "20190512093000", edition(2))
    store.add_capture(POLICY_URL, "20200101000000", b"gone", status=404)
    store.add_capture(POLICY_URL, "20210228234500", edition(3))
    with WaybackServer(store) as server:
        yield server


def test_backfill_records_each_edition_with_provenance(tmp_path, archive):
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    result = backfill(tmp_path, archive)
    assert result.returncode == 0, result.stderr
    assert "3 new-version" in result.stdout

    # The CDX search asked only for 200 HTML captures, digests collapsed; then raw captures.
    (search,) = cdx_requests(archive)
    assert sorted(search.query["filter"]) == ["mimetype:text/html", "statuscode:200"]
    assert search.query["collapse"] == ["digest"]
    stamps = ("20170301101500", "20190512093000", "20210228234500")
    assert capture_requests(archive) == [f"/web/{ts}id_/{POLICY_URL}" for ts in stamps]

    store = database(tmp_path)
    policy = store.policy("harbourlane-privacy")
    versions = store.versions(policy["id"])
    assert [v["first_seen"] for v in versions] == [
        "2017-03-01T10:15:00Z",
        "2019-05-12T09:30:00Z",
        "2021-02-28T23:45:00Z",
    ]
    assert {v["source"] for v in versions} == {"wayback"}
    assert "Cookies" not in versions[0]["markdown"] and "Cookies" in versions[1]["markdown"]
    digests = {c.timestamp: c.digest for c in archive.store.captures_of(POLICY_URL)}
    for version in versions:
        snapshot = store.query("SELECT * FROM snapshots WHERE id = ?", [version["snapshot_id"]])[0]
        timestamp = "".join(ch for ch in version["first_seen"] if ch.isdigit())
        assert snapshot["source"] == "wayback"
        assert snapshot["captured_at"] == version["first_seen"]
        assert snapshot["capture_url"] == f"{archive.base_url}/web/{timestamp}id_/{POLICY_URL}"
        assert snapshot["cdx_digest"] == digests[timestamp]
        assert store.raw_body(snapshot["raw_hash"]) == edition(versions.index(version) + 1)
    changes = store.changes(policy["id"])
    assert [(c["from_version_id"], c["to_version_id"]) for c in changes] == [
        (versions[0]["id"], versions[1]["id"]),
        (versions[1]["id"], versions[2]["id"]),
    ]
    assert [c["historical"] for c in changes] == [1, 1]
    assert changes[0]["sections_added"] == 1  # the Cookies section
    assert changes[1]["sections_modified"] >= 2  # retention and newsletter


def test_second_run_fetches_nothing_new(tmp_path, archive):
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    assert backfill(tmp_path, archive).returncode == 0
    first = database(tmp_path).query("SELECT count(*) AS n FROM snapshots")[0]["n"]
    seen = len(archive.requests)

    again = backfill(tmp_path, archive)

    assert again.returncode == 0, again.stderr
    assert capture_requests(archive, after=seen) == []
    assert len(cdx_requests(archive, after=seen)) == 1  # new captures are still looked for
    assert "nothing new" in again.stdout
    assert database(tmp_path).query("SELECT count(*) AS n FROM snapshots")[0]["n"] == first


def test_wider_window_fetches_only_the_captures_not_stored(tmp_path, archive):
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    assert backfill(tmp_path, archive, "--from", "2019").returncode == 0
    assert capture_requests(archive) == [
        f"/web/{ts}id_/{POLICY_URL}" for ts in ("20190512093000", "20210228234500")
    ]
    seen = len(archive.requests)

    assert backfill(tmp_path, archive).returncode == 0

    assert capture_requests(archive, after=seen) == [f"/web/20170301101500id_/{POLICY_URL}"]
    store = database(tmp_path)
    policy = store.policy("harbourlane-privacy")
    changes = store.changes(policy["id"])
    assert len(store.versions(policy["id"])) == 3 and len(changes) == 2
    assert changes[0]["changed_at"] == "2019-05-12T09:30:00Z"  # recomputed from the 2017 text


def test_every_year_keeps_one_capture_per_year_and_says_how_many_it_skipped(tmp_path):
    store = ArchiveStore()
    for timestamp, number in [
        ("20170301000000", 1),
        ("20170901000000", 2),
        ("20171201000000", 3),
        ("20180401000000", 4),
    ]:
        store.add_capture(POLICY_URL, timestamp, edition(number))
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    with WaybackServer(store) as server:
        result = backfill(tmp_path, server, "--every", "year")
        assert capture_requests(server) == [
            f"/web/{ts}id_/{POLICY_URL}" for ts in ("20170301000000", "20180401000000")
        ]
    assert result.returncode == 0, result.stderr
    assert "2 distinct captures skipped" in result.stdout


def test_a_killed_run_loses_nothing_and_resumes(tmp_path):
    store = ArchiveStore()
    timestamps = [f"20{10 + n}0601000000" for n in range(8)]
    for number, timestamp in enumerate(timestamps, start=1):
        store.add_capture(POLICY_URL, timestamp, edition(number))
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    with WaybackServer(store) as server:
        slow = ("-s", "POLICYWATCH_WAYBACK_CAPTURE_INTERVAL=0.3")
        process = start_backfill(tmp_path, server, *slow)
        wait_for(lambda: len(capture_requests(server)) >= 4)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        stored = database(tmp_path).query("SELECT captured_at FROM snapshots ORDER BY captured_at")
        assert 3 <= len(stored) < len(timestamps)
        seen = len(server.requests)

        assert backfill(tmp_path, server).returncode == 0

        refetched = capture_requests(server, after=seen)
    stored_times = {row["captured_at"] for row in stored}
    assert not [path for path in refetched if iso(path.split("/")[2][:14]) in stored_times]
    assert len(refetched) == len(timestamps) - len(stored)
    db = database(tmp_path)
    policy = db.policy("harbourlane-privacy")
    assert [v["first_seen"] for v in db.versions(policy["id"])] == [iso(t) for t in timestamps]
    assert len(db.changes(policy["id"])) == len(timestamps) - 1


def test_an_older_capture_slots_between_live_versions(tmp_path, site, run_cli):
    site.pages["/privacy"] = Page(edition(1))
    url = site.url("/privacy")
    write_watchlist(tmp_path, {"harbourlane-privacy": url})
    crawl = ["crawl", "--db", str(tmp_path / "pw.db"), "--watchlist", "policies.yaml"]
    run_cli(*crawl, *FAST_SETTINGS)
    time.sleep(1.1)  # capture times have one-second resolution
    between = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    time.sleep(1.1)
    site.pages["/privacy"] = Page(edition(3))
    run_cli(*crawl, *FAST_SETTINGS)
    store = database(tmp_path)
    policy = store.policy("harbourlane-privacy")
    (live_change,) = store.changes(policy["id"])
    assert live_change["historical"] == 0

    archive = ArchiveStore()
    archive.add_capture(url, between, edition(2))
    with WaybackServer(archive) as server:
        assert backfill(tmp_path, server).returncode == 0

    store = database(tmp_path)
    versions = store.versions(policy["id"])
    assert [v["source"] for v in versions] == ["live", "wayback", "live"]
    assert versions[1]["first_seen"] == iso(between)
    changes = store.changes(policy["id"])
    assert [(c["from_version_id"], c["to_version_id"], c["historical"]) for c in changes] == [
        (versions[0]["id"], versions[1]["id"], 1),
        (versions[1]["id"], versions[2]["id"], 0),
    ]
    # The change into the newest live version now starts from the archived edition 2, which
    # already has the Cookies section the live edition 1 lacked.
    assert live_change["sections_added"] == 1 and changes[1]["sections_added"] == 0


@pytest.mark.usefixtures("corpus")
def test_real_history_from_open_terms_archive(tmp_path):
    doc = CORPUS / "ota" / "docs" / OTA_DOC
    if not (doc / "snapshots.json").is_file():
        pytest.skip(f"../shared/corpus not found: no {doc}/snapshots.json")
    url = "https://docs.github.com/en/site-policy/github-terms/github-terms-of-service"
    store = ArchiveStore()
    captures = load_ota_history(store, doc, url=url)
    write_watchlist(tmp_path, {"github-terms": url})
    with WaybackServer(store) as server:
        result = backfill(tmp_path, server)
        fetched = capture_requests(server)
    assert result.returncode == 0, result.stdout + result.stderr

    distinct = [c for i, c in enumerate(captures) if i == 0 or c.digest != captures[i - 1].digest]
    assert fetched == [f"/web/{c.timestamp}id_/{url}" for c in distinct]
    db = database(tmp_path)
    policy = db.policy("github-terms")
    snapshots = db.query(
        "SELECT captured_at, cdx_digest, raw_hash FROM snapshots WHERE policy_id = ? "
        "ORDER BY captured_at",
        [policy["id"]],
    )
    assert [s["captured_at"] for s in snapshots] == [iso(c.timestamp) for c in distinct]
    assert [s["cdx_digest"] for s in snapshots] == [c.digest for c in distinct]
    assert [db.raw_body(s["raw_hash"]) for s in snapshots] == [c.body for c in distinct]
    versions = db.versions(policy["id"])
    assert len(versions) >= 2
    assert all(v["word_count"] > 1000 for v in versions)  # the whole terms, not a fragment
    changes = db.changes(policy["id"])
    assert len(changes) == len(versions) - 1
    assert all(c["historical"] == 1 for c in changes)


def test_progress_is_a_live_line_per_policy_on_a_terminal_and_log_lines_otherwise():
    for tty in (True, False):
        stream = StringIO()
        progress = BackfillProgress(stream, tty=tty)
        progress.plan("harbourlane-privacy", total=20, stored_before=3, sampled_out=2)
        for _ in range(20):
            progress.advance("harbourlane-privacy")
        progress.close()
        text = stream.getvalue()
        assert "harbourlane-privacy: done in " in text
        if tty:
            # rich redraws the policy's line in place (cursor movements), ending at 20/20 and
            # the cursor shown again.
            assert text.count("\x1b[2K") > 20 and "20/20" in text
            assert "20 captures to fetch (3 already stored" in text
            assert text.endswith("\x1b[?25h")
        else:
            assert text.endswith("\n")
            assert text.startswith(
                "backfill: harbourlane-privacy: 20 captures to fetch (3 already stored, "
            )
            assert "2 distinct captures skipped by --every" in text
            assert "\r" not in text and "\x1b[" not in text
            assert text.count("captures, ETA") == 10  # every tenth of the way


def test_relative_links_resolve_against_the_archived_page_not_the_capture_address(tmp_path):
    relative = edition(1).replace(b"https://www.harbourlane-bakery.example/contact", b"contact")
    store = ArchiveStore()
    store.add_capture(POLICY_URL, "20190101000000", relative)
    # The same page on another day, a different body only by a comment outside the text.
    store.add_capture(POLICY_URL, "20190601000000", relative + b"<!-- served by node 2 -->")
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    with WaybackServer(store) as server:
        assert backfill(tmp_path, server).returncode == 0

    db = database(tmp_path)
    (version,) = db.versions(db.policy("harbourlane-privacy")["id"])
    assert "(https://www.harbourlane-bakery.example/contact)" in version["markdown"]
    assert version["last_seen"] == "2019-06-01T00:00:00Z"
