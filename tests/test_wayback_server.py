"""Replay and misbehaviour switches of the local Wayback server, over real HTTP."""

import json
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from crawler.sandbox.wayback import ArchiveStore, WaybackServer, load_ota_history
from tests.support.wayback_recordings import (
    CORPUS,
    REAL_BASE,
    fetch,
    header,
    local_path,
    original_headers,
    recording,
    seed_link_neighbours,
)

FWS = "https://www.fws.gov/birds/"
PRIVACY = "https://www.example-fictional.test/privacy"


def store_with_recorded_capture(name: str, **capture) -> tuple[ArchiveStore, dict, bytes]:
    """The recorded capture (body, status, original headers) plus its Link neighbours."""
    meta, body = recording(name)
    store = ArchiveStore()
    url, timestamp = capture.pop("url"), capture.pop("timestamp")
    # The archive passes the site's Content-Type through as its own Content-Type.
    site_headers = {**original_headers(meta), "Content-Type": header(meta, "content-type")}
    store.add_capture(url, timestamp, body, meta["status"], headers=site_headers, **capture)
    seed_link_neighbours(store, meta)
    return store, meta, body


def test_exact_capture_replays_like_the_recording():
    store, meta, recorded = store_with_recorded_capture(
        "test_get_memento.00", url=FWS, timestamp="20171124151315"
    )
    with WaybackServer(store) as server:
        status, headers, body = fetch(server.base_url + local_path(meta))
        assert (status, body) == (200, recorded)
        assert headers["Content-Type"] == header(meta, "content-type")
        assert headers["Memento-Datetime"] == header(meta, "memento-datetime")
        assert headers["Link"] == header(meta, "link").replace(REAL_BASE, server.base_url)
        assert headers["X-Archive-Orig-date"] == header(meta, "x-archive-orig-date")


@pytest.mark.parametrize(
    "name",
    [
        "test_get_memento_with_inexact_string_datetime.00",
        "test_get_memento_target_window.00",
        "test_get_memento_with_date_datetime.00",
    ],
)
def test_inexact_timestamp_redirects_to_nearest_without_memento(name):
    store, _, _ = store_with_recorded_capture(
        "test_get_memento.00", url=FWS, timestamp="20171124151315"
    )
    meta, _ = recording(name)
    with WaybackServer(store) as server:
        status, headers, body = fetch(server.base_url + local_path(meta))
    assert (status, body) == (302, b"") and meta["status"] == 302
    assert headers["Location"] == header(meta, "location").replace(REAL_BASE, server.base_url)
    assert headers["X-Archive-Redirect-Reason"] == header(meta, "x-archive-redirect-reason")
    assert "Memento-Datetime" not in headers and header(meta, "memento-datetime") is None


def test_archived_redirect_keeps_status_and_memento():
    name = "test_get_memento_follows_historical_redirects.01"
    store, meta, recorded = store_with_recorded_capture(
        name,
        url="https://www.epa.gov/climatechange",
        timestamp="20200201023757",
        mimetype="text/html",
        redirect_to="https://www.epa.gov/sites/production/files/signpost/cc.html",
    )
    with WaybackServer(store) as server:
        status, headers, body = fetch(server.base_url + local_path(meta))
        assert (status, body) == (301, recorded)
        assert headers["Location"] == header(meta, "location").replace(REAL_BASE, server.base_url)
        assert headers["Memento-Datetime"] == header(meta, "memento-datetime")
        assert headers["Content-Type"] == header(meta, "content-type")
        # View mode shows the archive's notice page instead, without Memento-Datetime.
        status, headers, body = fetch(server.base_url + local_path(meta).replace("id_/", "/"))
        assert status == 200 and "Memento-Datetime" not in headers
        assert b"Got an HTTP 301 response at crawl time" in body


def test_archived_429_replays_with_its_status_and_memento():
    name = "test_get_memento_works_on_archived_rate_limit_responses.00"
    store, meta, recorded = store_with_recorded_capture(
        name, url="http://www.reddit.com/r/PokemonGiveaway", timestamp="20150129034904"
    )
    with WaybackServer(store) as server:
        status, headers, body = fetch(server.base_url + local_path(meta))
    assert (status, body) == (429, recorded)
    assert headers["Memento-Datetime"] == header(meta, "memento-datetime")
    assert headers["X-Archive-Orig-retry-after"] == "6"  # the site's header, not the archive's


def test_not_archived_is_404_and_excluded_is_200_both_without_memento():
    missing_meta, missing_real = recording("test_get_memento_raises_no_memento_error.00")
    excluded_meta, excluded_real = recording("test_get_memento_raises_blocked_error.00")
    store = ArchiveStore()
    store.exclude("https://nationalpost.com/health/")
    with WaybackServer(store) as server:
        for meta, real, phrase in [
            (missing_meta, missing_real, b"The Wayback Machine has not archived that URL."),
            (excluded_meta, excluded_real, b"This URL has been excluded from the Wayback Machine."),
        ]:
            status, headers, body = fetch(server.base_url + local_path(meta))
            assert status == meta["status"]
            assert headers["Content-Type"] == header(meta, "content-type")
            assert phrase in body and phrase in real
            assert "Memento-Datetime" not in headers and header(meta, "memento-datetime") is None


def test_view_mode_injects_toolbar_and_rewrites_links():
    page = (
        b"<html><head><title>Privacy</title></head><body><h1>Privacy</h1>"
        b'<a href="/terms">Terms</a> <a href="https://other.test/x">x</a>'
        b'<img src="logo.png"></body></html>'
    )
    store = ArchiveStore()
    store.add_capture(PRIVACY, "20190101000000", page)
    _, real_view = recording("test_get_memento_with_mode.00")
    with WaybackServer(store) as server:
        _, _, raw = fetch(f"{server.base_url}/web/20190101000000id_/{PRIVACY}")
        status, headers, view = fetch(f"{server.base_url}/web/20190101000000/{PRIVACY}")
    assert raw == page
    assert status == 200 and "Memento-Datetime" in headers
    for marker in (
        b"<!-- BEGIN WAYBACK TOOLBAR INSERT -->",
        b"<!-- END WAYBACK TOOLBAR INSERT -->",
        b'<div id="wm-ipp-base"',
        b"<!-- End Wayback Rewrite JS Include -->",
        b"FILE ARCHIVED ON",
    ):
        assert marker in view and marker in real_view
    assert b'href="/web/20190101000000/https://www.example-fictional.test/terms"' in view
    assert f'href="{server.base_url}/web/20190101000000/https://other.test/x"'.encode() in view
    assert b'src="/web/20190101000000im_/https://www.example-fictional.test/logo.png"' in view


def test_fail_next_gives_429_bursts_without_retry_after():
    store = ArchiveStore()
    store.add_capture(PRIVACY, "20190101000000", b"policy")
    with WaybackServer(store) as server:
        server.fail_next(2)
        url = f"{server.base_url}/web/20190101000000id_/{PRIVACY}"
        answers = [fetch(url) for _ in range(3)]
    assert [status for status, _, _ in answers] == [429, 429, 200]
    assert all("Retry-After" not in headers for _, headers, _ in answers)


def test_cdx_rate_limit_answers_429_beyond_the_window():
    with WaybackServer(ArchiveStore(), rate_limit_cdx=(2, 60.0)) as server:
        url = f"{server.base_url}/cdx/search/cdx?url=example-fictional.test&output=json"
        statuses = [fetch(url)[0] for _ in range(3)]
        replay_status = fetch(f"{server.base_url}/web/20190101000000id_/{PRIVACY}")[0]
    assert statuses == [200, 200, 429]
    assert replay_status == 404  # replay is not limited by the CDX window


def test_refused_connections_then_listening_again_on_the_same_port():
    store = ArchiveStore()
    store.add_capture(PRIVACY, "20190101000000", b"policy")
    with WaybackServer(store) as server:
        url = f"{server.base_url}/web/20190101000000id_/{PRIVACY}"
        server.refuse_connections(True)
        with pytest.raises(URLError) as refused:
            urlopen(url, timeout=5)
        assert isinstance(refused.value.reason, ConnectionRefusedError)
        server.refuse_connections(False)
        assert fetch(url)[2] == b"policy"


def test_request_log_records_method_path_query_and_time():
    with WaybackServer(ArchiveStore()) as server:
        before = time.monotonic()
        fetch(f"{server.base_url}/cdx/search/cdx?url=example-fictional.test&filter=a&filter=b")
        fetch(f"{server.base_url}/web/2019id_/{PRIVACY}?lang=en")
    cdx, capture = server.requests
    assert (cdx.method, cdx.path) == ("GET", "/cdx/search/cdx")
    assert cdx.query == {"url": ["example-fictional.test"], "filter": ["a", "b"]}
    assert capture.path == f"/web/2019id_/{PRIVACY}?lang=en" and capture.query == {}
    assert before <= cdx.time <= capture.time


def first_ota_doc_with_snapshots() -> Path:
    docs = sorted((CORPUS / "ota" / "docs").glob("*/snapshots.json"))
    if not docs:
        pytest.skip(f"../shared/corpus not found: no OTA snapshots under {CORPUS / 'ota'}")
    return docs[0].parent


def test_ota_history_is_served_at_its_dates():
    doc = first_ota_doc_with_snapshots()
    snapshots = json.loads((doc / "snapshots.json").read_text(encoding="utf-8"))
    stored = [s for s in snapshots if not s["missing"] and (doc / s["file"]).is_file()]
    store = ArchiveStore()
    captures = load_ota_history(store, doc, url=PRIVACY)
    assert len(captures) == len(stored)
    first = min(stored, key=lambda s: s["date"])
    timestamp = first["date"][:19].replace("-", "").replace("T", "").replace(":", "")
    with WaybackServer(store) as server:
        _, _, body = fetch(f"{server.base_url}/cdx/search/cdx?url={PRIVACY}&output=json")
        status, headers, raw = fetch(f"{server.base_url}/web/{timestamp}id_/{PRIVACY}")
    assert len(json.loads(body)) == len(stored) + 1  # header row first
    assert status == 200 and "Memento-Datetime" in headers
    assert raw == (doc / first["file"]).read_bytes()
