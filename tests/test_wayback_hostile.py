"""A hostile or broken archive: impossible capture dates and malformed CDX answers are typed
outcomes of one policy, never versions, and never stop the back-fill of the others."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from crawler.storage import open_database
from crawler.wayback.cdx import CdxReplyError, parse_page
from tests.support.backfill_helpers import (
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

CDX_HEADER = ["timestamp", "original", "mimetype", "statuscode", "digest"]


def capture_times(directory: Path) -> list[str]:
    store = open_database(directory / "pw.db")
    rows = store.query("SELECT captured_at FROM snapshots ORDER BY captured_at")
    store.close()
    return [row["captured_at"] for row in rows]


@pytest.mark.parametrize("impossible", ["20990101000000", "09990101000000"])
def test_a_capture_dated_in_the_future_or_impossibly_is_never_stored(tmp_path, impossible):
    archive = IndexAheadOfReplay()
    url, other = f"{SITE}/privacy", f"{SITE}/terms"
    # Listed in 2019, but the replay's nearest capture carries the impossible date.
    archive.add_capture(url, impossible, edition(2))
    archive.list_only(url, "20190101000000")
    archive.add_capture(other, "20180101000000", edition(1))
    write_watchlist(tmp_path, {"privacy": url, "terms": other})

    with WaybackServer(archive) as server:
        result = backfill(tmp_path, server)
        fetched = capture_requests(server)

    assert capture_times(tmp_path) == ["2018-01-01T00:00:00Z"], result.stdout + result.stderr
    assert fetch_outcomes(tmp_path)["privacy"][0] == "wayback-bad-date"
    assert "Traceback" not in result.stderr
    if impossible.startswith("2099"):
        # Its CDX row is junk too: fetched once as the redirect's landing, never as a row.
        assert fetched.count(f"/web/{impossible}id_/{url}") == 1


@pytest.mark.parametrize(
    "header",
    [
        "Fri, 31 Dec 9999 23:00:00 -0500",  # past year 9999 in UTC
        "Mon, 01 Jan 2019 00:00:00 +9999",  # an offset of four days
        "yesterday",
    ],
)
def test_a_broken_memento_datetime_is_a_bad_date_and_the_backfill_goes_on(tmp_path, header):
    archive = ArchiveStore()
    names = ("privacy", "terms", "cookies")
    for number, name in enumerate(names, start=1):
        archive.add_capture(f"{SITE}/{name}", "20190101000000", edition(number))
    write_watchlist(tmp_path, {name: f"{SITE}/{name}" for name in names})
    with WaybackServer(archive) as server:
        # Captures one second apart leave time to arm the answer for the second capture.
        process = start_backfill(tmp_path, server, "-s", "POLICYWATCH_WAYBACK_CAPTURE_INTERVAL=1")
        wait_for(lambda: len(cdx_requests(server)) == 2)
        server.fail_next(1, status=200, body=edition(2), headers={"Memento-Datetime": header})
        stdout, stderr = process.communicate(timeout=60)
    assert fetch_outcomes(tmp_path) == {
        "privacy": ["new-version"],
        "terms": ["wayback-bad-date"],
        "cookies": ["new-version"],
    }, stdout + stderr[-3000:]
    assert capture_times(tmp_path) == ["2019-01-01T00:00:00Z"] * 2


def test_cdx_rows_dated_in_the_future_are_dropped():
    rows = [
        CDX_HEADER,
        ["20180101000000", f"{SITE}/privacy", "text/html", "200", "AAAA"],
        ["20990101000000", f"{SITE}/privacy", "text/html", "200", "BBBB"],
        [datetime.now(UTC).strftime("%Y%m%d%H%M%S"), f"{SITE}/privacy", "text/html", "200", "C"],
    ]
    parsed, _ = parse_page(json.dumps(rows).encode())
    assert [row.digest for row in parsed] == ["AAAA", "C"]


MALFORMED_CDX = {
    "a bare number in a list": b"[1]",
    "200 kB of open brackets": b"[" * 200_000,
    "a header of numbers": b"[[1, 2, 3], [4, 5, 6]]",
    "a resume key that is not a row": b'[["timestamp"], [], 7]',
    "not UTF-8": b"\xff\xfe[[",
    "an object": b'{"timestamp": 1}',
}


@pytest.mark.parametrize("body", MALFORMED_CDX.values(), ids=MALFORMED_CDX.keys())
def test_malformed_cdx_answers_raise_one_error_type(body):
    with pytest.raises(CdxReplyError):
        parse_page(body)


@pytest.mark.parametrize("body", [b"[1]", b"[" * 200_000], ids=["number", "brackets"])
def test_a_malformed_cdx_answer_skips_one_policy_and_the_next_is_backfilled(tmp_path, body):
    archive = ArchiveStore()
    first, second = f"{SITE}/privacy", f"{SITE}/terms"
    archive.add_capture(first, "20190101000000", edition(1))
    archive.add_capture(second, "20190101000000", edition(2))
    write_watchlist(tmp_path, {"privacy": first, "terms": second})

    with WaybackServer(archive) as server:
        server.fail_next(1, status=200, body=body)  # the first CDX search: privacy's
        result = backfill(tmp_path, server)

    assert fetch_outcomes(tmp_path) == {
        "privacy": ["wayback-bad-reply"],
        "terms": ["new-version"],
    }, result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
