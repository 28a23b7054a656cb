"""The wayback spider's correctness and politeness against the local Wayback server: what it
must never store, how it pauses on 429s and refused connections, CDX paging and pacing."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from crawler.extraction import ExtractOptions, extract
from crawler.extraction.decoding import decode_body
from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from crawler.storage import open_database
from crawler.wayback.cdx import parse_page
from crawler.wayback.cleanup import strip_wayback_decoration
from tests.support.backfill_helpers import (
    POLICY_URL,
    SITE,
    IndexAheadOfReplay,
    backfill,
    capture_requests,
    cdx_requests,
    edition,
    fetch_outcomes,
    start_backfill,
    wait_for,
    write_watchlist,
)
from tests.support.paths import CORPUS


def stored_counts(directory: Path) -> tuple[int, int]:
    store = open_database(directory / "pw.db")
    counts = store.query(
        "SELECT (SELECT count(*) FROM snapshots) AS snapshots, "
        "(SELECT count(*) FROM versions) AS versions"
    )[0]
    store.close()
    return counts["snapshots"], counts["versions"]


def test_archive_answers_that_are_not_versions_are_logged_never_stored(tmp_path):
    archive = IndexAheadOfReplay()
    urls = {name: f"{SITE}/{name}" for name in ("excluded", "elsewhere", "error-500", "gone-404")}
    archive.add_capture(urls["excluded"], "20190101000000", edition(1))
    archive.exclude(urls["excluded"])
    # Listed in 2019, but replay only has 2015: the inexact 302 lands outside --from 2018.
    archive.add_capture(urls["elsewhere"], "20150101000000", edition(1))
    archive.list_only(urls["elsewhere"], "20190601000000")
    # Listed as 200, but the nearest capture replayed is the site's own error of that day.
    archive.add_capture(urls["error-500"], "20190301000000", b"<h1>Oops</h1>", status=500)
    archive.list_only(urls["error-500"], "20190302000000")
    archive.add_capture(urls["gone-404"], "20190401000000", b"<h1>Not here</h1>", status=404)
    archive.list_only(urls["gone-404"], "20190402000000")
    write_watchlist(tmp_path, urls)

    with WaybackServer(archive) as server:
        result = backfill(tmp_path, server, "--from", "2018")
        landings = [p for p in capture_requests(server) if "20190301000000" in p]
        seen = len(server.requests)
        again = backfill(tmp_path, server, "--from", "2018")
        refetched = capture_requests(server, after=seen)

    assert result.returncode == 1
    assert stored_counts(tmp_path) == (0, 0)
    outcomes = fetch_outcomes(tmp_path)
    assert outcomes["excluded"][0] == "wayback-excluded"
    assert outcomes["elsewhere"][0] == "wayback-outside-window"
    assert outcomes["error-500"][0] == "wayback-archived-error"
    assert outcomes["gone-404"][0] == "wayback-archived-error"
    assert len(landings) == 1  # an archived 500 is that day's page: never retried
    assert "wayback-outside-window" in result.stdout
    # A capture never changes: settled answers are not fetched again; exclusion may be lifted.
    assert again.returncode == 1
    assert refetched == [f"/web/20190101000000id_/{urls['excluded']}"]


def test_answer_without_memento_datetime_is_not_stored(tmp_path):
    archive = ArchiveStore()
    first, second = f"{SITE}/privacy", f"{SITE}/terms"
    archive.add_capture(first, "20190101000000", edition(1))
    archive.add_capture(second, "20190101000000", edition(2))
    write_watchlist(tmp_path, {"privacy": first, "terms": second})
    with WaybackServer(archive) as server:
        # Captures one second apart leave time to arm the failure for the second capture.
        process = start_backfill(tmp_path, server, "-s", "POLICYWATCH_WAYBACK_CAPTURE_INTERVAL=1")
        wait_for(lambda: len(cdx_requests(server)) == 2)
        server.fail_next(1, status=200)  # a bare 200 page, no Memento-Datetime
        stdout, _ = process.communicate(timeout=60)
    assert process.returncode == 1, stdout
    assert fetch_outcomes(tmp_path) == {"privacy": ["new-version"], "terms": ["wayback-no-memento"]}
    assert stored_counts(tmp_path) == (1, 1)


def test_429_burst_stops_all_traffic_then_backs_off_exponentially(tmp_path):
    archive = ArchiveStore()
    for number, timestamp in enumerate(("20180101000000", "20190101000000"), start=1):
        archive.add_capture(POLICY_URL, timestamp, edition(number))
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    with WaybackServer(archive) as server:
        server.fail_next(3, status=429)
        result = backfill(tmp_path, server, "-s", "POLICYWATCH_WAYBACK_BLOCK_PAUSE=0.4")
        times = [r.time for r in server.requests]
        paths = [r.path for r in server.requests]
    assert result.returncode == 0, result.stdout + result.stderr
    # Three refused CDX searches, then the same search and both captures.
    assert paths[:4] == ["/cdx/search/cdx"] * 4 and len(paths) == 6
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert gaps[0] >= 0.4 and gaps[1] >= 0.8 and gaps[2] >= 1.6
    assert fetch_outcomes(tmp_path) == {"harbourlane-privacy": ["new-version", "new-version"]}


def test_refused_connections_after_a_429_are_a_block_not_an_error(tmp_path):
    archive = ArchiveStore()
    archive.add_capture(POLICY_URL, "20180101000000", edition(1))
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    with WaybackServer(archive) as server:
        server.fail_next(1, status=429)
        process = start_backfill(tmp_path, server, "-s", "POLICYWATCH_WAYBACK_BLOCK_PAUSE=0.3")
        wait_for(lambda: len(server.requests) == 1)
        server.refuse_connections(True)  # the firewall an ignored 429 earns
        time.sleep(1.5)  # longer than the first two pauses (0.3 s, then 0.6 s)
        server.refuse_connections(False)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stdout + stderr
    assert fetch_outcomes(tmp_path) == {"harbourlane-privacy": ["new-version"]}


def test_gives_up_when_the_archive_keeps_refusing_and_resumes_later(tmp_path):
    archive = ArchiveStore()
    archive.add_capture(POLICY_URL, "20180101000000", edition(1))
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    pauses = (
        "-s",
        "POLICYWATCH_WAYBACK_BLOCK_PAUSE=0.05",
        "-s",
        "POLICYWATCH_WAYBACK_MAX_BLOCKS=2",
    )
    with WaybackServer(archive) as server:
        server.fail_next(10, status=429)
        result = backfill(tmp_path, server, *pauses)
        assert len(server.requests) == 3  # the first try and one after each of two pauses
    assert result.returncode == 1
    assert fetch_outcomes(tmp_path) == {"harbourlane-privacy": ["wayback-blocked"]}
    assert stored_counts(tmp_path) == (0, 0)


def test_cdx_pages_are_followed_by_resume_key_and_spaced_apart(tmp_path):
    archive = ArchiveStore()
    timestamps = [f"20{15 + n}0101000000" for n in range(5)]
    for number, timestamp in enumerate(timestamps, start=1):
        archive.add_capture(POLICY_URL, timestamp, edition(number))
    write_watchlist(tmp_path, {"harbourlane-privacy": POLICY_URL})
    paging = (
        "-s",
        "POLICYWATCH_WAYBACK_CDX_PAGE_SIZE=2",
        "-s",
        "POLICYWATCH_WAYBACK_CDX_INTERVAL=0.3",
    )
    with WaybackServer(archive) as server:
        result = backfill(tmp_path, server, *paging)
        searches = cdx_requests(server)
        fetched = capture_requests(server)
    assert result.returncode == 0, result.stderr
    assert len(searches) >= 3
    assert "resumeKey" not in searches[0].query
    assert all("resumeKey" in search.query for search in searches[1:])
    gaps = [b.time - a.time for a, b in itertools.pairwise(searches)]
    assert min(gaps) >= 0.3
    assert fetched == [f"/web/{ts}id_/{POLICY_URL}" for ts in timestamps]


def test_view_mode_page_extracts_like_the_raw_capture_once_stripped():
    archive = ArchiveStore()
    archive.add_capture(POLICY_URL, "20190101000000", edition(3))
    with WaybackServer(archive) as server:
        view = urlopen(f"{server.base_url}/web/20190101000000/{POLICY_URL}").read()
        raw = urlopen(f"{server.base_url}/web/20190101000000id_/{POLICY_URL}").read()
        base = server.base_url
    assert b"BEGIN WAYBACK TOOLBAR INSERT" in view

    def markdown(body: bytes) -> str:
        return extract(
            decode_body(body, "text/html"), ExtractOptions(url=POLICY_URL)
        ).document.markdown

    stripped = strip_wayback_decoration(view, base)
    assert markdown(stripped) == markdown(raw)
    assert b"/web/" not in stripped
    assert markdown(view) != markdown(raw)  # the rewritten links would have leaked in


def recorded_cdx_table(name: str) -> list[list[str]]:
    path = CORPUS / "wayback" / f"{name}.body"
    if not path.is_file():
        pytest.skip(f"../shared/corpus not found: no {path}")
    header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    lines = path.read_text(encoding="utf-8").splitlines()
    return [header] + [line.split(" ") for line in lines if line.strip()]


@pytest.mark.parametrize("name", ["test_search.00", "test_search_does_not_repeat_results.00"])
def test_cdx_parser_keeps_only_distinct_html_200_rows_of_real_answers(name):
    table = recorded_cdx_table(name)
    rows, resume_key = parse_page(json.dumps(table).encode())
    wanted = {r[1] for r in table[1:] if r[4] == "200" and r[3] == "text/html"}
    assert resume_key == ""
    assert rows and {row.timestamp for row in rows} == wanted
    assert all(row.digest and row.original.startswith("http") for row in rows)


def test_cdx_parser_reads_the_real_resume_key():
    table = recorded_cdx_table("test_search_multipage.00")
    path = CORPUS / "wayback" / "test_search_multipage.00.body"
    key = path.read_text(encoding="utf-8").splitlines()[-1]
    rows, resume_key = parse_page(json.dumps([*table[:-1], [], [key]]).encode())
    assert resume_key == "com%2Ccnn%29%2F+2001041400593%3A"
    assert rows[-1].timestamp == "20010414005939"
